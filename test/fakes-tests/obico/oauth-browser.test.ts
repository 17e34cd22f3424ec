import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { DEMO_CLIENT_ID, DEMO_USER } from '../../fakes/obico'
import { postForm, startFake } from './helpers'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`[obico browser test] skipped: ${CHROMIUM} is not installed`)

/**
 * A real browser drives the login and consent pages (plain HTML forms, no JavaScript), lands on a
 * loopback callback on an ephemeral port, and the code it carries is exchanged for tokens.
 */
describe.skipIf(!hasChromium)('obico fake: login + consent in a real browser', () => {
  let sb: ObicoFake
  let browser: Browser
  let callback: Server
  let callbackPort = 0
  const received: URL[] = []

  beforeAll(async () => {
    sb = await startFake()
    callback = createServer((req, res) => {
      received.push(new URL(req.url ?? '/', `http://127.0.0.1:${callbackPort}`))
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<p id="done">You can close this window.</p>')
    })
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', () => resolve()))
    callbackPort = (callback.address() as AddressInfo).port
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
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => callback?.close(() => resolve()))
    await sb?.close()
  })

  it('signs in, authorizes, and reaches the loopback callback with a code that works', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const redirectUri = `http://127.0.0.1:${callbackPort}/printdock/callback`
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENT_ID,
      redirect_uri: redirectUri,
      state: 'browser-state'
    })
    await page.goto(`${sb.baseUrl}/o/authorize/?${query}`)
    expect(new URL(page.url()).pathname).toBe('/accounts/login/')
    await page.fill('#id_login', DEMO_USER.email)
    await page.fill('#id_password', DEMO_USER.password)
    await page.click('#signin')
    await page.waitForURL((url) => url.pathname === '/o/authorize/')
    expect(await page.textContent('h1')).toBe('Authorize Printdock?')
    await page.click('input[name="allow"]')
    await page.waitForURL((url) => url.port === String(callbackPort))
    expect(await page.textContent('#done')).toContain('close this window')
    const landed = received.find((u) => u.pathname === '/printdock/callback')
    expect(landed?.pathname).toBe('/printdock/callback')
    expect(landed?.searchParams.get('state')).toBe('browser-state')
    const code = landed?.searchParams.get('code') ?? ''
    const token = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: DEMO_CLIENT_ID
    })
    expect(token.status).toBe(200)
    expect(token.json.expires_in).toBe(3_153_600_000)
    await context.close()
  })

  it('shows a decodable webcam snapshot JPEG', async () => {
    const { accessToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    const printers = (await (
      await fetch(`${sb.baseUrl}/api/v1/printers/`, {
        headers: { authorization: `Bearer ${accessToken}` }
      })
    ).json()) as { pic: { img_url: string } | null }[]
    const url = printers.find((p) => p.pic)?.pic?.img_url ?? ''
    const page = await browser.newPage()
    await page.setContent(`<img id="snap" src="${url}">`)
    await page.waitForFunction(() => (document.getElementById('snap') as HTMLImageElement).complete)
    const size = await page.evaluate(() => {
      const img = document.getElementById('snap') as HTMLImageElement
      return [img.naturalWidth, img.naturalHeight]
    })
    expect(size).toEqual([160, 120])
    await page.close()
  })
})
