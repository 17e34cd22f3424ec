/// <reference path="../../src/preload/index.d.ts" />
/**
 * The printers' IPC through the full stack, without the screens (those are printers-ui's): the
 * page's `window.api.printers` against the real composition and the Obico fake. A watch polls
 * fast and pushes only changes; pause is confirmed by the agent's status, or not at all when the
 * agent ignores it; an alert raises exactly one recorded notification and the badge; closing the
 * page ends the watch and polling slows.
 */
import { expect, test, type Page } from '@playwright/test'
import type { PrinterSummary } from '../../src/shared/models/printer'
import { startHarness, type Harness } from '../harness'
import { startObicoFake, type ObicoFake } from '../fakes/obico'

let harness: Harness
let fake: ObicoFake

test.beforeEach(async ({ context }) => {
  fake = await startObicoFake({ agentBehaviour: { delayMs: 300 } })
  harness = await startHarness({ context, commandConfirmTimeoutMs: 4_000 })
})

test.afterEach(async () => {
  await harness?.close()
  await fake?.close()
})

/** Links the fake's demo user from the page and starts a printers watch that records pushes. */
async function linkAndWatch(page: Page): Promise<void> {
  const token = fake.createAdminToken(fake.users[0].id)
  await page.evaluate(
    async ({ serverUrl, secret }) => {
      const linked = await window.api.accounts.linkWithSecret({
        profileKey: 'obico-self-hosted',
        serverUrl,
        kind: 'access-token',
        secret
      })
      if (!linked.ok) throw new Error(linked.error.message)
      const seen = new Map<string, unknown>()
      ;(window as unknown as { printers: Map<string, unknown> }).printers = seen
      window.api.printers.onChanged((change) => {
        for (const printer of change.changed) seen.set(printer.id, printer)
      })
      const watch = await window.api.printers.watch()
      if (!watch.ok) throw new Error(watch.error.message)
      for (const printer of watch.value.snapshot.value.printers) seen.set(printer.id, printer)
    },
    { serverUrl: fake.baseUrl, secret: token }
  )
}

/** The printers as the page has them from the watch's pushes. */
function pagePrinters(page: Page): Promise<PrinterSummary[]> {
  return page.evaluate(() => [
    ...(window as unknown as { printers: Map<string, PrinterSummary> }).printers.values()
  ]) as Promise<PrinterSummary[]>
}

async function pagePrinter(page: Page, name: string): Promise<PrinterSummary | undefined> {
  return (await pagePrinters(page)).find((printer) => printer.name === name)
}

test('a watch shows the printers, polls fast, and closing the page slows polling', async () => {
  const { page } = await harness.openApp()
  await linkAndWatch(page)
  await expect.poll(async () => (await pagePrinters(page)).length).toBe(5)
  expect((await pagePrinter(page, 'Prusa MK3S'))?.state).toBe('printing')
  expect(harness.leases('printers')).toHaveLength(1)
  expect(harness.services.printers.pollIntervalMs).toBe(5_000)
  // The printer's agent secret never reaches the page.
  const everything = JSON.stringify(await pagePrinters(page))
  for (const printer of fake.printers.list())
    expect(everything).not.toContain(String(printer.auth_token))

  await page.close()
  await expect.poll(() => harness.leases('printers').length).toBe(0)
  expect(harness.services.printers.pollIntervalMs).toBe(30_000)
})

test('pause shows awaiting, then paused once the agent acts; an ignoring agent is "not confirmed"', async () => {
  const { page } = await harness.openApp()
  await linkAndWatch(page)
  await expect.poll(async () => (await pagePrinters(page)).length).toBe(5)
  const prusa = (await pagePrinter(page, 'Prusa MK3S'))!
  const receipts = await page.evaluate(
    (printerId) =>
      window.api.printers.command(crypto.randomUUID(), {
        printerIds: [printerId],
        command: 'pause'
      }),
    prusa.id
  )
  expect(receipts).toMatchObject({ ok: true, value: [{ state: 'awaiting-confirmation' }] })
  await expect
    .poll(async () => (await pagePrinter(page, 'Prusa MK3S'))?.pendingCommand?.state, {
      timeout: 15_000
    })
    .toBe('confirmed')
  expect((await pagePrinter(page, 'Prusa MK3S'))?.state).toBe('paused')

  fake.printers.setAgentBehaviour(null, { mode: 'ignores' })
  await page.evaluate(
    (printerId) =>
      window.api.printers.command(crypto.randomUUID(), {
        printerIds: [printerId],
        command: 'resume'
      }),
    prusa.id
  )
  await expect
    .poll(async () => (await pagePrinter(page, 'Prusa MK3S'))?.pendingCommand, { timeout: 15_000 })
    .toMatchObject({
      state: 'not-confirmed',
      message: 'The printer has not confirmed the resume. It may be offline.'
    })
})

test('a failure alert raises exactly one notification and the badge counts it', async () => {
  const { page } = await harness.openApp()
  await linkAndWatch(page)
  await expect.poll(async () => (await pagePrinters(page)).length).toBe(5)
  fake.printers.setAgentBehaviour(null, { mode: 'ignores' }) // stays printing: the alert stays open
  fake.printers.raiseFailureAlert(1, 0.96)
  await expect.poll(() => harness.notifications.shown.length, { timeout: 15_000 }).toBe(1)
  expect(harness.notifications.shown[0]).toMatchObject({
    kind: 'alert',
    title: 'Possible failure on Prusa MK3S'
  })
  expect(harness.notifications.badgeCount).toBe(1)
  await expect
    .poll(async () => (await pagePrinter(page, 'Prusa MK3S'))?.alert?.printId)
    .toBeGreaterThan(0)
  // Later reads change nothing: still one notification.
  await page.waitForTimeout(6_000)
  expect(harness.notifications.shown).toHaveLength(1)
})
