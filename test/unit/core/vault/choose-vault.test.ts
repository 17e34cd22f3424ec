import { describe, expect, it } from 'vitest'
import { nullLogger } from '../../../../src/main/core/logger'
import { chooseTokenVault, MEMORY_VAULT_NOTICE } from '../../../../src/main/core/vault/choose-vault'
import type { StoredSecret, TokenVault } from '../../../../src/main/core/vault/token-vault'

function fakeVault(kind: TokenVault['kind']): TokenVault {
  const items = new Map<string, StoredSecret>()
  return {
    kind,
    description: `fake ${kind}`,
    get: async (id) => items.get(id),
    set: async (id, secret) => void items.set(id, secret),
    delete: async (id) => void items.delete(id)
  }
}

describe('chooseTokenVault', () => {
  it('uses the keychain when it works, without asking safe storage', async () => {
    const keychain = fakeVault('keychain')
    let asked = false
    const chosen = await chooseTokenVault({
      keyring: async () => keychain,
      safeStorage: () => {
        asked = true
        return fakeVault('safe-storage')
      },
      logger: nullLogger
    })
    expect(chosen).toEqual({ vault: keychain })
    expect(asked).toBe(false)
  })

  it('falls back to safe storage when the keychain is unreachable or throws', async () => {
    const safe = fakeVault('safe-storage')
    for (const keyring of [
      async () => undefined,
      async () => Promise.reject(new Error('dbus gone'))
    ]) {
      const chosen = await chooseTokenVault({
        keyring,
        safeStorage: () => safe,
        logger: nullLogger
      })
      expect(chosen).toEqual({ vault: safe })
    }
  })

  it('ends in memory with the notice when nothing persistent works (the CLI has no safe storage)', async () => {
    const cli = await chooseTokenVault({ keyring: async () => undefined, logger: nullLogger })
    expect(cli.vault.kind).toBe('memory')
    expect(cli.notice).toBe(MEMORY_VAULT_NOTICE)
    const app = await chooseTokenVault({
      keyring: async () => undefined,
      safeStorage: () => {
        throw new Error('basic_text refused')
      },
      logger: nullLogger
    })
    expect(app.vault.kind).toBe('memory')
    expect(app.notice).toBe(
      "Printdock can't reach your system keychain, so you'll be signed out when Printdock quits."
    )
    await app.vault.set('a', { accessToken: 't' })
    expect(await app.vault.get('a')).toEqual({ accessToken: 't' })
  })
})
