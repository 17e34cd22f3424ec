import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../core/errors'
import { nullLogger, type Logger } from '../core/logger'
import { writeFileAtomicSync } from '../core/settings/atomic-file'
import { parseStoredSecret, serializeStoredSecret } from '../core/vault/stored-secret'
import type { StoredSecret, TokenVault } from '../core/vault/token-vault'

/**
 * The part of Electron's `safeStorage` this vault uses, so tests pass a fake and this module
 * never imports `electron`. Electron 45 has the async API (oauth-and-secrets.md §4.2); the sync
 * `encryptString`/`decryptString` are deprecated there.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plainText: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>
  /** Linux only in Electron; other platforms don't have it. */
  getSelectedStorageBackend?(): string
}

/** Options for `SafeStorageTokenVault`. */
export interface SafeStorageTokenVaultOptions {
  safeStorage: SafeStorageLike
  /** Folder of the encrypted files: `secretsDir()` (`<userData>/secrets`). */
  directory: string
  platform?: NodeJS.Platform
  logger?: Logger
}

/** Linux backends that are plain text in disguise (oauth-and-secrets.md §4.2, §4.6). */
const REFUSED_BACKENDS = new Set(['basic_text', 'unknown'])

/** On-disk record: the backend is recorded so a later change is detected, not mis-decrypted. */
interface SecretFile {
  version: 1
  accountId: string
  backend: string
  ciphertext: string
}

/**
 * The name of the key holder, recorded with each file: the Linux backend Electron picked, or the
 * fixed OS store elsewhere.
 */
