import type { SecretStorageKind } from '../../../shared/models/account'
import { AppError } from '../errors'
import type { TokenVault } from '../vault/token-vault'
import type { AccountRecord } from './account-registry'

/**
 * Which vault holds an account's secret, compared with the vault of this process. The app and
 * the CLI share accounts.json but not always a vault: safeStorage exists only in the app, and a
 * CLI over SSH may have no keychain at all. A secret missing from *this* vault only means the
 * secret is gone when this vault is the kind that stored it.
 */

/** How this process relates to the store that holds a record's secret. */
export type SecretReach =
  /** This vault stored it (or, for a memory-kind secret, any later vault may check it). */
  | 'here'
  /** Another persistent store holds it: report as is, never mark needs-relink from here. */
  | 'elsewhere'
  /** An old record without `storage`, seen from a memory vault: nothing here can tell. */
  | 'unknown'

const STORE_NAMES: Record<Exclude<SecretStorageKind, 'memory'>, string> = {
  keychain: 'the system keychain',
  'safe-storage': "the Printdock app's safe storage"
}

/** Where the record's secret lives, as seen from `vault`. */
export function secretReach(record: AccountRecord, vault: TokenVault): SecretReach {
  const stored = record.storage
  if (stored === undefined) return vault.kind === 'memory' ? 'unknown' : 'here'
  // A memory-kind secret never outlives the process that saved it: whoever looks later and
  // does not find it may say it is gone.
  if (stored === 'memory' || stored === vault.kind) return 'here'
  return 'elsewhere'
}

/** Plain words for an account whose secret this process cannot reach, or undefined. */
export function unreachableStoreDetail(
  record: AccountRecord,
  vault: TokenVault
): string | undefined {
  const reach = secretReach(record, vault)
  if (reach === 'here') return undefined
  if (reach === 'unknown' || record.storage === undefined || record.storage === 'memory') {
    return "Printdock can't check this account's saved sign-in here, because it can't reach your system keychain."
  }
  const where = STORE_NAMES[record.storage]
  if (record.storage === 'safe-storage') {
    return `Its sign-in is kept in ${where}; use this account from the Printdock app.`
  }
  return vault.kind === 'memory'
    ? `Its sign-in is saved in ${where}, which Printdock can't reach from here (see "Printdock can't reach your system keychain" in the README).`
    : `Its sign-in is saved in ${where}, which Printdock can't reach right now.`
}

/**
 * Throws AppError 'vault/read-failed' (and changes nothing) when the account's secret is in a
 * store this process cannot read: using it here must not turn it to needs-relink for the
 * process that can.
 */
export function assertSecretReachable(record: AccountRecord, vault: TokenVault): void {
  const detail = unreachableStoreDetail(record, vault)
  if (detail) throw new AppError('vault/read-failed', detail)
}
