import type { AccountSummary, ProviderOption } from '../../../shared/models/account'
import {
  getProfile,
  PROVIDER_PROFILES,
  providerLabelFor,
  toProviderOption
} from '../providers/profiles'
import type { AccountContext } from './account-context'
import type { AccountRecord } from './account-registry'
import { RELINK_WORDS } from './relink-words'
import { secretReach, unreachableStoreDetail } from './secret-storage'

/** The providers Printdock offers, with the client IDs this process knows. */
export function listProviders(ctx: AccountContext): ProviderOption[] {
  return PROVIDER_PROFILES.map((profile) => toProviderOption(profile, ctx.clientIds))
}

/** Every account as a summary; the first call checks the registry against the vault. */
export async function listAccounts(ctx: AccountContext): Promise<AccountSummary[]> {
  await (ctx.vaultChecked ??= checkSecretsAgainstVault(ctx))
  const records = await ctx.deps.registry.list()
  return records.map((record) => toSummary(ctx, record))
}

/**
 * Once per process: every account the registry calls usable must still have its secret. A
 * memory-only vault forgets on exit, a keychain can be wiped or locked, a backend can change;
 * such accounts turn to needs-relink at once instead of looking linked until the first API call
 * fails (oauth-and-secrets.md §4.5). Only accounts whose secret this kind of vault stored are
 * checked: a CLI without a keychain must not write needs-relink over the app's accounts (their
 * summaries say where the secret is instead, see `toSummary`). Writes records directly:
 * listeners hear about it through the first listing, and emitting here would re-enter this check.
 */
async function checkSecretsAgainstVault(ctx: AccountContext): Promise<void> {
  for (const record of await ctx.deps.registry.list()) {
    if (record.state === 'needs-relink') continue
    if (secretReach(record, ctx.deps.vault) !== 'here') continue
    let detail: string | undefined
    try {
      const secret = await ctx.deps.vault.get(record.id)
      if (!secret?.accessToken) detail = RELINK_WORDS.vaultEmpty
    } catch (error) {
      ctx.deps.logger.warn('Vault read failed while checking accounts', {
        accountId: record.id,
        error
      })
      detail = RELINK_WORDS.vaultRead(ctx.deps.vault.description)
    }
    if (detail)
      await ctx.deps.registry.put({ ...record, state: 'needs-relink', stateDetail: detail })
    else if (record.state === 'linking') {
      // A re-link that an earlier process never finished: no attempt survives a restart.
      const { stateDetail: _dropped, ...rest } = record
      await ctx.deps.registry.put({ ...rest, state: 'linked' })
    }
  }
}

/** What the UI may see of a record: no secrets, plus where the secret is stored. */
export function toSummary(ctx: AccountContext, record: AccountRecord): AccountSummary {
  const profile = getProfile(record.profileKey)
  const summary: AccountSummary = {
    id: record.id,
    provider: record.provider,
    providerLabel: profile ? providerLabelFor(profile, record.serverOrigin) : record.provider,
    serverOrigin: record.serverOrigin,
    displayName: record.displayName,
    identity: record.identity.map((field) => ({ ...field })),
    state: record.state,
    credential: record.credential,
    // Where the secret was saved; records from before it was recorded used this process's kind.
    storage: record.storage ?? ctx.deps.vault.kind,
    linkedAt: record.linkedAt
  }
  if (record.serverOrigin === ctx.deps.demoServerOrigin?.()) summary.demo = true
  if (record.stateDetail) summary.stateDetail = record.stateDetail
  else if (record.state !== 'needs-relink') {
    // Reported, never written: the process that holds the secret still uses the account.
    const elsewhere = unreachableStoreDetail(record, ctx.deps.vault)
    if (elsewhere) summary.stateDetail = elsewhere
  }
  return summary
}

/** Tells listeners the current accounts; a failed listing is logged, never thrown. */
export async function emitChange(ctx: AccountContext): Promise<void> {
  try {
    ctx.changed.fire(await ctx.snapshots.snapshot())
  } catch (error) {
    ctx.deps.logger.warn('Could not list accounts for a change event', { error })
  }
}
