import { AppError } from '../errors'
import { nullLogger, type Logger } from '../logger'
import {
  describeKeychain,
  detectSecretBackend,
  type DetectSecretBackendOptions
} from './detect-secret-backend'
import {
  KEYCHAIN_SERVICE,
  napiEntryFactory,
  type KeyringEntry,
  type KeyringEntryFactory
} from './keyring-module'
import { parseStoredSecret, serializeStoredSecret } from './stored-secret'
import type { StoredSecret, TokenVault } from './token-vault'

/** Options for `KeyringTokenVault`. */
export interface KeyringTokenVaultOptions {
  /** Keychain service name; default "Printdock" (shared by the app and the CLI). */
  service?: string
  /** Entry factory; default `@napi-rs/keyring`'s AsyncEntry pinned to the Secret Service on Linux. */
  entries?: KeyringEntryFactory
  /** An operation that takes longer fails (a hung keychain must not hang a link forever). */
  timeoutMs?: number
  logger?: Logger
  platform?: NodeJS.Platform
}

class KeychainTimeout extends Error {}

/**
 * One OS keychain item per account: service "Printdock", account = account id, password = JSON of
 * the StoredSecret. Items show up in the OS credential UI (Seahorse, Keychain Access, Credential
 * Manager) under "Printdock".
 *
 * Build it with `createKeyringTokenVault`, which probes the keychain first. Read failures (locked
 * keyring, backend gone, damaged item) throw `vault/read-failed`, which the AccountService turns
 * into needs-relink; write failures throw `vault/unavailable`. Secrets are never logged.
 */
export class KeyringTokenVault implements TokenVault {
  readonly kind = 'keychain' as const
  readonly description: string
  private readonly service: string
  private readonly entries: KeyringEntryFactory
  private readonly timeoutMs: number
  private readonly logger: Logger
  private readonly cache = new Map<string, KeyringEntry>()

  constructor(options: KeyringTokenVaultOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE
    this.entries = options.entries ?? napiEntryFactory()
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.logger = options.logger ?? nullLogger
    this.description = describeKeychain(options.platform)
  }

  async get(accountId: string): Promise<StoredSecret | undefined> {
    let text: string | null
    try {
      text = await this.withTimeout(this.entry(accountId).getPassword())
    } catch (error) {
      this.logger.warn('keychain: read failed', { accountId, error: this.describeError(error) })
      throw new AppError(
        'vault/read-failed',
        error instanceof KeychainTimeout
          ? `The ${this.description} didn't answer, so Printdock couldn't read this account's sign-in.`
          : `Printdock couldn't read this account's sign-in from the ${this.description}. It may be locked.`,
        { cause: error, retryable: true }
      )
    }
    if (text === null) return undefined
    return parseStoredSecret(text, `the ${this.description}`)
  }

  async set(accountId: string, secret: StoredSecret): Promise<void> {
    const text = serializeStoredSecret(secret)
    try {
      await this.withTimeout(this.entry(accountId).setPassword(text))
    } catch (error) {
      this.logger.warn('keychain: write failed', { accountId, error: this.describeError(error) })
      throw new AppError(
        'vault/unavailable',
        `Printdock couldn't save the sign-in to the ${this.description}.`,
        {
          cause: error,
          retryable: true
        }
      )
    }
  }

  async delete(accountId: string): Promise<void> {
    try {
      await this.withTimeout(this.entry(accountId).deletePassword())
    } catch (error) {
      this.logger.warn('keychain: delete failed', { accountId, error: this.describeError(error) })
      throw new AppError(
        'vault/unavailable',
        `Printdock couldn't remove the sign-in from the ${this.description}.`,
        {
          cause: error,
          retryable: true
        }
      )
    } finally {
      this.cache.delete(accountId)
    }
  }

  private entry(accountId: string): KeyringEntry {
    let entry = this.cache.get(accountId)
    if (!entry) {
      entry = this.entries(this.service, accountId)
      this.cache.set(accountId, entry)
    }
    return entry
  }

  private withTimeout<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new KeychainTimeout('keychain timed out')),
        this.timeoutMs
      )
      timer.unref?.()
      operation.then(
        (value) => {
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          clearTimeout(timer)
          reject(error)
        }
      )
    })
  }

  private describeError(error: unknown): string {
    // keyring errors describe the store ("Platform failure: DBus error: …"), never the password.
    return error instanceof Error ? error.message : String(error)
  }
}

/** Options for `createKeyringTokenVault`. */
export interface CreateKeyringTokenVaultOptions extends KeyringTokenVaultOptions {
  detect?: DetectSecretBackendOptions
  /** Hears the probe's reason either way (for the log, `--debug`, the About box). */
  onDetected?: (status: { available: boolean; reason: string }) => void
}

/**
 * Probes the keychain (`detectSecretBackend`) and returns a vault only when it works; otherwise
 * `undefined` (the reason goes to the logger). The shape `chooseTokenVault` expects of `keyring`.
 */
export async function createKeyringTokenVault(
  options: CreateKeyringTokenVaultOptions = {}
): Promise<KeyringTokenVault | undefined> {
  const logger = options.logger ?? nullLogger
  const status = await detectSecretBackend({
    service: options.service,
    platform: options.platform,
    ...options.detect
  })
  options.onDetected?.(status)
  if (!status.available) {
    logger.warn('keychain: not available', { reason: status.reason })
    return undefined
  }
  logger.info('keychain: available', { reason: status.reason })
  try {
    return new KeyringTokenVault(options)
  } catch (error) {
    logger.warn('keychain: module failed to load', { error: (error as Error).message })
    return undefined
  }
}
