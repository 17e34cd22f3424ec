import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOmniportFake, type OmniportFake } from '../../fakes/omniport'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`[omniport-browser] skipped: no Chromium at ${CHROMIUM}`)

describe.skipIf(!hasChromium)('Omniport fake in a real browser', () => {
  let browser: Browser
  let fake: OmniportFake
  let app: Server
  const received: URL[] = []

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    })
    fake = await startOmniportFake()
    // Stands in for Printdock's loopback listener.
    app = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      // Chromium also asks for /favicon.ico; only the callback counts.
      if (url.pathname === '/printdock/callback') received.push(url)
      res.setHeader('content-type', 'text/html')
      res.end('<p>Linked. You can close this window.</p>')
    })
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r))
  })

  afterAll(async () => {
    await browser?.close()
    await fake?.close()
    await new Promise((r) => app?.close(r))
  })

  it('logs in, ignores Deny, and Authorize lands a code on the loopback redirect', async () => {
    const redirectUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/printdock/callback`
    const page = await browser.newPage()
    const url = `${fake.authorizeUrl}?${new URLSearchParams({ client_id: fake.client.clientId, redirect_uri: redirectUri, state: 'browser-1' }).toString()}`
    await page.goto(url)
    expect(new URL(page.url()).pathname).toBe('/login/')
    await page.getByLabel('Username').fill(fake.user.username)
    await page.getByLabel('Password').fill(fake.user.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL((u) => u.pathname === '/oauth/authorise/')
    expect(await page.getByRole('heading').textContent()).toBe('Authorise Printdock')

    // Deny has no handler: the page stays where it is and nothing reaches the app.
    await page.getByRole('button', { name: 'Deny' }).click()
    await page.waitForTimeout(300)
    expect(new URL(page.url()).pathname).toBe('/oauth/authorise/')
    expect(received).toHaveLength(0)

    await page.getByRole('button', { name: 'Authorize' }).click()
    await page.waitForURL((u) => u.pathname === '/printdock/callback')
    expect(await page.textContent('body')).toContain('Linked.')
    expect(received).toHaveLength(1)
    const code = received[0]!.searchParams.get('code')!
    expect(received[0]!.searchParams.get('state')).toBe('browser-1')

    const res = await fetch(fake.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: fake.client.clientId,
        client_secret: fake.client.clientSecret,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code
      })
    })
    expect(res.status).toBe(200)
    const { access_token } = (await res.json()) as { access_token: string }
    const data = await fetch(fake.userDataUrl, {
      headers: { authorization: `Bearer ${access_token}` }
    })
    expect(((await data.json()) as { userId: number }).userId).toBe(fake.user.userId)
  })
})
