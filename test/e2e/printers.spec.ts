/// <reference path="../../src/preload/index.d.ts" />
/**
 * The Printers screens end to end in real Chromium: the production renderer, the real main
 * composition (printer service, poller, notifications through the harness's recording twin) and
 * the Obico fake over HTTP, whose simulated agents act on commands after a delay, or not at all.
 *
 * The account is linked with an access token the fake issued (the pasted-token route of
 * self-hosted Obico), so each test starts on a dashboard of the fake's demo printers: Prusa MK3S
 * printing, Voron 2.4 idle, Ender 3 V2 offline, Prusa MINI paused, Sovol SV06 disconnected.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_CLIENT_ID, startObicoFake, type ObicoFake } from '../fakes/obico'
import { startHarness, type AppPage, type Harness } from '../harness'

// Tall enough for the five demo cards: off-screen cards render their body only when scrolled to.
test.use({ viewport: { width: 1280, height: 1800 } })

let fake: ObicoFake
let harness: Harness

/** Fast polls, so the tests see the printers change within seconds. */
const INTERVALS = {
  watchedMs: 400,
  backgroundMs: 4_000,
  burstMs: 200,
  burstReads: 3,
  backoffBaseMs: 400,
  backoffMaxMs: 2_000
}

test.beforeEach(async ({ context }) => {
  fake = await startObicoFake({ agentBehaviour: { delayMs: 1_500 } })
  harness = await startHarness({
    context,
    printerIntervals: INTERVALS,
    commandConfirmTimeoutMs: 5_000
  })
  harness.services.settings.set('firstRunDone', true)
  const token = fake.issueToken(1, DEMO_CLIENT_ID).accessToken
  await harness.services.accountService.linkWithSecret({
    profileKey: 'obico-self-hosted',
    serverUrl: fake.baseUrl,
    kind: 'access-token',
    secret: token
  })
})

test.afterEach(async () => {
  await harness?.close()
  await fake?.close()
})

function printerId(name: string): number {
  const printer = fake.printers.list().find((p) => p.name === name)
  if (!printer) throw new Error(`the fake has no printer ${name}`)
  return printer.id
}

function card(page: Page, name: string): Locator {
  return page
    .getByTestId('printer-card')
    .filter({ has: page.getByRole('heading', { name, exact: true }) })
}

async function openDashboard(): Promise<AppPage> {
  const app = await harness.openApp()
  await expect(app.page.getByTestId('printer-card')).toHaveCount(5)
  return app
}

function expectNoErrors(app: AppPage): void {
  expect(app.pageErrors).toEqual([])
  expect(app.consoleErrors).toEqual([])
}

test('a print progresses on screen', async () => {
  const voron = printerId('Voron 2.4')
  fake.printers.startPrint(voron, { filename: 'gridfinity.gcode', durationSeconds: 40, layers: 80 })
  const app = await openDashboard()
  const voronCard = card(app.page, 'Voron 2.4')
  await expect(voronCard).toHaveAttribute('data-state', 'printing')
  await expect(voronCard.getByTestId('printer-file')).toHaveText('gridfinity.gcode')
  const first = Number.parseInt(
    (await voronCard.getByTestId('printer-progress').textContent()) ?? ''
  )
  await expect
    .poll(async () =>
      Number.parseInt((await voronCard.getByTestId('printer-progress').textContent()) ?? '')
    )
    .toBeGreaterThan(first + 4)
  await expect(voronCard.getByTestId('temperature-tool')).toContainText('°C')
  expectNoErrors(app)
})

test('pause shows Pausing… then Paused as the agent acts', async () => {
  const app = await openDashboard()
  const prusa = card(app.page, 'Prusa MK3S')
  await expect(prusa).toHaveAttribute('data-state', 'printing')
  await prusa.getByTestId('printer-pause').click()
  await expect(prusa.getByTestId('command-note')).toHaveText('Pausing…')
  // The fake's agent pauses 1.5 s after the command was published; a later status shows it.
  await expect(prusa).toHaveAttribute('data-state', 'paused')
  await expect(prusa.getByTestId('command-note')).toHaveText('')
  await expect(prusa.getByTestId('printer-resume')).toBeEnabled()
  expect(
    fake.printers.published(printerId('Prusa MK3S')).map((c) => c.frame.commands[0]?.cmd)
  ).toEqual(['pause'])
  expectNoErrors(app)
})

test('with the agent ignoring commands, the card says the pause was not confirmed', async () => {
  fake.printers.setAgentBehaviour(printerId('Prusa MK3S'), { mode: 'ignores' })
  const app = await openDashboard()
  const prusa = card(app.page, 'Prusa MK3S')
  await prusa.getByTestId('printer-pause').click()
  await expect(prusa.getByTestId('command-note')).toHaveText('Pausing…')
  await expect(prusa.getByTestId('command-note')).toHaveText(
    'The printer has not confirmed the pause. It may be offline.',
    { timeout: 15_000 }
  )
  await expect(prusa).toHaveAttribute('data-state', 'printing')
  // Published once, never retried.
  expect(fake.printers.published(printerId('Prusa MK3S'))).toHaveLength(1)
  expectNoErrors(app)
})

