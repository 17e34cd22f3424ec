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

/**
 * A new process must not show an account as linked when its secret is gone: a memory-only vault
 * from an earlier run, a wiped keychain, or a keychain that fails to read.
 */
function record(id: string, state: AccountRecord['state'] = 'linked'): AccountRecord {
  return {
    id,
    provider: 'obico',
    profileKey: 'obico-self-hosted',
    serverOrigin: 'https://obico.example',
    userId: id,
    displayName: `${id}@example.com`,
    identity: [{ label: 'Email', value: `${id}@example.com` }],
    credential: 'oauth',
    linkedAt: '2026-11-01T00:00:00.000Z',
    state,
    // Saved by an earlier process with the same kind of vault as these tests use.
    storage: 'memory'
  }
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

class FailingVault extends InMemoryTokenVault {
  override async get(): Promise<StoredSecret | undefined> {
    throw new Error('org.freedesktop.secrets: the collection is locked')
  }
}

describe('accounts checked against the vault once per process', () => {
  it('turns an account whose secret is missing to needs-relink, in plain words', async () => {
    const vault = new InMemoryTokenVault()
    await vault.set('kept', { accessToken: 'still-here' })
    const { service, registry } = serviceWith(vault, [record('kept'), record('lost')])
    const accounts = await service.listAccounts()
    const byId = Object.fromEntries(accounts.map((a) => [a.id, a]))
    expect(byId.kept?.state).toBe('linked')
    expect(byId.lost?.state).toBe('needs-relink')
    expect(byId.lost?.stateDetail).toMatch(/missing/i)
    expect((await registry.get('lost'))?.state).toBe('needs-relink')
    service.dispose()
  })

  it('turns accounts to needs-relink when the keychain read fails, without throwing', async () => {
    const { service } = serviceWith(new FailingVault(), [record('a')])
    const [account] = await service.listAccounts()
    expect(account?.state).toBe('needs-relink')
    expect(account?.stateDetail).toBeTruthy()
    expect(account?.stateDetail).not.toContain('locked')
    service.dispose()
  })

  it('settles a re-link that an earlier process left half-done', async () => {
    const vault = new InMemoryTokenVault()
    await vault.set('b', { accessToken: 'token' })
    const { service } = serviceWith(vault, [record('b', 'linking')])
    const [account] = await service.listAccounts()
    expect(account?.state).toBe('linked')
    service.dispose()
  })
})
