import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testComposeDeps } from './test-compose-deps'
import { composeServices } from '../../../src/main/compose-services'
import { accountIdFor, type AccountRecord } from '../../../src/main/core/accounts/account-registry'

/**
 * The Accounts screen says "Demo" on the account linked through "Try the demo". Main knows which
 * server is the demo's (the launcher started it); summaries carry `demo: true` for accounts on it,
 * and only while it runs.
 */

function obicoRecord(serverOrigin: string, userId: string): AccountRecord {
  return {
    id: accountIdFor('obico', serverOrigin, userId),
    provider: 'obico',
    profileKey: 'obico-self-hosted',
    serverOrigin,
    userId,
    displayName: 'maker@printdock.test',
    identity: [],
    credential: 'oauth',
    linkedAt: '2026-12-01T00:00:00.000Z',
    state: 'linked'
  }
}

describe('demo accounts in summaries', () => {
  it('marks accounts on the running demo server, and no other', async () => {
    const services = await composeServices(
      testComposeDeps(mkdtempSync(join(tmpdir(), 'printdock-demo-mark-')))
    )
    try {
      // Before the demo runs, nothing is a demo account.
      await services.core.registry.put(obicoRecord('http://print-farm.local:3334', '1'))
      expect((await services.accountService.listAccounts()).map((a) => a.demo)).toEqual([undefined])

      // The demo's link attempt names the demo server's origin as every account on it will have.
      const pending = await services.demo.start('demo-mark-op')
      services.accountService.cancelLink(pending.attemptId)
      await services.core.registry.put(obicoRecord(pending.serverOrigin, '1'))

      const accounts = await services.accountService.listAccounts()
      const byOrigin = Object.fromEntries(accounts.map((a) => [a.serverOrigin, a.demo]))
      expect(byOrigin).toEqual({
        'http://print-farm.local:3334': undefined,
        [pending.serverOrigin]: true
      })
    } finally {
      await services.dispose()
    }
  })
})
