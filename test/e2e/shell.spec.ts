/// <reference path="../../src/preload/index.d.ts" />
/**
 * The shell in a real browser: production renderer build + real composition + real handlers,
 * bridged by the harness (test/harness). Every screen, a settings round trip, the CSP and the
 * bridge's socket guard.
 */
import { expect, test, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import WebSocket from 'ws'
import { APP_CSP } from '../../src/main/app/content-security-policy'
import { startHarness, type AppPage, type Harness } from '../harness'

const SCREENS = [
  { name: 'Printers', id: 'printers' },
  { name: 'Files', id: 'files' },
  { name: 'Repair', id: 'repair' },
  { name: 'Accounts', id: 'accounts' }
] as const

let harness: Harness

test.beforeEach(async ({ context }) => {
  harness = await startHarness({ context })
})

test.afterEach(async () => {
  await harness?.close()
})

/** Leaves the welcome screen the way a user who skips linking does. */
async function passFirstRun(page: Page): Promise<void> {
  await page.getByTestId('first-run-skip').click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
}

function expectNoErrors(app: AppPage): void {
  expect(app.pageErrors, 'uncaught page errors').toEqual([])
  expect(app.consoleErrors, 'console errors').toEqual([])
}

test('opens the shell and navigates every screen', async () => {
  const app = await harness.openApp()
  const { page } = app
  await expect(page.getByTestId('first-run')).toBeVisible()
  await passFirstRun(page)

  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const screen of SCREENS) {
    const item = nav.getByRole('button', { name: screen.name, exact: true })
    await item.click()
    await expect(item).toHaveAttribute('aria-current', 'page')
    await expect(page.locator('main#main')).toHaveAttribute('data-screen', screen.id)
    await expect(page.locator('#screen-title')).toBeVisible()
  }
  expectNoErrors(app)
})

test('settings round-trip through the real handler, the file and the UI', async () => {
  const app = await harness.openApp()
  const { page } = app
  await passFirstRun(page)

  // The skip went through settings:update into the real settings file.
  await expect
    .poll(async () => JSON.parse(await readFile(harness.settingsFile, 'utf8')).firstRunDone)
    .toBe(true)

  await page.getByTestId('theme-dark').check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect.poll(() => harness.services.settings.get('theme')).toBe('dark')

  const fromMain = await page.evaluate(() => window.api.settings.get())
  expect(fromMain).toEqual({
    ok: true,
    value: expect.objectContaining({ theme: 'dark', firstRunDone: true })
  })

  // Persisted: a fresh page starts dark and past the welcome screen.
  await page.reload()
  await page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByTestId('theme-dark')).toBeChecked()

  // Validation in main: a bad payload is refused as data, not thrown.
  const refused = await page.evaluate(() =>
    (window.api.settings.update as (patch: unknown) => Promise<unknown>)({
      theme: 'blue',
      extra: 1
    })
  )
  expect(refused).toMatchObject({ ok: false, error: { code: 'ipc/invalid-arguments' } })
  expect(harness.services.settings.get('theme')).toBe('dark')
  expectNoErrors(app)
})

test('the page is served with the app CSP, which blocks inline script', async () => {
  const app = await harness.openApp()
  const { page } = app
  const response = await page.request.get(harness.url)
  expect(response.headers()['content-security-policy']).toBe(APP_CSP)

  const outcome = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener(
        'securitypolicyviolation',
        (event) => resolve(event.effectiveDirective),
        {
          once: true
        }
      )
    )
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.body.append(script)
    const directive = await violation
    return { directive, ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true }
  })
  expect(outcome).toEqual({ directive: 'script-src-elem', ran: false })
  // The only console errors are Chromium's reports of the blocked inline script.
  expect(app.consoleErrors.length).toBeGreaterThan(0)
  for (const error of app.consoleErrors)
    expect(error).toContain('violates the following Content Security Policy')
  expect(app.pageErrors).toEqual([])
})

test('the bridge socket refuses connections without the per-run secret', async () => {
  const before = harness.rejectedUpgrades
  const wsUrl = harness.origin.replace('http:', 'ws:') + '/__harness/ws'
  const attempts = [wsUrl, `${wsUrl}?secret=guess`]
  for (const url of attempts) {
    const status = await new Promise<number | string>((resolve) => {
      const socket = new WebSocket(url, { origin: harness.origin })
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.on('open', () => {
        socket.close()
        resolve('opened')
      })
      socket.on('error', (error) => resolve(error.message))
    })
    expect(status).toBe(403)
  }
  expect(harness.rejectedUpgrades - before).toBe(attempts.length)
})

test('a hostile deep link is ignored without disturbing the app', async () => {
  const app = await harness.openApp()
  await harness.deliverProtocolUrl('printdock://evil/path?code=x&state=y')
  await harness.deliverProtocolUrl('https://example.com/oauth/callback?code=x&state=y')
  const accounts = await app.page.evaluate(() => window.api.accounts.list())
  expect(accounts).toEqual({ ok: true, value: [] })
  expectNoErrors(app)
})

test('main pushes events to the page through the bridge', async () => {
  const app = await harness.openApp()
  harness.services.notify({ id: 'e2e-notice', level: 'info', message: 'Hello from main' })
  await expect(app.page.getByTestId('toast').filter({ hasText: 'Hello from main' })).toBeVisible()
  expectNoErrors(app)
})
