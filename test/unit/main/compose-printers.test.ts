import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { testComposeDeps } from './test-compose-deps'
import { composeServices, type Services } from '../../../src/main/compose-services'
import { nullLogger } from '../../../src/main/core/logger'
import { RecordingNotifier } from '../../../src/main/core/printers/printer-notifications'
import { PRINTERS_WATCH } from '../../../src/main/ipc/printer-handlers'
import { dispatchInvoke } from '../../../src/main/ipc/dispatch'
import { startObicoFake, type ObicoFake } from '../../fakes/obico'

/** Waits until `check` holds, polling every 50 ms (the services poll real servers). */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the composition runs the printers', () => {
  let services: Services | undefined
  let fake: ObicoFake | undefined
  afterEach(async () => {
    await services?.dispose()
    await fake?.close()
  })

  it('a linked account’s printers appear at once; a watch polls fast; alerts notify once and set the badge', async () => {
    fake = await startObicoFake({ agentBehaviour: { delayMs: 100 } })
    services = await composeServices(
      testComposeDeps(mkdtempSync(join(tmpdir(), 'printdock-compose-printers-')))
    )
    const live = services
    const notifier = live.notifier as RecordingNotifier
    expect(notifier).toBeInstanceOf(RecordingNotifier)
    expect(live.printers.pollIntervalMs).toBe(30_000)

    await live.accountService.linkWithSecret({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl,
      kind: 'access-token',
      secret: fake.createAdminToken(fake.users[0].id)
    })
    // Read the moment the account is linked, not at the next 30 s tick.
    await until(() => live.printers.snapshot().value.printers.length === 5, 5_000)

    const watch = await dispatchInvoke(live.handlers, 'printers:watch', [], nullLogger, {
      callerId: 'window-1'
    })
    expect(watch.ok).toBe(true)
    expect(live.leases.holders(PRINTERS_WATCH)).toEqual(['window-1'])
    expect(live.printers.pollIntervalMs).toBe(5_000)
    live.printers.setVisible(false)
    expect(live.printers.pollIntervalMs).toBe(30_000)
    live.printers.setVisible(true)

    fake.printers.raiseFailureAlert(1, 0.97)
    await live.printers.refresh()
    await live.printers.refresh()
    expect(notifier.shown.map((n) => [n.kind, n.title])).toEqual([
      ['alert', 'Possible failure on Prusa MK3S']
    ])
    expect(notifier.badgeCount).toBe(1)

    // Switched off for this kind: no notification.
    live.printerPreferences.update({ notify: { finished: false } })
    const detected: string[] = []
    live.printers.onDidDetectEvents((events) => detected.push(...events.map((e) => e.kind)))
    fake.printers.startPrint(2, { filename: 'quick.gcode', durationSeconds: 1 })
    await live.printers.refresh()
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await live.printers.refresh()
    expect(detected).toEqual(['finished']) // it happened…
    expect(notifier.shown.map((n) => n.kind)).toEqual(['alert']) // …but was not shown

    // The window goes away: its lease ends and polling slows.
    live.leases.endCaller('window-1')
    expect(live.printers.pollIntervalMs).toBe(30_000)
  }, 30_000)
})
