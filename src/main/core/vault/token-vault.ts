import type { SecretStorageKind } from '../../../shared/models/account'

/**
 * What Printdock keeps secret for one account. Serialised as one JSON string per account and
 * stored as one OS keychain item (service "Printdock", account = account id).
 */
export interface StoredSecret {
  /** Access token, administrator-issued token, or API key. */
  accessToken: string
  refreshToken?: string
  /** Epoch ms when the access token stops working, when the server said so. */
  expiresAt?: number
  tokenType?: string
  /** A client secret the user entered for a provider that requires one. */
  clientSecret?: string
}

/**
 * Secret storage behind a small async interface.
 *
 * `kind` says honestly where secrets end up, so the UI can warn when they will not outlive the
 * process. Implementations never write a secret in plain text.
 */
export interface TokenVault {
  readonly kind: SecretStorageKind
  /** Plain-language description for the UI, e.g. "GNOME Keyring (Secret Service)". */
  readonly description: string
  get(accountId: string): Promise<StoredSecret | undefined>
  set(accountId: string, secret: StoredSecret): Promise<void>
  delete(accountId: string): Promise<void>
}

/** Keeps secrets in this process only: tests, and the explicit last-resort fallback. */
export class InMemoryTokenVault implements TokenVault {
  readonly kind = 'memory' as const
  readonly description = "Memory only: you'll be signed out when Printdock quits."
  private readonly secrets = new Map<string, string>()

  async get(accountId: string): Promise<StoredSecret | undefined> {
    const raw = this.secrets.get(accountId)
    return raw === undefined ? undefined : (JSON.parse(raw) as StoredSecret)
  }

  async set(accountId: string, secret: StoredSecret): Promise<void> {
    this.secrets.set(accountId, JSON.stringify(secret))
  }

  async delete(accountId: string): Promise<void> {
    this.secrets.delete(accountId)
  }
}
