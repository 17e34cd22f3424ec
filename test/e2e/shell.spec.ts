/// <reference path="../../src/preload/index.d.ts" />
/**
 * The shell in a real browser: production renderer build + real composition + real handlers,
 * bridged by the harness (test/harness). Every screen, a settings round trip, the CSP and the
 * bridge's guard (the HttpOnly cookie no endpoint serves, and the socket's Origin check).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { get } from 'node:http'
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

/** A GET as any local process could send it: no browser, so no cookie unless given. */
function plainGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('error', reject)
  })
}

/** Status of a WebSocket upgrade (403) or 'opened'. */
function upgrade(url: string, origin: string, headers: Record<string, string> = {}) {
  return new Promise<number | string>((resolve) => {
    const socket = new WebSocket(url, { origin, headers })
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    socket.on('open', () => {
      socket.close()
      resolve('opened')
    })
    socket.on('error', (error) => resolve(error.message))
  })
}

async function authCookie(context: BrowserContext): Promise<{ name: string; value: string }> {
  const cookies = (await context.cookies(harness.origin)).filter((c) =>
    c.name.startsWith('printdock_harness_')
  )
  expect(cookies).toHaveLength(1)
  return cookies[0] as { name: string; value: string }
}

test('a local process without the cookie gets neither the shim nor the socket', async ({
  context
}) => {
  const cookie = await authCookie(context)
  const wrongCookie = { cookie: `${cookie.name}=${'0'.repeat(cookie.value.length)}` }

  // The shim that once embedded the secret, and the rest of /__harness/.
  const requestsBefore = harness.rejectedRequests
  for (const path of ['/__harness/api.js', '/__harness/api-shape.js']) {
    expect(await plainGet(harness.origin + path), path).toBe(403)
    expect(await plainGet(harness.origin + path, wrongCookie), path).toBe(403)
  }
  expect(harness.rejectedRequests - requestsBefore).toBe(4)
  // The production build itself is public.
  expect(await plainGet(harness.url)).toBe(200)

  const wsUrl = harness.origin.replace('http:', 'ws:') + '/__harness/ws'
  const before = harness.rejectedUpgrades
  // A forged Origin is free for a local process; without the cookie it gets nothing.
  expect(await upgrade(`${wsUrl}?v=1`, harness.origin)).toBe(403)
  expect(await upgrade(`${wsUrl}?v=1`, harness.origin, wrongCookie)).toBe(403)
  // The secret in the query (the old scheme) is not a credential any more.
  expect(await upgrade(`${wsUrl}?secret=${cookie.value}`, harness.origin)).toBe(403)
  // The right cookie from a foreign page (another 127.0.0.1 port is same-site) is refused too.
  const rightCookie = { cookie: `${cookie.name}=${cookie.value}` }
  expect(await upgrade(`${wsUrl}?v=1`, 'http://127.0.0.1:1', rightCookie)).toBe(403)
  expect(harness.rejectedUpgrades - before).toBe(4)
  // Control: the guard is not refusing everything.
  expect(await upgrade(`${wsUrl}?v=1`, harness.origin, rightCookie)).toBe('opened')
})

test('the page holds the secret only as an HttpOnly cookie', async ({ context }) => {
  const cookie = await authCookie(context)
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  const app = await harness.openApp()
  const { page } = app
  // The bridge works (openApp waited for the ready app), yet nothing the page sees has the secret.
  expect(await page.evaluate(() => document.cookie)).not.toContain(cookie.value)
  for (const path of ['/', '/__harness/api.js', '/__harness/api-shape.js']) {
    const response = await page.request.get(harness.origin + path)
    expect(response.status(), path).toBe(200)
    expect(await response.text(), path).not.toContain(cookie.value)
  }
  expectNoErrors(app)
})

test('a hostile deep link is ignored without disturbing the app', async () => {
  const app = await harness.openApp()
  await harness.deliverProtocolUrl('printdock://evil/path?code=x&state=y')
  await harness.deliverProtocolUrl('https://example.com/oauth/callback?code=x&state=y')
  const accounts = await app.page.evaluate(() => window.api.accounts.list())
  expect(accounts).toEqual({ ok: true, value: { revision: expect.any(Number), value: [] } })
  expectNoErrors(app)
})

test('main pushes events to the page through the bridge', async () => {
  const app = await harness.openApp()
  harness.services.notify({ id: 'e2e-notice', level: 'info', message: 'Hello from main' })
  await expect(app.page.getByTestId('toast').filter({ hasText: 'Hello from main' })).toBeVisible()
  expectNoErrors(app)
})
