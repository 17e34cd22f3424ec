import type { TokenSet } from '../auth/oauth-client'
import { AppError } from '../errors'
import { jwtExpiresAt } from '../providers/jwt'
import type { ProviderProfile } from '../providers/provider-profile'
import type { StoredSecret } from '../vault/token-vault'
import type { AccountContext } from './account-context'
import type { AccountRecord } from './account-registry'
import { relinkNeeded, setState } from './account-states'
import { RELINK_WORDS } from './relink-words'

/** Reading secrets from the vault and shaping issued tokens into what the vault keeps. */

/** The stored secret, or undefined when the vault fails (logged; the caller carries on). */
export async function tryReadSecret(
  ctx: AccountContext,
  accountId: string
): Promise<StoredSecret | undefined> {
  try {
    return await ctx.deps.vault.get(accountId)
  } catch (error) {
    ctx.deps.logger.warn('Could not read a saved secret', { accountId, error })
    return undefined
  }
}

/**
 * The stored secret, or needs-relink with plain words: a keychain that fails or comes back empty
 * never crashes or loops (oauth-and-secrets.md §4.5, §4.6).
 */
export async function readSecretOrRelink(
  ctx: AccountContext,
  record: AccountRecord
): Promise<StoredSecret> {
  let secret: StoredSecret | undefined
  try {
    secret = await ctx.deps.vault.get(record.id)
  } catch (error) {
    const words = RELINK_WORDS.vaultRead(ctx.deps.vault.description)
    ctx.deps.logger.error('Vault read failed', { accountId: record.id, error })
    await setState(ctx, record.id, 'needs-relink', words)
    throw new AppError('vault/read-failed', words, { cause: error })
  }
  if (!secret || typeof secret.accessToken !== 'string' || secret.accessToken === '') {
    throw await relinkNeeded(ctx, record.id, RELINK_WORDS.vaultEmpty)
  }
  return secret
}

/** What the vault keeps of issued tokens; the expiry follows the profile's lifetime rule. */
export function secretFrom(
  profile: ProviderProfile,
  tokens: TokenSet,
  clientSecret: string | undefined
): StoredSecret {
  const secret: StoredSecret = { accessToken: tokens.accessToken }
  if (tokens.refreshToken) secret.refreshToken = tokens.refreshToken
  if (tokens.tokenType) secret.tokenType = tokens.tokenType
  const expiresAt =
    profile.lifetime.expiry === 'jwt-exp'
      ? (jwtExpiresAt(tokens.accessToken) ?? tokens.expiresAt)
      : profile.lifetime.expiry === 'expires-in'
        ? tokens.expiresAt
        : undefined
  if (expiresAt !== undefined) secret.expiresAt = expiresAt
  if (clientSecret) secret.clientSecret = clientSecret
  return secret
}
