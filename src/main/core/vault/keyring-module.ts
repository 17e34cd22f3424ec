import { createRequire } from 'node:module'
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring'

/** Service name of every Printdock keychain item (the CLI and the app must agree on it). */
export const KEYCHAIN_SERVICE = 'Printdock'

/** The part of `@napi-rs/keyring`'s `AsyncEntry` the vault uses; tests may pass their own. */
export interface KeyringEntry {
  getPassword(): Promise<string | null>
  setPassword(password: string): Promise<void>
  deletePassword(): Promise<boolean>
}

/** Makes the entry for one (service, account) pair. */
export type KeyringEntryFactory = (service: string, account: string) => KeyringEntry

type KeyringModule = { AsyncEntry: typeof AsyncEntry }

const localRequire = createRequire(import.meta.url)

/** Absolute path of the keyring package's entry, so a probe child can load the same copy. */
export function keyringModulePath(): string {
  return localRequire.resolve('@napi-rs/keyring')
}

/**
 * Options that pin Linux entries to the Secret Service. Without them keyring-rs silently falls back
 * to kernel keyutils, which forgets everything at reboot (oauth-and-secrets.md §4.4): a
 * non-persistent store passing as a stored one. Ignored on macOS and Windows.
 */
export const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } }

/**
 * Loads the native module on first use, not at import, so a platform without a prebuilt binary
 * gets "keychain unavailable" instead of a crash at start-up.
 */
export function loadKeyringModule(): KeyringModule {
  return localRequire('@napi-rs/keyring') as KeyringModule
}

/** The real entry factory over `AsyncEntry` (operations run off the main thread). */
export function napiEntryFactory(): KeyringEntryFactory {
  const { AsyncEntry: Entry } = loadKeyringModule()
  return (service, account) => new Entry(service, account, ENTRY_OPTIONS)
}
