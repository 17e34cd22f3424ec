import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PAUSING_MS } from '../../../fakes/obico'
import type { PrinterEvent } from '../../../../src/main/core/printers/printer-events'
import { startService, type ServiceUnderTest } from './service-harness'

describe('PrinterService against the Obico fake', () => {
  let t: ServiceUnderTest
  beforeEach(async () => {
    t = await startService()
  })
  afterEach(async () => {
    await t.close()
  })

  const summary = (obicoId: number) => t.service.printer(t.printerId(obicoId))

  it('reads every printer with one request and derives their states', async () => {
    const snapshot = await t.service.refresh()
    const byName = Object.fromEntries(snapshot.value.printers.map((p) => [p.name, p.state]))
    expect(byName).toEqual({
      'Prusa MK3S': 'printing',
      'Voron 2.4': 'idle',
      'Ender 3 V2': 'offline',
      'Prusa MINI': 'paused',
      'Sovol SV06': 'disconnected'
    })
    expect(t.urls.filter((url) => url.includes('/api/v1/printers/'))).toHaveLength(1)
    expect(snapshot.value.accounts[0]).toMatchObject({ status: 'ok' })
  })

  it('never lets a printer auth_token into the model or a pushed change', async () => {
    await t.service.refresh()
    const tokens = t.sb.printers.list().map((p) => p.auth_token)
    const everything = JSON.stringify([t.service.snapshot(), t.changes])
    for (const token of tokens) expect(everything).not.toContain(token)
  })

  it('pushes only the printers whose data changed', async () => {
    await t.service.refresh()
    const before = t.changes.length
    await t.service.refresh()
    expect(t.changes.length).toBe(before) // nothing changed, nothing pushed
    t.sb.clock.advance(60_000)
    await t.service.refresh()
    const change = t.changes.at(-1)!
    const names = change.changed.map((p) => p.name)
    expect(names).toContain('Prusa MK3S')
    expect(names).not.toContain('Voron 2.4')
    expect(change.revision).toBeGreaterThan(t.changes[before - 1].revision)
    for (const p of change.changed) expect(p.revision).toBe(change.revision)
  })

  it('pause stays awaiting until a later status shows Paused, then is confirmed', async () => {
    await t.service.refresh()
    const id = t.printerId(1)
    const [receipt] = await t.service.command('op-1', [id], 'pause')
    expect(receipt).toEqual({ printerId: id, state: 'awaiting-confirmation' })
    await t.service.refresh()
    expect(summary(1).pendingCommand?.state).toBe('awaiting-confirmation')
    expect(summary(1).state).toBe('printing') // the agent has not acted yet
    const confirmed = t.service.waitForCommand(id, 'op-1')
    t.sb.clock.advance(1_000 + PAUSING_MS)
    await t.service.refresh()
    expect(summary(1).state).toBe('paused')
    expect((await confirmed).state).toBe('confirmed')
  })

  it('with an agent that ignores commands, the pause is "not confirmed" after the timeout', async () => {
    await t.service.refresh()
    t.sb.printers.setAgentBehaviour(1, { mode: 'ignores' })
    const id = t.printerId(1)
    await t.service.command('op-2', [id], 'pause')
    const outcome = t.service.waitForCommand(id, 'op-2')
    t.sb.clock.advance(30_000)
    await t.service.refresh()
    expect(summary(1).pendingCommand?.state).toBe('awaiting-confirmation')
    t.sb.clock.advance(30_000)
    const pending = await outcome
    expect(pending.state).toBe('not-confirmed')
    expect(pending.message).toBe('The printer has not confirmed the pause. It may be offline.')
    // Sent exactly once: never retried.
    expect(
      t.sb.printers.published(1).filter((p) => p.frame.commands[0].cmd === 'pause')
    ).toHaveLength(1)
  })

  it('a command to an idle printer is rejected in plain words', async () => {
    await t.service.refresh()
    const [receipt] = await t.service.command('op-3', [t.printerId(2)], 'resume')
    expect(receipt.state).toBe('rejected')
    expect(receipt.message).toBe(
      'Voron 2.4 is not printing anything, so there was nothing to resume.'
    )
  })

  it('cancel is confirmed when the print is gone', async () => {
    await t.service.refresh()
    const id = t.printerId(1)
    await t.service.command('op-4', [id], 'cancel')
    const outcome = t.service.waitForCommand(id, 'op-4')
    t.sb.clock.advance(10_000)
    await t.service.refresh()
    expect((await outcome).state).toBe('confirmed')
    expect(summary(1).state).toBe('idle')
  })

  it('never sends mute_current_print when nothing is printing', async () => {
    await t.service.refresh()
    await expect(t.service.mute(t.printerId(2), true)).rejects.toMatchObject({
      code: 'printers/not-printing'
    })
    expect(t.urls.some((url) => url.includes('mute_current_print'))).toBe(false)
    const muted = await t.service.mute(t.printerId(1), true)
    expect(muted.failureDetection.notWatchingReason).toBe('Alerts are muted for current print')
  })

  it('an alert raises one event, counts in openAlerts, and acknowledging clears it', async () => {
    const events: PrinterEvent[] = []
    t.service.onDidDetectEvents((batch) => events.push(...batch))
    await t.service.refresh()
    t.sb.printers.raiseFailureAlert(1, 0.95)
    await t.service.refresh()
    await t.service.refresh()
    expect(events.map((e) => e.kind)).toEqual(['alert'])
    expect(t.service.snapshot().value.openAlerts).toBe(1)
    expect(summary(1).failureDetection.gauge).toBe(0.95)
    const after = await t.service.acknowledgeAlert(t.printerId(1), 'not-failed')
    expect(after.alert).toBeNull()
    expect(t.service.snapshot().value.openAlerts).toBe(0)
  })

  it('a print that finishes and one that fails each raise one event', async () => {
    const events: PrinterEvent[] = []
    t.service.onDidDetectEvents((batch) => events.push(...batch))
    t.sb.printers.startPrint(2, { filename: 'short.gcode', durationSeconds: 60 })
    await t.service.refresh()
    t.sb.clock.advance(61_000)
    await t.service.refresh()
    t.sb.printers.startPrint(2, { filename: 'doomed.gcode', durationSeconds: 600 })
    await t.service.refresh()
    t.sb.printers.failPrint(2, 'Thermal runaway')
    await t.service.refresh()
    expect(
      events.filter((e) => e.printerId === t.printerId(2)).map((e) => [e.kind, e.fileName])
    ).toEqual([
      ['finished', 'short.gcode'],
      ['failed', 'doomed.gcode']
    ])
    expect(summary(2).errorText).toBe('Thermal runaway')
  })

  it('an agent going offline mid-print: one event, the printer shows when it was last seen', async () => {
    const events: PrinterEvent[] = []
    t.service.onDidDetectEvents((batch) => events.push(...batch))
    await t.service.refresh()
    const seenAt = t.sb.clock.now()
    t.sb.clock.advance(5_000)
    t.sb.printers.setOffline(1)
    await t.service.refresh()
    await t.service.refresh()
    expect(events.map((e) => e.kind)).toEqual(['offline-mid-print'])
    expect(summary(1).state).toBe('offline')
    expect(summary(1).lastSeen).toBe(new Date(seenAt).toISOString())
  })

  it('a malformed reply is an error state for the account; printers kept, greyed, last seen', async () => {
    await t.service.refresh()
    t.sb.server.faults.add({
      method: 'GET',
      path: '/api/v1/printers/',
      fault: { kind: 'malformed-json' }
    })
    const snapshot = await t.service.refresh()
    expect(snapshot.value.accounts[0].status).toBe('malformed-reply')
    expect(snapshot.value.accounts[0].detail).toContain('not a printer list')
    expect(snapshot.value.printers).toHaveLength(5)
    expect(snapshot.value.printers.every((p) => p.stale)).toBe(true)
    const prusa = snapshot.value.printers.find((p) => p.name === 'Prusa MK3S')!
    expect(prusa.lastSeen).not.toBeNull()
  })

  it('an unreachable server is "unreachable"; the next good read clears it', async () => {
    await t.service.refresh()
    const remove = t.sb.server.faults.add({
      method: 'GET',
      path: '/api/v1/printers/',
      fault: { kind: 'status', status: 503 }
    })
    expect((await t.service.refresh()).value.accounts[0].status).toBe('unreachable')
    remove()
    const back = await t.service.refresh()
    expect(back.value.accounts[0].status).toBe('ok')
    expect(back.value.printers.some((p) => p.stale)).toBe(false)
  })

  it('settings go out as a PATCH with known keys only', async () => {
    await t.service.refresh()
    const updated = await t.service.updateSettings(t.printerId(2), {
      name: 'Voron Trident',
      detectiveSensitivity: 1.2,
      actionOnFailure: 'NONE'
    })
    expect(updated.name).toBe('Voron Trident')
    expect(t.sb.printers.get(2)).toMatchObject({
      name: 'Voron Trident',
      detective_sensitivity: 1.2,
      action_on_failure: 'NONE'
    })
  })

  it('the snapshot image comes back as a bounded JPEG data URL', async () => {
    await t.service.refresh()
    const image = await t.service.snapshotImage(t.printerId(1))
    expect(image.ok).toBe(true)
    if (image.ok) expect(image.dataUrl.startsWith('data:image/jpeg;base64,/9j/')).toBe(true)
    const none = await t.service.snapshotImage(t.printerId(3)) // offline for days: no snapshot
    expect(none).toMatchObject({ ok: false, reason: 'no-snapshot' })
  })

  it('prints: paging with hasMore, printer filter, bulk delete', async () => {
    await t.service.refresh()
    const first = await t.service.listPrints({ accountId: t.account.id, start: 0, limit: 2 })
    expect(first.prints).toHaveLength(2)
    expect(first.hasMore).toBe(true)
    const prusa = await t.service.listPrints({
      accountId: t.account.id,
      printerIds: [t.printerId(1)],
      start: 0,
      limit: 50
    })
    expect(prusa.prints.every((p) => p.printerId === t.printerId(1))).toBe(true)
    expect(JSON.stringify(prusa)).not.toContain(t.sb.printers.get(1)!.auth_token)
    const ids = prusa.prints.filter((p) => p.outcome === 'finished').map((p) => p.id)
    await t.service.deletePrints(t.account.id, ids)
    const after = await t.service.listPrints({
      accountId: t.account.id,
      printerIds: [t.printerId(1)],
      start: 0,
      limit: 50
    })
    expect(after.prints.some((p) => ids.includes(p.id))).toBe(false)
  })

  it('stats send all four parameters, the zone percent-encoded, and read the date part of keys', async () => {
    const stats = await t.service.stats({
      accountId: t.account.id,
      fromDate: '2020-01-01',
      toDate: '2030-12-31',
      timeZone: 'Etc/GMT+5',
      groupBy: 'month'
    })
    const url = t.urls.find((u) => u.includes('/prints/stats/'))!
    expect(url).toContain('timezone=Etc%2FGMT%2B5')
    for (const key of ['from_date=2020-01-01', 'to_date=2030-12-31', 'group_by=month'])
      expect(url).toContain(key)
    expect(stats.totalPrintCount).toBeGreaterThan(0)
    for (const period of stats.periods) expect(period.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})