function safeStorageBackendName(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string {
  if (platform === 'linux') return safeStorage.getSelectedStorageBackend?.() ?? 'unknown'
  if (platform === 'darwin') return 'macos_keychain'
  if (platform === 'win32') return 'windows_dpapi'
  return 'unknown'
}

/**
 * One encrypted file per account in `<userData>/secrets/`, sealed with Electron's safeStorage.
 *
 * Refuses to exist (throws `vault/unavailable`) on Linux when Electron's backend is `basic_text`
 * (a hard-coded key) or `unknown`: that would be plain text in disguise. A file written under
 * another backend (desktop switched, wallet changed) is not decrypted with the wrong key: the read
 * fails with `vault/read-failed`, so the account turns needs-relink instead of crash-looping
 * (Signal-Desktop#6962, element-desktop#2822 in §4.5).
 */
export class SafeStorageTokenVault implements TokenVault {
  readonly kind = 'safe-storage' as const
  readonly description: string
  private readonly safeStorage: SafeStorageLike
  private readonly directory: string
  private readonly backend: string
  private readonly logger: Logger

  constructor(options: SafeStorageTokenVaultOptions) {
    const platform = options.platform ?? process.platform
    this.safeStorage = options.safeStorage
    this.directory = options.directory
    this.logger = options.logger ?? nullLogger
    this.backend = safeStorageBackendName(options.safeStorage, platform)
    if (platform === 'linux' && REFUSED_BACKENDS.has(this.backend)) {
      throw new AppError(
        'vault/unavailable',
        `Electron's safe storage has no real key holder here (backend "${this.backend}"), so it would store sign-ins as plain text.`
      )
    }
    this.description = `Electron safe storage (${describeBackend(this.backend)})`
  }

  /** Checks that encryption actually works before the vault is used; false means "don't use it". */
  async isUsable(): Promise<boolean> {
    try {
      return await this.safeStorage.isAsyncEncryptionAvailable()
    } catch {
      return false
    }
  }

  async get(accountId: string): Promise<StoredSecret | undefined> {
    let text: string
    try {
      text = await readFile(this.fileOf(accountId), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new AppError(
        'vault/read-failed',
        "Printdock couldn't read this account's saved sign-in.",
        {
          cause: error
        }
      )
    }
    const record = parseRecord(text)
    if (!record || record.accountId !== accountId) {
      throw new AppError(
        'vault/read-failed',
        "This account's saved sign-in is damaged. Link the account again."
      )
    }
    if (record.backend !== this.backend) {
      this.logger.warn('safe-storage: backend changed since the secret was written', {
        accountId,
        writtenWith: record.backend,
        now: this.backend
      })
      throw new AppError(
        'vault/read-failed',
        `This sign-in was protected by ${describeBackend(record.backend)}, but Printdock now uses ${describeBackend(this.backend)}. Link the account again.`
      )
    }
    let decrypted: { shouldReEncrypt: boolean; result: string }
    try {
      decrypted = await this.safeStorage.decryptStringAsync(
        Buffer.from(record.ciphertext, 'base64')
      )
    } catch (error) {
      this.logger.warn('safe-storage: decrypt failed', { accountId, backend: this.backend })
      throw new AppError(
        'vault/read-failed',
        "Printdock couldn't unlock this account's saved sign-in.",
        {
          cause: error
        }
      )
    }
    const secret = parseStoredSecret(decrypted.result, 'safe storage')
    // Electron rotated its key: seal again with the new one so the old key can go. The read
    // already worked, so a failed re-seal is retried on the next read rather than failing this one.
    if (decrypted.shouldReEncrypt) {
      try {
        await this.set(accountId, secret)
      } catch (error) {
        this.logger.warn('safe-storage: re-encrypting after a key rotation failed', {
          accountId,
          error: error instanceof Error ? error.message : String(error)
        })
      }
    }
    return secret
  }

  async set(accountId: string, secret: StoredSecret): Promise<void> {
    let sealed: Buffer
    try {
      sealed = await this.safeStorage.encryptStringAsync(serializeStoredSecret(secret))
    } catch (error) {
      throw new AppError(
        'vault/unavailable',
        "Printdock couldn't encrypt the sign-in with safe storage.",
        {
          cause: error,
          retryable: true
        }
      )
    }
    const record: SecretFile = {
      version: 1,
      accountId,
      backend: this.backend,
      ciphertext: sealed.toString('base64')
    }
    writeFileAtomicSync(this.fileOf(accountId), JSON.stringify(record) + '\n', {
      mode: 0o600,
      dirMode: 0o700
    })
  }

  async delete(accountId: string): Promise<void> {
    await rm(this.fileOf(accountId), { force: true })
  }

  /** File names hash the id: ids hold ':' and '/', and the name should not reveal the server. */
  private fileOf(accountId: string): string {
    const name = createHash('sha256').update(accountId).digest('hex').slice(0, 40)
    return join(this.directory, `${name}.secret.json`)
  }
}

function parseRecord(text: string): SecretFile | undefined {
  try {
    const value = JSON.parse(text) as Partial<SecretFile>
    if (
      value.version === 1 &&
      typeof value.accountId === 'string' &&
      typeof value.backend === 'string' &&
      typeof value.ciphertext === 'string'
    ) {
      return value as SecretFile
    }
  } catch {
    // Falls through: damaged file.
  }
  return undefined
}

function describeBackend(backend: string): string {
  const names: Record<string, string> = {
    gnome_libsecret: 'GNOME libsecret',
    kwallet: 'KWallet',
    kwallet5: 'KWallet 5',
    kwallet6: 'KWallet 6',
    macos_keychain: 'the macOS Keychain',
    windows_dpapi: 'Windows DPAPI',
    basic_text: 'no key holder (basic_text)',
    unknown: 'an unknown key holder'
  }
  return names[backend] ?? backend
}

/**
 * Builds the vault if safe storage is real and working here, else `undefined` (reason logged).
 * The shape `chooseTokenVault` expects of `safeStorage`.
 */
export async function createSafeStorageTokenVault(
  options: SafeStorageTokenVaultOptions
): Promise<SafeStorageTokenVault | undefined> {
  const logger = options.logger ?? nullLogger
  let vault: SafeStorageTokenVault
  try {
    vault = new SafeStorageTokenVault(options)
  } catch (error) {
    logger.warn('safe-storage: refused', { reason: (error as Error).message })
    return undefined
  }
  if (!(await vault.isUsable())) {
    logger.warn('safe-storage: encryption is not available')
    return undefined
  }
  return vault
}
