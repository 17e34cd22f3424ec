import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createSafeStorageTokenVault,
  SafeStorageTokenVault,
  type SafeStorageLike
} from '../../../../src/main/adapters/safe-storage-token-vault'
import { AppError } from '../../../../src/main/core/errors'

/**
 * A stand-in for Electron's safeStorage: AES-256-GCM with a key derived from the backend name, so
 * a different backend really cannot decrypt (as with a changed Linux wallet).
 */
class FakeSafeStorage implements SafeStorageLike {
  backend: string
  available = true
  rotateOnNextDecrypt = false
  encryptCalls = 0

  constructor(backend: string) {
    this.backend = backend
  }

  private key(): Buffer {
    return createHash('sha256').update(`fake-os-key:${this.backend}`).digest()
  }

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.encryptCalls++
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv)
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body])
  }

  async decryptStringAsync(
    encrypted: Buffer
  ): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const decipher = createDecipheriv('aes-256-gcm', this.key(), encrypted.subarray(0, 12))
    decipher.setAuthTag(encrypted.subarray(12, 28))
    const result = Buffer.concat([
      decipher.update(encrypted.subarray(28)),
      decipher.final()
    ]).toString('utf8')
    const shouldReEncrypt = this.rotateOnNextDecrypt
    this.rotateOnNextDecrypt = false
    return { shouldReEncrypt, result }
  }

  getSelectedStorageBackend(): string {
    return this.backend
  }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'printdock-safe-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const accountId = 'obico|https://app.obico.io|17'
const secret = {
  accessToken: `at-${randomBytes(16).toString('hex')}`,
  refreshToken: `rt-${randomBytes(16).toString('hex')}`,
  expiresAt: 1_900_000_000_000
}

function allFileText(): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n')
}

describe('SafeStorageTokenVault', () => {
  it.each(['basic_text', 'unknown'])(
    'refuses to exist on Linux when the backend is %s',
    async (backend) => {
      const safeStorage = new FakeSafeStorage(backend)
      expect(
        () => new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
      ).toThrow(AppError)
      expect(
        await createSafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
      ).toBeUndefined()
      expect(readdirSync(dir)).toEqual([])
    }
  )

  it('is not used when encryption is unavailable', async () => {
    const safeStorage = new FakeSafeStorage('gnome_libsecret')
    safeStorage.available = false
    expect(
      await createSafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    ).toBeUndefined()
  })

  it('stores one encrypted file per account, never containing the token, and reads it back', async () => {
    const safeStorage = new FakeSafeStorage('gnome_libsecret')
    const vault = await createSafeStorageTokenVault({
      safeStorage,
      directory: dir,
      platform: 'linux'
    })
    expect(vault?.kind).toBe('safe-storage')
    await vault!.set(accountId, secret)
    await vault!.set('zebbra|https://z.example|3', { accessToken: 'other-token-value-123' })

    const files = readdirSync(dir)
    expect(files).toHaveLength(2)
    const text = allFileText()
    for (const plain of [secret.accessToken, secret.refreshToken, 'other-token-value-123']) {
      expect(text).not.toContain(plain)
      expect(text).not.toContain(Buffer.from(plain).toString('base64'))
    }
    expect(JSON.parse(readFileSync(join(dir, files[0]), 'utf8'))).toMatchObject({
      backend: 'gnome_libsecret'
    })
    if (process.platform !== 'win32') expect(statSync(join(dir, files[0])).mode & 0o777).toBe(0o600)

    // A new vault (the next app start) reads it.
    const again = new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    expect(await again.get(accountId)).toEqual(secret)
    expect(await again.get('never-stored')).toBeUndefined()
  })

  it('a backend change since the write → vault/read-failed (needs-relink), file kept', async () => {
    const safeStorage = new FakeSafeStorage('kwallet5')
    await new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' }).set(
      accountId,
      secret
    )
    safeStorage.backend = 'gnome_libsecret'
    const vault = new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    await expect(vault.get(accountId)).rejects.toMatchObject({
      code: 'vault/read-failed',
      message: expect.stringContaining('KWallet 5')
    })
    expect(readdirSync(dir)).toHaveLength(1)
  })

  it('ciphertext that no longer decrypts → vault/read-failed', async () => {
    const safeStorage = new FakeSafeStorage('kwallet6')
    const vault = new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    await vault.set(accountId, secret)
    const [file] = readdirSync(dir)
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { ciphertext: string }
    const bytes = Buffer.from(record.ciphertext, 'base64')
    bytes[bytes.length - 1] ^= 0xff
    writeFileSync(
      join(dir, file),
      JSON.stringify({ ...record, ciphertext: bytes.toString('base64') })
    )
    await expect(vault.get(accountId)).rejects.toMatchObject({ code: 'vault/read-failed' })
  })

  it('a damaged file → vault/read-failed', async () => {
    const safeStorage = new FakeSafeStorage('kwallet6')
    const vault = new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    await vault.set(accountId, secret)
    const [file] = readdirSync(dir)
    writeFileSync(join(dir, file), '{"version":1,')
    await expect(vault.get(accountId)).rejects.toMatchObject({ code: 'vault/read-failed' })
  })

  it('re-encrypts when Electron reports a rotated key', async () => {
    const safeStorage = new FakeSafeStorage('gnome_libsecret')
    const vault = new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    await vault.set(accountId, secret)
    const [file] = readdirSync(dir)
    const before = readFileSync(join(dir, file), 'utf8')
    safeStorage.rotateOnNextDecrypt = true
    expect(await vault.get(accountId)).toEqual(secret)
    expect(safeStorage.encryptCalls).toBe(2)
    expect(readFileSync(join(dir, file), 'utf8')).not.toBe(before)
    expect(await vault.get(accountId)).toEqual(secret)
  })

  it('still returns a readable secret when re-sealing it after a key rotation fails', async () => {
    const safeStorage = new FakeSafeStorage('gnome_libsecret')
    const vault = new SafeStorageTokenVault({ safeStorage, directory: dir, platform: 'linux' })
    await vault.set(accountId, secret)
    safeStorage.rotateOnNextDecrypt = true
    safeStorage.encryptStringAsync = async () => {
      throw new Error('keyring locked')
    }
    expect(await vault.get(accountId)).toEqual(secret)
  })

  it('delete removes the file', async () => {
    const vault = new SafeStorageTokenVault({
      safeStorage: new FakeSafeStorage('kwallet'),
      directory: dir,
      platform: 'linux'
    })
    await vault.set(accountId, secret)
    await vault.delete(accountId)
    expect(readdirSync(dir)).toEqual([])
    expect(await vault.get(accountId)).toBeUndefined()
  })

  it('on macOS and Windows records the OS store and has no basic_text question', async () => {
    const mac = new SafeStorageTokenVault({
      safeStorage: new FakeSafeStorage('basic_text'),
      directory: dir,
      platform: 'darwin'
    })
    await mac.set(accountId, secret)
    const [file] = readdirSync(dir)
    expect(JSON.parse(readFileSync(join(dir, file), 'utf8'))).toMatchObject({
      backend: 'macos_keychain'
    })
    const windows = new SafeStorageTokenVault({
      safeStorage: new FakeSafeStorage('x'),
      directory: dir,
      platform: 'win32'
    })
    await expect(windows.get(accountId)).rejects.toMatchObject({ code: 'vault/read-failed' })
  })
})
