import { sanitizeProviderText } from '../auth/authorization-errors'
import { AppError } from '../errors'
import { statusError } from '../providers/adapter-support'
import type { ProviderProfile, ResolvedEndpoints } from '../providers/provider-profile'
import type { AccountContext } from './account-context'
import type { PasswordSignInInput } from './service-types'

/** Zebbra `POST /register` (providers.md §4.2): JSON, exactly one of invite code / new workspace. */
export async function registerAccount(
  ctx: AccountContext,
  profile: ProviderProfile,
  endpoints: ResolvedEndpoints,
  request: PasswordSignInInput
): Promise<void> {
  const details = request.register ?? {}
  const firstName = details.firstName?.trim() || request.username.split('@')[0]
  const lastName = details.lastName?.trim() || '-'
  const body: Record<string, unknown> = {
    username: request.username,
    first_name: firstName,
    last_name: lastName,
    password: request.password
  }
  if (details.inviteCode?.trim()) body.invite_code = details.inviteCode.trim()
  else body.new_workspace_name = details.workspaceName?.trim() || `${firstName}'s workspace`
  const response = await ctx.http.request({
    method: 'POST',
    url: endpoints.register as string,
    body
  })
  if (response.status >= 200 && response.status < 300) return
  let detail: string | undefined
  try {
    const parsed = (JSON.parse(response.text) as { detail?: unknown }).detail
    if (typeof parsed === 'string') detail = parsed.slice(0, 200)
  } catch {
    detail = undefined
  }
  if (response.status === 409 || response.status === 400 || response.status === 422) {
    throw new AppError(
      'auth/provider-error',
      `${profile.label} did not create the account${detail ? `: ${detail}` : ''}.`,
      // "Username already exists" is what the user needs to read, in the server's words.
      { serverSaid: sanitizeProviderText(detail) }
    )
  }
  throw statusError(profile.label, response.status)
}
