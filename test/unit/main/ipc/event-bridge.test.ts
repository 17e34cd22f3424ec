import { describe, expect, it } from 'vitest'
import type { LinkOutcome } from '../../../../src/shared/ipc/contract'
import type { AccountSummary } from '../../../../src/shared/models/account'
import type { Notice } from '../../../../src/shared/models/app-info'
import type { Snapshot } from '../../../../src/shared/snapshot'
import type { AccountService } from '../../../../src/main/core/accounts/account-service'
import type { PrinterService } from '../../../../src/main/core/printers/printer-service'
import type { PrintersChange } from '../../../../src/shared/models/printer'
import { Emitter } from '../../../../src/main/core/events'
import { LeaseRegistry } from '../../../../src/main/core/leases'
import { createEventSink } from '../../../../src/main/ipc/dispatch'
import { bridgeServiceEvents } from '../../../../src/main/ipc/event-bridge'

function setUp(callers: string[]) {
  const changed = new Emitter<Snapshot<AccountSummary[]>>()
  const finished = new Emitter<LinkOutcome>()
  const notices = new Emitter<Notice>()
  const accountService = {
    onDidChangeAccounts: changed.event,
    onDidFinishLink: finished.event
  } as unknown as AccountService
  const leases = new LeaseRegistry()
  const sent: [string, string, unknown[]][] = []
  const sink = createEventSink({
    callers: () => callers,
    send: (callerId, channel, args) => sent.push([callerId, channel, args])
  })
  const printerChanges = new Emitter<PrintersChange>()
  const opened = new Emitter<string>()
  const printers = { onDidChange: printerChanges.event } as unknown as PrinterService
  const bridge = bridgeServiceEvents(
    { accountService, onNotice: notices.event, leases, printers, onOpenPrinter: opened.event },
    sink
  )
  return { changed, finished, notices, leases, sent, bridge, printerChanges, opened }
}

describe('bridgeServiceEvents', () => {
  it('pushes printer changes only to windows holding a printers watch; notification clicks to all', () => {
    const { printerChanges, opened, leases, sent } = setUp(['w1', 'w2'])
    const change: PrintersChange = {
      revision: 3,
      accounts: [],
      changed: [],
      removed: ['a#1'],
      openAlerts: 0
    }
    printerChanges.fire(change)
    expect(sent).toEqual([])
    leases.acquire('w1', 'printers')
    printerChanges.fire(change)
    expect(sent).toEqual([['w1', 'printers:changed', [change]]])
    opened.fire('a#2')
    expect(sent.slice(1)).toEqual([
      ['w1', 'printers:open', ['a#2']],
      ['w2', 'printers:open', ['a#2']]
    ])
  })

  it('pushes account snapshots only to windows holding an accounts watch', () => {
    const { changed, leases, sent } = setUp(['w1', 'w2'])
    const snapshot = { revision: 4, value: [] }
    changed.fire(snapshot)
    expect(sent).toEqual([])
    leases.acquire('w2', 'accounts')
    leases.acquire('w1', 'file')
    changed.fire(snapshot)
    expect(sent).toEqual([['w2', 'accounts:changed', [snapshot]]])
  })

  it('stops pushing when the window’s lease ends', () => {
    const { changed, leases, sent } = setUp(['w1'])
    leases.acquire('w1', 'accounts')
    leases.endCaller('w1')
    changed.fire({ revision: 1, value: [] })
    expect(sent).toEqual([])
  })

  it('sends link outcomes and notices to every window, and nothing after dispose', () => {
    const { finished, notices, sent, bridge } = setUp(['w1', 'w2'])
    const outcome: LinkOutcome = {
      attemptId: '3f0c7a52-9f7e-4b8e-a1d2-5c6b7a8e9f01',
      ok: false,
      error: { code: 'auth/denied', message: 'No.' }
    }
    finished.fire(outcome)
    notices.fire({ id: 'n', level: 'info', message: 'hi' })
    expect(sent.map(([callerId, channel]) => `${callerId} ${channel}`)).toEqual([
      'w1 accounts:link-finished',
      'w2 accounts:link-finished',
      'w1 app:notice',
      'w2 app:notice'
    ])
    bridge.dispose()
    finished.fire(outcome)
    expect(sent).toHaveLength(4)
  })
})
