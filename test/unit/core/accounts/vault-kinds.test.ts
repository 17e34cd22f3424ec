import { describe, expect, it } from 'vitest'
import { createAccountService } from '../../../../src/main/core/accounts'
import {
  InMemoryAccountRegistry,
  type AccountRecord
} from '../../../../src/main/core/accounts/account-registry'
import { ManualClock } from '../../../../src/main/core/clock'
import { nullLogger } from '../../../../src/main/core/logger'
import {
  InMemoryTokenVault,
  type StoredSecret,
  type TokenVault
} from '../../../../src/main/core/vault/token-vault'
import type { SecretStorageKind } from '../../../../src/shared/models/account'
import { startObicoFake } from '../../../fakes/obico'

/**
 * The app and the CLI share accounts.json but not always a vault (safeStorage is app-only; a CLI
 * over SSH may have no keychain). A secret missing from this process's vault means "gone" only
 * when this vault is the kind that stored it.
 */

/** An empty vault of the given kind, as a fresh process would see it. */
class VaultOfKind implements TokenVault {
  readonly description: string
  private readonly inner = new InMemoryTokenVault()
  constructor(readonly kind: SecretStorageKind) {
    this.description = `the test ${kind}`
  }
  get(accountId: string): Promise<StoredSecret | undefined> {
    return this.inner.get(accountId)
  }
  set(accountId: string, secret: StoredSecret): Promise<void> {
    return this.inner.set(accountId, secret)
  }
  delete(accountId: string): Promise<void> {
    return this.inner.delete(accountId)
  }
}

function record(
  id: string,
  storage: AccountRecord['storage'],
  state: AccountRecord['state'] = 'linked'
): AccountRecord {
  const base: AccountRecord = {
    id,
    provider: 'obico',
    profileKey: 'obico-self-hosted',
    serverOrigin: 'https://obico.example',
    userId: id,
    displayName: `${id}@example.com`,
    identity: [],
    credential: 'oauth',
    linkedAt: '2026-11-01T00:00:00.000Z',
    state
  }
  return storage ? { ...base, storage } : base
}

function serviceWith(vault: TokenVault, records: AccountRecord[]) {
  const registry = new InMemoryAccountRegistry(records)
  const service = createAccountService({
    vault,
    registry,
    browser: { open: async () => {} },
    clock: new ManualClock(),
    logger: nullLogger,
    clientIds: {}
  })
  return { service, registry }
}

describe('accounts whose secret another kind of vault holds', () => {
  it('a CLI without a keychain reports the app keychain account as it is and writes nothing', async () => {
    const stored = record('app', 'keychain')
    const { service, registry } = serviceWith(new VaultOfKind('memory'), [stored])
    const [account] = await service.listAccounts()
    expect(account).toMatchObject({ state: 'linked', storage: 'keychain' })
    expect(account?.stateDetail).toMatch(/system keychain.*can't reach/)
    expect(await registry.get('app')).toEqual(stored)
    // Using it here fails plainly, still without turning it to needs-relink.
    await expect(service.getAccessToken('app')).rejects.toMatchObject({
      code: 'vault/read-failed'
    })
    expect(await registry.get('app')).toEqual(stored)
    service.dispose()
  })

  it("the app's safe-storage account seen from a keychain CLI says it is the app's", async () => {
    const stored = record('app', 'safe-storage')
    const { service, registry } = serviceWith(new VaultOfKind('keychain'), [stored])
    const [account] = await service.listAccounts()
    expect(account).toMatchObject({ state: 'linked', storage: 'safe-storage' })
    expect(account?.stateDetail).toMatch(/Printdock app/)
    expect(await registry.get('app')).toEqual(stored)
    service.dispose()
  })

  it('an old record without a storage kind is left alone by a memory-only vault', async () => {
    const stored = record('old', undefined)
    const { service, registry } = serviceWith(new VaultOfKind('memory'), [stored])
    const [account] = await service.listAccounts()
    expect(account?.state).toBe('linked')
    expect(account?.stateDetail).toMatch(/can't check/)
    expect(await registry.get('old')).toEqual(stored)
    service.dispose()
  })

  it('the same kind of persistent vault without the secret: needs-relink, written', async () => {
    const { service, registry } = serviceWith(new VaultOfKind('keychain'), [
      record('wiped', 'keychain')
    ])
    const [account] = await service.listAccounts()
    expect(account?.state).toBe('needs-relink')
    expect((await registry.get('wiped'))?.state).toBe('needs-relink')
    service.dispose()
  })

  it.each(['memory', 'keychain', 'safe-storage'] as const)(
    'a memory-kind account found by a later process (%s vault) is gone: needs-relink',
    async (kind) => {
      const { service, registry } = serviceWith(new VaultOfKind(kind), [
        record('ephemeral', 'memory')
      ])
      const [account] = await service.listAccounts()
      expect(account?.state).toBe('needs-relink')
      expect((await registry.get('ephemeral'))?.state).toBe('needs-relink')
      service.dispose()
    }
  )

  it('a linked account records which kind of vault stored its secret', async () => {
    const fake = await startObicoFake({ autoApprove: true })
    try {
      const vault = new VaultOfKind('safe-storage')
      const { service, registry } = serviceWith(vault, [])
      const account = await service.linkWithSecret({
        profileKey: 'obico-self-hosted',
        serverUrl: fake.baseUrl,
        kind: 'access-token',
        secret: fake.createAdminToken(fake.users[0].id)
      })
      expect(account.storage).toBe('safe-storage')
      expect((await registry.get(account.id))?.storage).toBe('safe-storage')
      service.dispose()
    } finally {
      await fake.close()
    }
  })
})
