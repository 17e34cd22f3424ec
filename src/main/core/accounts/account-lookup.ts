import { AppError } from '../errors'
import { getProfile } from '../providers/profiles'
import type { ProviderProfile } from '../providers/provider-profile'
import type { AccountContext } from './account-context'
import type { AccountRecord } from './account-registry'

/** The profile with this key, or AppError 'auth/unsupported'. */
export function requireProfile(key: string): ProviderProfile {
  const profile = getProfile(key)
  if (!profile) throw new AppError('auth/unsupported', 'Printdock does not know that provider.')
  return profile
}

/** The account's record, or AppError 'account/not-found'. */
export async function requireRecord(
  ctx: AccountContext,
  accountId: string
): Promise<AccountRecord> {
  const record = await ctx.deps.registry.get(accountId)
  if (!record) throw new AppError('account/not-found', 'That account is not linked.')
  return record
}
