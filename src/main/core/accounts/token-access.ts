import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { OAuthEndpointError, refreshTokens, type TokenSet } from '../auth/oauth-client'
import { AppError } from '../errors'
import type { ProviderProfile } from '../providers/provider-profile'
import type { StoredSecret } from '../vault/token-vault'
import type { AccountContext } from './account-context'
import { requireProfile, requireRecord } from './account-lookup'
import type { AccountRecord } from './account-registry'
import { withFileLock } from './file-lock'
import { assertUsable, markReachable, markUnreachable, relinkNeeded } from './account-states'
import { RELINK_WORDS } from './relink-words'
import { assertSecretReachable } from './secret-storage'
import { endpointsFor, tokenEndpoint } from './server-endpoints'
import { readSecretOrRelink, secretFrom } from './stored-secrets'

/**
 * A valid access token for API calls: refreshed before expiry or after the server rejected it,
 * one refresh per account at a time; a dead credential turns the account to needs-relink.
 */

const REFRESH_SKEW_MS = 60_000

/** The account's access token, refreshed first when it is about to expire. */
export async function getAccessToken(ctx: AccountContext, accountId: string): Promise<string> {
  const record = await requireRecord(ctx, accountId)
  const profile = requireProfile(record.profileKey)
  assertUsable(record)
  assertSecretReachable(record, ctx.deps.vault)
  const secret = await readSecretOrRelink(ctx, record)
  if (secret.expiresAt !== undefined) {
    const now = ctx.deps.clock.now()
    const canRefresh =
      profile.lifetime.refresh === 'expiry-or-dead-token' && secret.refreshToken !== undefined
    if (canRefresh && now >= secret.expiresAt - REFRESH_SKEW_MS) {
      return (await refresh(ctx, record, profile, secret.accessToken)).accessToken
    }
    if (!canRefresh && now >= secret.expiresAt) {
      // Zebbra: the JWT's exp has passed and there is no refresh grant (providers.md §4.2).
      throw await relinkNeeded(ctx, record.id, RELINK_WORDS.expired)
    }
  }
  return secret.accessToken
}

/** The server rejected `rejectedToken`: refresh once, unless another caller already did. */
export async function reportUnauthorized(
  ctx: AccountContext,
  accountId: string,
  rejectedToken?: string
): Promise<string> {
  const record = await requireRecord(ctx, accountId)
  const profile = requireProfile(record.profileKey)
  assertUsable(record)
  assertSecretReachable(record, ctx.deps.vault)
  const secret = await readSecretOrRelink(ctx, record)
  if (rejectedToken !== undefined && secret.accessToken !== rejectedToken) return secret.accessToken
  return (await refresh(ctx, record, profile, secret.accessToken)).accessToken
}

/** How long a refresh waits for another process's refresh of the same account. */
const REFRESH_LOCK_TIMEOUT_MS = 60_000

/**
 * Runs `task` under the account's cross-process refresh lock, when the service has a lock folder.
 * The file name is a hash: account ids hold URLs and user ids, which make poor file names.
 */
function underRefreshLock<T>(
  ctx: AccountContext,
  accountId: string,
  task: () => Promise<T>
): Promise<T> {
  const lockDir = ctx.deps.lockDir
  if (!lockDir) return task()
  const name = createHash('sha256').update(accountId).digest('hex')
  return withFileLock(join(lockDir, `${name}.lock`), task, {
    timeoutMs: REFRESH_LOCK_TIMEOUT_MS,
    what: "renewing this account's sign-in"
  })
}

/**
 * One refresh per account at a time: SingleFlight inside this process, and a lock file across
 * processes (the app and the CLI share keychain items). The vault is read again once the lock is
 * held, so a refresh another process finished meanwhile is used instead of spending the rotated
 * refresh token twice. The rotated tokens are written to the vault before anyone gets them
 * (obico-api.md §1.2: the old refresh token dies at once).
 */
function refresh(
  ctx: AccountContext,
  record: AccountRecord,
  profile: ProviderProfile,
  staleToken: string
): Promise<StoredSecret> {
  return ctx.refreshes.run(record.id, () =>
    underRefreshLock(ctx, record.id, () => refreshLocked(ctx, record, profile, staleToken))
  )
}

/** The refresh itself, run while holding both the in-process and the cross-process lock. */
async function refreshLocked(
  ctx: AccountContext,
  record: AccountRecord,
  profile: ProviderProfile,
  staleToken: string
): Promise<StoredSecret> {
  const secret = await readSecretOrRelink(ctx, record)
  // Someone refreshed while this caller waited: the stale token is already replaced.
  if (secret.accessToken !== staleToken) return secret
  if (profile.lifetime.refresh === 'none' || !secret.refreshToken) {
    throw await relinkNeeded(ctx, record.id, RELINK_WORDS.rejected)
  }
  const endpoints = endpointsFor(profile, record)
  let tokens: TokenSet
  try {
    tokens = await refreshTokens(
      tokenEndpoint(profile, endpoints.token as string),
      {
        refreshToken: secret.refreshToken,
        clientId: record.clientId ?? '',
        clientSecret: secret.clientSecret
      },
      { http: ctx.http, clock: ctx.deps.clock }
    )
  } catch (error) {
    if (refreshMeansRelink(profile, error)) {
      throw await relinkNeeded(ctx, record.id, RELINK_WORDS.rejected, error)
    }
    await markUnreachable(ctx, record.id, error)
    throw error
  }
  const next: StoredSecret = {
    ...secretFrom(profile, tokens, secret.clientSecret),
    refreshToken: tokens.refreshToken ?? secret.refreshToken
  }
  try {
    await ctx.deps.vault.set(record.id, next)
  } catch (error) {
    const words = RELINK_WORDS.vaultWrite(ctx.deps.vault.description)
    ctx.deps.logger.error('Could not store rotated tokens', { accountId: record.id, error })
    throw await relinkNeeded(ctx, record.id, words, error)
  }
  ctx.deps.logger.info('Refreshed an access token', { accountId: record.id })
  await markReachable(ctx, record.id)
  return next
}

/**
 * Whether a failed refresh means "link again" rather than "server trouble". invalid_grant and
 * client errors do; so does Obico's HTML 500 from /o/token/ after an access-token-only revoke
 * (obico-api.md §1.6: "Treat a 500 from /o/token/ as 'log in again'"). Transport failures, other
 * 5xx and 429 leave the credential alone (state unreachable).
 */
function refreshMeansRelink(profile: ProviderProfile, error: unknown): boolean {
  if (!(error instanceof AppError)) return false
  if (error.code === 'auth/needs-relink' || error.code === 'auth/provider-error') return true
  if (error.code === 'auth/invalid-code' || error.code === 'auth/invalid-credentials') return true
  if (profile.provider === 'obico' && error instanceof OAuthEndpointError && error.status === 500)
    return true
  return false
}
