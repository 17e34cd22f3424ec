import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../../src/shared/models/account'
import { ManualClock } from '../../../../src/main/core/clock'
import { LeaseRegistry } from '../../../../src/main/core/leases'
import { nullLogger } from '../../../../src/main/core/logger'
import { ProviderPageService } from '../../../../src/main/core/provider-pages'
import type { HttpResponse } from '../../../../src/main/core/http'
import { createEventSink } from '../../../../src/main/ipc/dispatch'
import {
  bridgePageEvents,
  providerPageHandlers
} from '../../../../src/main/ipc/provider-page-handlers'

/**
 * `pages:watch` and its pushes: a lease per window and page, refreshes only while one is held,
 * pushes only to that page's watchers, and `pages:send-message` refusing text that is not JSON.
 */

const ZEBBRA: AccountSummary = {
  id: 'zebbra:http://z.invalid#1',
  provider: 'zebbra',
  providerLabel: 'Zebbra',
  serverOrigin: 'http://z.invalid',
  displayName: 'maker',
  identity: [],
  state: 'linked',
  credential: 'password-grant',
  storage: 'memory',
  linkedAt: '2026-01-01T00:00:00.000Z'
}

function answer(body: unknown): HttpResponse {
  const text = JSON.stringify(body)
  return { status: 200, headers: {}, text, json: () => JSON.parse(text) as unknown }
}

function setUp() {
  const clock = new ManualClock()
  let reads = 0
  const pages = new ProviderPageService({
    listAccounts: async () => [ZEBBRA],
    authorizedRequest: async (_accountId, request) => {
      if (request.url === '/user') {
        reads += 1
        return answer({ _id: '1', username: 'maker', workspaces: [], models: [] })
      }
      return answer([])
    },
    clock,
    logger: nullLogger,
    refreshIntervalMs: 1000
  })
  const leases = new LeaseRegistry()
  const sent: [string, string, unknown[]][] = []
  const sink = createEventSink({
    callers: () => ['win:1', 'win:2'],
    send: (callerId, channel, args) => sent.push([callerId, channel, args])
  })
  bridgePageEvents(pages, leases, sink)
  const handlers = providerPageHandlers({ providerPages: pages, leases })
  return { clock, pages, leases, sent, handlers, reads: () => reads }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('provider page handlers', () => {
  it('a watch reads at once, refreshes while leased, pushes only to its window, and stops', async () => {
    const { clock, leases, sent, handlers, reads } = setUp()
    const watch = await handlers['pages:watch'](ZEBBRA.id, { callerId: 'win:1' })
    expect(watch.snapshot.revision).toBe(0)
    await settle()
    expect(reads()).toBe(1)
    expect(sent.map(([caller, channel]) => [caller, channel])).toEqual([['win:1', 'pages:changed']])
    clock.advance(1000)
    await settle()
    expect(reads()).toBe(2)
    expect(leases.release('win:1', watch.leaseId)).toBe(true)
    clock.advance(5000)
    await settle()
    expect(reads()).toBe(2)
    // A second watch answers the page already read, not a placeholder.
    const again = await handlers['pages:watch'](ZEBBRA.id, { callerId: 'win:2' })
    expect(again.snapshot.revision).toBeGreaterThan(0)
    expect(again.snapshot.value.status).toBe('ready')
  })

  it('a window going away ends its page watch', async () => {
    const { clock, leases, handlers, reads } = setUp()
    await handlers['pages:watch'](ZEBBRA.id, { callerId: 'win:1' })
    await settle()
    leases.endCaller('win:1')
    clock.advance(3000)
    await settle()
    expect(reads()).toBe(1)
  })

  it('refuses actions on an account of another provider', async () => {
    const { handlers } = setUp()
    await expect(
      handlers['pages:send-message'](
        ZEBBRA.id,
        { deviceUuid: 'd', payloadJson: '{}' },
        { callerId: 'win:1' }
      )
    ).rejects.toMatchObject({ code: 'account/not-found' })
  })
})
