import type { AccountSummary, CredentialKind } from '../../../shared/models/account'
import { AppError } from '../errors'
import type { ProviderIdentity, ProviderProfile } from '../providers/provider-profile'
import type { StoredSecret } from '../vault/token-vault'
import type { AccountContext } from './account-context'
import { emitChange, toSummary } from './account-listing'
import { accountIdFor, type AccountRecord, type GenericEndpoints } from './account-registry'

/** A verified credential, ready to be stored as a linked account. */
export interface NewAccount {
  profile: ProviderProfile
  serverOrigin: string
  identity: ProviderIdentity
  credential: CredentialKind
  secret: StoredSecret
  clientId?: string
  generic?: GenericEndpoints
  redirectOverride?: string
  apiOrigin?: string
}

/**
 * Stores the secret, then the record (linked), keeping the first link time and the earlier
 * settings of an account linked again. Nothing is linked when the vault cannot save the secret.
 */
export async function saveAccount(ctx: AccountContext, input: NewAccount): Promise<AccountSummary> {
  const { profile, identity } = input
  const id = accountIdFor(profile.provider, input.serverOrigin, identity.userId)
  const existing = await ctx.deps.registry.get(id)
  try {
    await ctx.deps.vault.set(id, input.secret)
  } catch (error) {
    ctx.deps.logger.error('Could not store the new credential', { accountId: id, error })
    throw new AppError(
      'vault/unavailable',
      `Printdock could not save the sign-in to ${ctx.deps.vault.description}, so nothing was linked.`,
      { cause: error }
    )
  }
  const record: AccountRecord = {
    id,
    provider: profile.provider,
    profileKey: profile.key,
    serverOrigin: input.serverOrigin,
    userId: identity.userId,
    displayName: identity.displayName,
    identity: identity.identity,
    credential: input.credential,
    linkedAt: existing?.linkedAt ?? new Date(ctx.deps.clock.now()).toISOString(),
    state: 'linked',
    // Which kind of vault now holds the secret, so other processes know whether they can see it.
    storage: ctx.deps.vault.kind
  }
  const clientId = input.clientId ?? existing?.clientId
  if (clientId) record.clientId = clientId
  const generic = input.generic ?? existing?.generic
  if (generic) record.generic = generic
  const redirectOverride = input.redirectOverride ?? existing?.redirectOverride
  if (redirectOverride) record.redirectOverride = redirectOverride
  const apiOrigin = input.apiOrigin ?? existing?.apiOrigin
  if (apiOrigin) record.apiOrigin = apiOrigin
  await ctx.deps.registry.put(record)
  await emitChange(ctx)
  ctx.deps.logger.info(existing ? 'Updated a linked account' : 'Linked an account', {
    accountId: id,
    credential: input.credential
  })
  return toSummary(ctx, record)
}
