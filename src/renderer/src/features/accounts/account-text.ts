/**
 * Words for account states, credentials and storage, so every screen says them the same way.
 */
import { assertNever } from '@shared/assert-never'
import type { AccountState, CredentialKind, SecretStorageKind } from '@shared/models/account'

/** Badge text and a symbol, so state is never told by colour alone. */
export function stateLabel(state: AccountState): { text: string; symbol: string } {
  switch (state) {
    case 'linked':
      return { text: 'Linked', symbol: '✓' }
    case 'linking':
      return { text: 'Linking', symbol: '…' }
    case 'needs-relink':
      return { text: 'Needs re-link', symbol: '!' }
    case 'unreachable':
      return { text: 'Unreachable', symbol: '⚠' }
    default:
      return assertNever(state, 'account state')
  }
}

/** How the account proves itself, in plain words. */
export function credentialLabel(credential: CredentialKind): string {
  switch (credential) {
    case 'oauth':
      return 'Linked through your browser'
    case 'pasted-token':
      return 'Linked with an access token'
    case 'api-key':
      return 'Linked with an API key'
    case 'password-grant':
      return 'Signed in with username and password'
    default:
      return assertNever(credential, 'credential kind')
  }
}

/** Where the secret lives; memory storage gets the warning the user needs. */
export function storageNote(storage: SecretStorageKind): string {
  switch (storage) {
    case 'keychain':
      return 'Sign-in saved in your system keychain.'
    case 'safe-storage':
      return 'Sign-in saved encrypted on this computer.'
    case 'memory':
      return "You'll be signed out when Printdock quits: no keychain is available to keep the sign-in."
    default:
      return assertNever(storage, 'storage kind')
  }
}

/**
 * The one notice on the Accounts screen about where sign-ins are kept, from main's vault kind and
 * its description of the store. Said once for the screen, not on every account.
 */
export function storageNotice(storage: { kind: SecretStorageKind; detail: string }): string {
  switch (storage.kind) {
    case 'keychain':
      return `Sign-ins are saved in your system keychain: ${storage.detail.replace(/\.$/, '')}.`
    case 'safe-storage':
      return 'No system keychain was found, so sign-ins are saved encrypted on this computer.'
    case 'memory':
      return "No keychain is available, so you'll be signed out of every account when Printdock quits."
    default:
      return assertNever(storage.kind, 'storage kind')
  }
}

/** A date-time in the user's locale, or the raw text if it does not parse. */
export function formatWhen(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
