import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../../../src/main/core/logger'
import { startService, type ServiceUnderTest } from './service-harness'

/**
 * A logger that keeps every line raw, without the console logger's redaction: what the service
 * hands a logger must hold no secret in the first place.
 */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const keep = (message: string, fields?: Record<string, unknown>) =>
    lines.push(
      `${message} ${JSON.stringify(fields, (_key, value: unknown) =>
        value instanceof Error ? { message: value.message, cause: String(value.cause) } : value
      )}`
    )
  return { logger: { debug: keep, info: keep, warn: keep, error: keep }, lines }
}

describe('PrinterService: more behaviour', () => {
  let t: ServiceUnderTest | undefined
  afterEach(async () => {
    await t?.close()
    t = undefined
  })

  it('a snapshot on an unreachable site domain says so, naming the host', async () => {
    t = await startService({ siteOrigin: 'http://127.0.0.1:9' })
    await t.service.refresh()
    const image = await t.service.snapshotImage(t.printerId(1))
    expect(image).toMatchObject({ ok: false, reason: 'unreachable' })
    if (!image.ok)
      expect(image.message).toContain("The snapshot's host (127.0.0.1:9) can't be reached")
  })

  it('keeps a temperature history per printer since the service started', async () => {
    t = await startService()
    await t.service.refresh()
    t.sb.clock.advance(10_000)
    await t.service.refresh()
    const history = t.service.temperatureHistory(t.printerId(1))
    expect(history).toHaveLength(2)
    expect(history[1].at - history[0].at).toBeGreaterThan(0)
    expect(history[0].tool?.target).toBe(215)
    expect(t.service.temperatureHistory(t.printerId(3))).toEqual([]) // offline: no readings
  })

  it('never logs a printer auth_token or the account token, even when replies go wrong', async () => {
    const { logger, lines } = recordingLogger()
    t = await startService({ logger })
    await t.service.refresh()
    t.sb.server.faults.add({
      method: 'GET',
      path: '/api/v1/printers/',
      fault: { kind: 'status', status: 500 }
    })
    await t.service.refresh()
    t.sb.printers.setAgentBehaviour(1, { mode: 'ignores' })
    await t.service.command('op', [t.printerId(1)], 'pause')
    const logged = lines.join('\n')
    expect(logged).toContain('reading an account failed')
    for (const printer of t.sb.printers.list())
      expect(logged).not.toContain(String(printer.auth_token))
  })

  it('an unknown printer id is a plain not-found; a command to it is rejected without a request', async () => {
    t = await startService()
    await t.service.refresh()
    const before = t.urls.length
    const [receipt] = await t.service.command('op', [`${t.account.id}#999`], 'pause')
    expect(receipt.state).toBe('rejected')
    expect(t.urls.length).toBe(before)
    expect(() => t!.service.printer('nope')).toThrow(
      'That printer is no longer on any linked account.'
    )
  })
})

describe('PrinterService: an account that needs re-linking', () => {
  it('keeps its printers greyed, sends nothing while it needs re-linking, and reads at once when re-linked', async () => {
    const t = await startService()
    try {
      await t.service.refresh()
      const before = t.urls.length
      const relink = { ...t.account, state: 'needs-relink' as const }
      t.accountChanges.fire([relink])
      const snapshot = await t.service.refresh()
      expect(t.urls.length).toBe(before)
      expect(snapshot.value.accounts[0]).toMatchObject({ status: 'needs-relink' })
      expect(snapshot.value.accounts[0].detail).toContain('Link the account again')
      expect(snapshot.value.printers.every((p) => p.stale)).toBe(true)
      t.accountChanges.fire([{ ...t.account, state: 'linked' }])
      await expect.poll(() => t.service.snapshot().value.accounts[0].status).toBe('ok')
      expect(t.service.snapshot().value.printers.some((p) => p.stale)).toBe(false)
    } finally {
      await t.close()
    }
  })
})

describe('PrinterService: print filters', () => {
  it('filters by outcome and by local dates, and refuses a date range without a zone', async () => {
    const t = await startService()
    try {
      await t.service.refresh()
      const cancelled = await t.service.listPrints({
        accountId: t.account.id,
        filter: 'cancelled',
        start: 0,
        limit: 50
      })
      expect(cancelled.prints.length).toBeGreaterThan(0)
      expect(cancelled.prints.every((p) => p.outcome === 'cancelled')).toBe(true)
      const today = new Date(t.sb.clock.now()).toISOString().slice(0, 10)
      await t.service.listPrints({
        accountId: t.account.id,
        fromDate: today,
        toDate: today,
        timeZone: 'America/Argentina/Buenos_Aires',
        start: 0,
        limit: 50
      })
      const url = t.urls.at(-1)!
      expect(url).toContain(`from_date=${today}&to_date=${today}`)
      expect(url).toContain('timezone=America%2FArgentina%2FBuenos_Aires')
      await expect(
        t.service.listPrints({ accountId: t.account.id, fromDate: today, start: 0, limit: 5 })
      ).rejects.toMatchObject({ code: 'ipc/invalid-arguments' })
    } finally {
      await t.close()
    }
  })
})
