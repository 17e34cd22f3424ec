import { OAuthEndpointError, refreshTokens, type TokenSet } from '../auth/oauth-client'
import { AppError } from '../errors'
import type { ProviderProfile } from '../providers/provider-profile'
import type { StoredSecret } from '../vault/token-vault'
import type { AccountContext } from './account-context'
import { requireProfile, requireRecord } from './account-lookup'
import type { AccountRecord } from './account-registry'
import { assertUsable, markReachable, markUnreachable, setState } from './account-states'
import { RELINK_WORDS } from './relink-words'
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
      await setState(ctx, record.id, 'needs-relink', RELINK_WORDS.expired)
      throw new AppError('auth/needs-relink', RELINK_WORDS.expired)
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
  const secret = await readSecretOrRelink(ctx, record)
  if (rejectedToken !== undefined && secret.accessToken !== rejectedToken) return secret.accessToken
  return (await refresh(ctx, record, profile, secret.accessToken)).accessToken
}

/**
 * One refresh per account at a time (SingleFlight); the rotated tokens are written to the vault
 * before anyone gets them (obico-api.md §1.2: the old refresh token dies at once).
 */
function refresh(
  ctx: AccountContext,
  record: AccountRecord,
  profile: ProviderProfile,
  staleToken: string
): Promise<StoredSecret> {
  return ctx.refreshes.run(record.id, async () => {
    const secret = await readSecretOrRelink(ctx, record)
    // Someone refreshed while this caller waited: the stale token is already replaced.
    if (secret.accessToken !== staleToken) return secret
    if (profile.lifetime.refresh === 'none' || !secret.refreshToken) {
      await setState(ctx, record.id, 'needs-relink', RELINK_WORDS.rejected)
      throw new AppError('auth/needs-relink', RELINK_WORDS.rejected)
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
        await setState(ctx, record.id, 'needs-relink', RELINK_WORDS.rejected)
        throw new AppError('auth/needs-relink', RELINK_WORDS.rejected, { cause: error })
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
      await setState(ctx, record.id, 'needs-relink', words)
      throw new AppError('auth/needs-relink', words, { cause: error })
    }
    ctx.deps.logger.info('Refreshed an access token', { accountId: record.id })
    await markReachable(ctx, record.id)
    return next
  })
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
