import type { LinkWithSecretRequest } from '../../../shared/ipc/contract'
import type { AccountSummary, CredentialKind } from '../../../shared/models/account'
import { passwordGrant } from '../auth/oauth-client'
import { AppError } from '../errors'
import { resolveEndpoints } from '../providers/profiles'
import { assertLive, type AccountContext } from './account-context'
import { requireProfile } from './account-lookup'
import { fetchIdentity } from './provider-identity'
import { saveAccount } from './save-account'
import { originFor } from './server-endpoints'
import type { PasswordSignInInput } from './service-types'
import { secretFrom } from './stored-secrets'
import { registerAccount } from './zebbra-registration'

/** Linking without the browser: a pasted token, an API key, or a password (with registration). */

/** Verifies a pasted token or API key with the provider, then stores it. */
export async function linkWithSecret(
  ctx: AccountContext,
  request: LinkWithSecretRequest
): Promise<AccountSummary> {
  assertLive(ctx)
  const profile = requireProfile(request.profileKey)
  const credential: CredentialKind = request.kind === 'api-key' ? 'api-key' : 'pasted-token'
  const allowed =
    credential === 'api-key' ? profile.capabilities.apiKey : profile.capabilities.pastedToken
  if (!allowed) {
    throw new AppError(
      'auth/unsupported',
      `${profile.label} does not take ${credential === 'api-key' ? 'an API key' : 'a pasted token'}.`
    )
  }
  const secret = typeof request.secret === 'string' ? request.secret.trim() : ''
  if (secret === '' || /[\s\p{Cc}]/u.test(secret)) {
    throw new AppError('auth/invalid-credentials', 'That does not look like a token or key.')
  }
  const serverOrigin = originFor(ctx, profile, request.serverUrl)
  const endpoints = resolveEndpoints(profile, serverOrigin)
  // Verify before storing (obico-api.md §1.7: admin-issued tokens work with Bearer on users/me).
  const identity = await fetchIdentity(ctx, profile, serverOrigin, endpoints, {
    credential,
    accessToken: secret
  })
  return saveAccount(ctx, {
    profile,
    serverOrigin,
    identity,
    credential,
    secret: { accessToken: secret, tokenType: credential === 'api-key' ? 'key' : 'Bearer' }
  })
}

/** The password grant, after registering the account first when asked to. */
export async function signInWithPassword(
  ctx: AccountContext,
  request: PasswordSignInInput
): Promise<AccountSummary> {
  assertLive(ctx)
  const profile = requireProfile(request.profileKey)
  if (!profile.capabilities.password) {
    throw new AppError(
      'auth/unsupported',
      `${profile.label} does not sign in with a password here.`
    )
  }
  if (request.register && !profile.capabilities.registration) {
    throw new AppError(
      'auth/unsupported',
      `${profile.label} accounts cannot be created from Printdock.`
    )
  }
  const serverOrigin = originFor(ctx, profile, request.serverUrl)
  const endpoints = resolveEndpoints(profile, serverOrigin)
  if (request.register) await registerAccount(ctx, profile, endpoints, request)

  const tokens = await passwordGrant(
    { url: endpoints.token as string, style: profile.token.style, clientAuth: 'none' },
    { username: request.username, password: request.password },
    { http: ctx.http, clock: ctx.deps.clock }
  )
  const identity = await fetchIdentity(ctx, profile, serverOrigin, endpoints, {
    credential: 'password-grant',
    accessToken: tokens.accessToken
  })
  // The password is not kept anywhere: only the issued token goes to the vault.
  return saveAccount(ctx, {
    profile,
    serverOrigin,
    identity,
    credential: 'password-grant',
    secret: secretFrom(profile, tokens, undefined)
  })
}