test('cancel asks first, then cancels', async () => {
  const app = await openDashboard()
  const prusa = card(app.page, 'Prusa MK3S')
  await prusa.getByTestId('printer-cancel').click()
  const dialog = app.page.getByTestId('cancel-dialog')
  await expect(dialog).toContainText("A cancelled print can't be resumed.")
  await dialog.getByRole('button', { name: 'Keep printing' }).click()
  await expect(dialog).toHaveCount(0)
  expect(fake.printers.published(printerId('Prusa MK3S'))).toHaveLength(0)

  await prusa.getByTestId('printer-cancel').click()
  await app.page.getByTestId('cancel-confirm').click()
  await expect(prusa.getByTestId('command-note')).toHaveText('Cancelling…')
  await expect(prusa).toHaveAttribute('data-state', 'idle', { timeout: 15_000 })
  expect(
    fake.printers.published(printerId('Prusa MK3S')).map((c) => c.frame.commands[0]?.cmd)
  ).toEqual(['cancel'])
  expectNoErrors(app)
})

test('a failure alert raises one notification, counts on the badge, and can be muted', async () => {
  const app = await openDashboard()
  const prusaId = printerId('Prusa MK3S')
  fake.printers.setAgentBehaviour(prusaId, { mode: 'ignores' })
  fake.printers.raiseFailureAlert(prusaId, 0.9)
  const prusa = card(app.page, 'Prusa MK3S')
  const alert = prusa.getByTestId('failure-alert')
  await expect(alert).toBeVisible()
  await expect(app.page.getByTestId('open-alerts')).toHaveText('1 open alert')
  await expect.poll(() => harness.notifications.badgeCount).toBe(1)
  // Several more polls: still exactly one notification about the alert.
  await app.page.waitForTimeout(1_500)
  expect(harness.notifications.shown.filter((n) => n.kind === 'alert')).toHaveLength(1)
  expect(harness.notifications.shown.find((n) => n.kind === 'alert')?.printerId).toContain(
    `#${prusaId}`
  )

  await alert.getByTestId('alert-mute').click()
  await expect(prusa.getByTestId('alert-muted')).toBeVisible()
  await expect(app.page.getByTestId('open-alerts')).toHaveCount(0)
  await expect.poll(() => harness.notifications.badgeCount).toBe(0)
  expectNoErrors(app)
})

test('"Not a failure" acknowledges the alert', async () => {
  const app = await openDashboard()
  const prusaId = printerId('Prusa MK3S')
  fake.printers.raiseFailureAlert(prusaId, 0.9)
  const prusa = card(app.page, 'Prusa MK3S')
  await prusa.getByTestId('alert-not-failed').click()
  await expect(prusa.getByTestId('failure-alert')).toHaveCount(0)
  await expect.poll(() => harness.notifications.badgeCount).toBe(0)
  expectNoErrors(app)
})

test('an offline printer greys out with its last-seen time', async () => {
  const app = await openDashboard()
  const ender = card(app.page, 'Ender 3 V2')
  await expect(ender).toHaveAttribute('data-state', 'offline')
  await expect(ender).toHaveClass(/greyed/)
  await expect(ender.getByTestId('printer-last-seen')).toContainText('Last seen')

  // A printer that goes offline mid-print: greyed, "just now", and one notification.
  const voron = printerId('Voron 2.4')
  fake.printers.startPrint(voron, { filename: 'bin.gcode', durationSeconds: 600 })
  const voronCard = card(app.page, 'Voron 2.4')
  await expect(voronCard).toHaveAttribute('data-state', 'printing')
  fake.printers.setOffline(voron, true)
  await expect(voronCard).toHaveAttribute('data-state', 'offline')
  await expect(voronCard).toHaveClass(/greyed/)
  await expect(voronCard.getByTestId('printer-last-seen')).toHaveText(
    /Last seen (just now|1 min ago)/
  )
  await expect
    .poll(() => harness.notifications.shown.filter((n) => n.kind === 'offline-mid-print').length)
    .toBe(1)
  expectNoErrors(app)
})

test('closing the page ends the watch and polling slows', async () => {
  const app = await openDashboard()
  await expect.poll(() => harness.leases('printers').length).toBe(1)
  expect(harness.services.printers.pollIntervalMs).toBe(INTERVALS.watchedMs)
  await app.page.close()
  await expect.poll(() => harness.leases('printers').length).toBe(0)
  await expect.poll(() => harness.services.printers.pollIntervalMs).toBe(INTERVALS.backgroundMs)
})

test('leaving the Printers screen ends its watch too', async () => {
  const app = await openDashboard()
  await expect.poll(() => harness.leases('printers').length).toBe(1)
  await app.page.getByTestId('nav-accounts').click()
  await expect.poll(() => harness.leases('printers').length).toBe(0)
  await app.page.getByTestId('nav-printers').click()
  await expect.poll(() => harness.leases('printers').length).toBe(1)
  expectNoErrors(app)
})

test('the printer page shows the chart, and the dashboard order survives a reload', async () => {
  const app = await openDashboard()
  await card(app.page, 'Voron 2.4').getByTestId('printer-open').click()
  await expect(app.page.getByRole('heading', { level: 1 })).toHaveText('Voron 2.4')
  await expect(app.page.getByTestId('temperature-chart')).toBeVisible()
  await app.page.getByTestId('printer-back').click()
  await expect(card(app.page, 'Voron 2.4').getByTestId('printer-open')).toBeFocused()

  const names = () =>
    app.page
      .getByTestId('printer-card')
      .evaluateAll((cards) => cards.map((c) => c.querySelector('h3')?.textContent ?? ''))
  const before = await names()
  const last = before[before.length - 1]!
  await card(app.page, last).getByTestId('printer-move').focus()
  await app.page.keyboard.press('Home')
  await expect.poll(names).toEqual([last, ...before.slice(0, -1)])
  await app.page.reload()
  await expect(app.page.getByTestId('printer-card')).toHaveCount(5)
  await expect.poll(names).toEqual([last, ...before.slice(0, -1)])
  expectNoErrors(app)
})
