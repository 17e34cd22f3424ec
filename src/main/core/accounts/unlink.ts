import { revokeToken } from '../auth/oauth-client'
import { toErrorDto } from '../errors'
import { adapterFor } from '../providers/profiles'
import type { ProviderProfile } from '../providers/provider-profile'
import type { StoredSecret } from '../vault/token-vault'
import type { AccountContext } from './account-context'
import { emitChange } from './account-listing'
import { requireProfile, requireRecord } from './account-lookup'
import type { AccountRecord } from './account-registry'
import { adapterContext } from './provider-identity'
import { endpointsFor } from './server-endpoints'
import { tryReadSecret } from './stored-secrets'

/** Unlinking: revoke at the provider where it can, then forget the secret and the account here. */

/** Revokes at the provider where it can, then deletes the secret and the account. */
export async function unlink(
  ctx: AccountContext,
  accountId: string
): Promise<{ revokedAtProvider: boolean }> {
  const record = await requireRecord(ctx, accountId)
  for (const attempt of ctx.attempts.values()) {
    if (attempt.relink?.accountId === accountId) ctx.pending.cancel(attempt.attemptId)
  }
  const profile = requireProfile(record.profileKey)
  const secret = await tryReadSecret(ctx, accountId)
  let revokedAtProvider = false
  if (secret) {
    try {
      revokedAtProvider = await revokeAtProvider(ctx, profile, record, secret)
    } catch (error) {
      // Server down: still unlink here, and say the provider may still honour the token.
      ctx.deps.logger.warn('Could not revoke at the provider; unlinking locally', {
        accountId,
        code: toErrorDto(error).code
      })
    }
  }
  try {
    await ctx.deps.vault.delete(accountId)
  } catch (error) {
    ctx.deps.logger.warn('Could not delete the saved secret', { accountId, error })
  }
  await ctx.deps.registry.remove(accountId)
  await emitChange(ctx)
  ctx.deps.logger.info('Unlinked an account', { accountId, revokedAtProvider })
  return { revokedAtProvider }
}

/** Revokes through the adapter or the token revocation endpoint; false when nothing was revoked. */
async function revokeAtProvider(
  ctx: AccountContext,
  profile: ProviderProfile,
  record: AccountRecord,
  secret: StoredSecret
): Promise<boolean> {
  if (!profile.revoke.supported) return false
  // Pasted tokens and API keys were issued outside Printdock (an admin, the account page) and
  // may serve other tools; unlinking forgets them here but does not revoke them.
  if (record.credential === 'pasted-token' || record.credential === 'api-key') return false
  const endpoints = endpointsFor(profile, record)
  const adapter = adapterFor(profile.provider)
  if (adapter.revoke) {
    return adapter.revoke({
      ...adapterContext(ctx, profile, record.serverOrigin, endpoints, {
        credential: record.credential,
        accessToken: secret.accessToken,
        clientId: record.clientId
      }),
      refreshToken: secret.refreshToken,
      clientSecret: secret.clientSecret
    })
  }
  if (!endpoints.revoke || !record.clientId) return false
  // obico-api.md §6 item 5: revoke the refresh token, which revokes its access token too.
  const useRefresh = profile.revoke.prefer === 'refresh-token' && secret.refreshToken !== undefined
  const token = useRefresh ? (secret.refreshToken as string) : secret.accessToken
  return revokeToken(
    { url: endpoints.revoke, style: profile.token.style, clientAuth: profile.token.clientAuth },
    {
      token,
      tokenTypeHint: profile.revoke.sendTokenTypeHint
        ? useRefresh
          ? 'refresh_token'
          : 'access_token'
        : undefined,
      clientId: record.clientId,
      clientSecret: secret.clientSecret
    },
    { http: ctx.http, clock: ctx.deps.clock }
  )
}
