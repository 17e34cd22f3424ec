import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { InMemoryAccountRegistry } from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { systemClock } from '../../../../src/main/core/clock'
import { nullLogger } from '../../../../src/main/core/logger'
import type { BrowserLauncher } from '../../../../src/main/core/platform/browser-launcher'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import { createDemoLauncher, type OwnedDemoLauncher } from '../../../../src/main/demo/demo-launcher'
import type { DemoServer } from '../../../../src/main/demo/demo-server-process'
import { DEMO_CLIENT_ID, DEMO_USER, startObicoFake, type ObicoFake } from '../../../fakes/obico'
import { forkDemoServer } from '../../../fakes/obico/fork-demo-server'

/**
 * The demo launcher against the Obico fake and a real AccountService. Most tests run the demo
 * server in this process so they can look inside it (tokens, users); the last ones run it as the
 * app does, in a child process with the demo-only build's entry. The
 * "browser" is a person at the keyboard over plain HTTP: it reads the demo credentials off the
 * login page, signs in, clicks Authorize and lands on Printdock's loopback listener.
 */

/** A cookie-keeping HTTP client that performs the login and consent pages like a user would. */
class ConsentingBrowser implements BrowserLauncher {
  readonly opened: string[] = []
  readonly runs: Promise<{ callbackStatus: number; callbackPage: string }>[] = []
  readonly seenCredentials: { username: string; password: string }[] = []
  private readonly cookies = new Map<string, string>()

  async open(url: string): Promise<void> {
    this.opened.push(url)
    const run = this.consent(url)
    run.catch(() => undefined)
    this.runs.push(run)
  }

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
      }
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
    }
    return response
  }

  private postForm(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString()
    })
  }

  private async consent(authorizeUrl: string) {
    const origin = new URL(authorizeUrl).origin
    let response = await this.request(authorizeUrl)
    if (response.status === 302) {
      const next = new URL(response.headers.get('location')!, authorizeUrl).toString()
      // Not signed in: the authorize page sends the browser to the login page.
      expect(new URL(next).pathname).toBe('/accounts/login/')
      const loginPage = await (await this.request(next)).text()
      // The person reads the demo credentials shown on the page.
      const username = decode(/id="demo-username">([^<]*)</.exec(loginPage)?.[1])
      const password = decode(/id="demo-password">([^<]*)</.exec(loginPage)?.[1])
      if (!username || !password) throw new Error('the login page shows no demo credentials')
      this.seenCredentials.push({ username, password })
      const signedIn = await this.postForm(`${origin}/accounts/login/`, {
        csrfmiddlewaretoken: hidden(loginPage, 'csrfmiddlewaretoken'),
        next: hidden(loginPage, 'next'),
        login: username,
        password
      })
      expect(signedIn.status).toBe(302)
      // Back to the authorize page, now as the demo user.
      response = await this.request(new URL(signedIn.headers.get('location')!, origin).toString())
    }
    // The consent page (shown again on later links: the session cookie skips only the login).
    expect(response.status).toBe(200)
    const consentPage = await response.text()
    expect(consentPage).toContain('Authorize Printdock?')
    const fields: Record<string, string> = { allow: 'Authorize' }
    for (const match of consentPage.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g
    ))
      fields[match[1]!] = decode(match[2]) ?? ''
    const approved = await this.postForm(`${origin}/o/authorize/`, fields)
    expect(approved.status).toBe(302)
    // The loopback listener Printdock opened.
    const landing = await fetch(approved.headers.get('location')!)
    return { callbackStatus: landing.status, callbackPage: await landing.text() }
  }
}

function hidden(page: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1]
  if (value === undefined) throw new Error(`no hidden field ${name}`)
  return decode(value) ?? ''
}

/** Undoes the fake's HTML escaping (`&#NN;`). */
function decode(value: string | undefined): string | undefined {
  return value?.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
}

let launcher: OwnedDemoLauncher | undefined
let service: PrintdockAccountService | undefined
afterEach(async () => {
  service?.dispose()
  await launcher?.dispose()
  launcher = undefined
  service = undefined
})

function setup(
  options: {
    markerFile?: string
    registry?: InMemoryAccountRegistry
    spawnDemoServer?: () => Promise<DemoServer>
  } = {}
) {
  const browser = new ConsentingBrowser()
  const vault = new InMemoryTokenVault()
  const registry = options.registry ?? new InMemoryAccountRegistry()
  service = createAccountService({
    vault,
    registry,
    browser,
    clock: systemClock,
    logger: nullLogger,
    clientIds: {},
    redirect: { customSchemeAvailable: false }
  })
  const started: ObicoFake[] = []
  const spawnDemoServer = async () => {
    const { fake, server } = await inProcessDemoServer()
    started.push(fake)
    return server
  }
  launcher = createDemoLauncher({
    accountService: service,
    logger: nullLogger,
    spawnDemoServer: options.spawnDemoServer ?? spawnDemoServer,
    markerFile: options.markerFile
  })
  return { browser, vault, registry, service, launcher, started }
}

/**
 * The demo server in this process, seeded and configured like the child's entry
 * (test/fakes/obico/demo-server.ts), so tests can read its tokens. Closing the fake directly,
 * not through `stop()`, is a crash of Printdock itself: nothing tells the launcher.
 */
async function inProcessDemoServer(): Promise<{ fake: ObicoFake; server: DemoServer }> {
  const fake = await startObicoFake({
    host: '127.0.0.1',
    port: 0,
    seed: 'demo',
    loginHint: { username: DEMO_USER.email, password: DEMO_USER.password }
  })
  let markExited!: () => void
  const exited = new Promise<void>((resolve) => {
    markExited = resolve
  })
  const server: DemoServer = {
    origin: fake.baseUrl,
    clientId: DEMO_CLIENT_ID,
    exited,
    stop: async () => {
      await fake.close()
      markExited()
    }
  }
  return { fake, server }
}

describe('createDemoLauncher (demo Obico server, real OAuth flow)', () => {
  it('start() links the demo account through login, consent and the loopback callback', async () => {
    const { browser, vault, service, launcher, started } = setup()
    const pending = await launcher.start()
    expect(started).toHaveLength(1)
    const fake = started[0]!
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(launcher.serverUrl).toBe(fake.baseUrl)
    expect(pending).toMatchObject({
      profileKey: 'obico-self-hosted',
      serverOrigin: fake.baseUrl
    })
    expect(pending.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/printdock\/callback$/)
    expect(browser.opened).toEqual([pending.authorizationUrl])
    expect(new URL(pending.authorizationUrl).origin).toBe(fake.baseUrl)

    const account = await service.waitForLink(pending.attemptId)
    const landing = await browser.runs[0]!
    expect(landing.callbackStatus).toBe(200)
    expect(landing.callbackPage).toContain('You can close this tab')
    // The login page showed the fake's own demo user.
    expect(browser.seenCredentials).toEqual([
      { username: DEMO_USER.email, password: DEMO_USER.password }
    ])
    // The identity is the fake's demo user, read from users/me.
    const demoUser = fake.users.find((u) => u.email === DEMO_USER.email)!
    expect(account).toMatchObject({
      provider: 'obico',
      state: 'linked',
      credential: 'oauth',
      displayName: DEMO_USER.email,
      serverOrigin: fake.baseUrl
    })
    expect(JSON.stringify(account.identity)).toContain(DEMO_USER.email)
    expect(account.id).toContain(String(demoUser.id))
    // The stored token is live on the fake and works for API calls.
    const secret = (await vault.get(account.id))!
    expect(fake.isTokenActive(secret.accessToken)).toBe(true)
    const printers = await service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/api/v1/printers/'
    })
    expect(printers.status).toBe(200)
    expect(
      (JSON.parse(printers.text) as { status: { state: { text: string } } | null }[]).some(
        (p) => p.status?.state.text === 'Printing'
      )
    ).toBe(true)
  })

  it('a second start() reuses the running server and starts a new link attempt', async () => {
    const { service, launcher, started, browser } = setup()
    const first = await launcher.start()
    await service.waitForLink(first.attemptId)
    const second = await launcher.start()
    expect(started).toHaveLength(1)
    expect(second.serverOrigin).toBe(first.serverOrigin)
    expect(second.attemptId).not.toBe(first.attemptId)
    await service.waitForLink(second.attemptId)
    expect(browser.opened).toHaveLength(2)
    // The session cookie from the first sign-in: the second time shows only the consent page.
    expect(browser.seenCredentials).toHaveLength(1)
    expect((await browser.runs[1]!).callbackStatus).toBe(200)
    // The same demo user: one account, linked again in place.
    expect(await service.listAccounts()).toHaveLength(1)
  })

  it('concurrent start() calls share one server', async () => {
    const { launcher, started, service } = setup()
    const [a, b] = await Promise.all([launcher.start(), launcher.start()])
    expect(started).toHaveLength(1)
    expect(a.serverOrigin).toBe(b.serverOrigin)
    // The later attempt supersedes the earlier one for the same server; one of them links.
    const results = await Promise.allSettled([
      service.waitForLink(a.attemptId),
      service.waitForLink(b.attemptId)
    ])
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true)
  })

  it('dispose() stops the demo server; start() afterwards refuses', async () => {
    const { launcher, started, service } = setup()
    const pending = await launcher.start()
    await service.waitForLink(pending.attemptId)
    const url = started[0]!.baseUrl
    expect((await fetch(`${url}/accounts/login/`)).status).toBe(200)
    await launcher.dispose()
    expect(launcher.serverUrl).toBeUndefined()
    await expect(fetch(`${url}/accounts/login/`)).rejects.toThrow()
    await expect(launcher.start()).rejects.toMatchObject({ code: 'internal/unexpected' })
    await launcher.dispose() // twice is fine
  })

  it('dispose() before start() finishes does not leave a server listening', async () => {
    const { launcher, started } = setup()
    const starting = launcher.start()
    starting.catch(() => undefined)
    await launcher.dispose()
    await expect(starting).rejects.toMatchObject({ code: 'internal/unexpected' })
    expect(started).toHaveLength(1) // it did start, and was closed at once
    for (const fake of started) {
      await expect(fetch(`${fake.baseUrl}/accounts/login/`)).rejects.toThrow()
    }
  })

  it('a server that cannot start is a plain error, and the next start() tries again', async () => {
    const browser = new ConsentingBrowser()
    service = createAccountService({
      vault: new InMemoryTokenVault(),
      registry: new InMemoryAccountRegistry(),
      browser,
      clock: systemClock,
      logger: nullLogger,
      clientIds: {}
    })
    let calls = 0
    launcher = createDemoLauncher({
      accountService: service,
      logger: nullLogger,
      spawnDemoServer: async () => {
        calls++
        if (calls === 1) throw Object.assign(new Error('listen EACCES'), { code: 'EACCES' })
        return (await inProcessDemoServer()).server
      }
    })
    await expect(launcher.start()).rejects.toMatchObject({
      code: 'internal/unexpected',
      message: 'The demo server could not start on this computer.'
    })
    expect(browser.opened).toEqual([])
    const pending = await launcher.start()
    expect(calls).toBe(2)
    expect((await service.waitForLink(pending.attemptId)).state).toBe('linked')
  })

  it('dispose() unlinks demo accounts (revoking their tokens) before the server stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'printdock-demo-'))
    const markerFile = join(dir, 'demo-server.json')
    const { service, launcher, started, vault } = setup({ markerFile })
    const pending = await launcher.start()
    const account = await service.waitForLink(pending.attemptId)
    expect(JSON.parse(readFileSync(markerFile, 'utf8'))).toEqual({
      serverOrigin: started[0]!.baseUrl
    })
    const secret = (await vault.get(account.id))!
    const fake = started[0]!
    const activeBefore = fake.isTokenActive(secret.refreshToken ?? secret.accessToken)
    await launcher.dispose()
    expect(activeBefore).toBe(true)
    expect(fake.isTokenActive(secret.refreshToken ?? secret.accessToken)).toBe(false)
    expect(await service.listAccounts()).toEqual([])
    expect(await vault.get(account.id)).toBeUndefined()
    expect(existsSync(markerFile)).toBe(false)
  })

  it('a later run forgets demo accounts that a crashed run left behind, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'printdock-demo-'))
    const markerFile = join(dir, 'demo-server.json')
    const registry = new InMemoryAccountRegistry()
    const first = setup({ markerFile, registry })
    const pending = await first.launcher.start()
    const demoAccount = await first.service.waitForLink(pending.attemptId)
    const other = await startObicoFake()
    try {
      const kept = await first.service.linkWithSecret({
        profileKey: 'obico-self-hosted',
        serverUrl: other.baseUrl,
        kind: 'access-token',
        secret: other.createAdminToken(1)
      })
      // The crash: the demo server dies without dispose(); the registry and the marker survive.
      await first.started[0]!.close()
      first.service.dispose()

      const second = setup({ markerFile, registry })
      expect(await second.launcher.forgetStaleDemoAccounts()).toBe(1)
      const ids = (await second.service.listAccounts()).map((a) => a.id)
      expect(ids).toEqual([kept.id])
      expect(ids).not.toContain(demoAccount.id)
      expect(existsSync(markerFile)).toBe(false)
      expect(await second.launcher.forgetStaleDemoAccounts()).toBe(0)
    } finally {
      await other.close()
    }
  })
})

describe('createDemoLauncher with the demo server in a child process (as in the app)', () => {
  it('links through the child, whose server has no control routes; dispose() ends it', async () => {
    const spawned: DemoServer[] = []
    const { launcher, service, browser } = setup({
      spawnDemoServer: async () => {
        const server = await forkDemoServer()
        spawned.push(server)
        return server
      }
    })
    const pending = await launcher.start()
    expect(spawned).toHaveLength(1)
    const origin = spawned[0]!.origin
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(pending.serverOrigin).toBe(origin)
    const account = await service.waitForLink(pending.attemptId)
    expect(account.displayName).toBe(DEMO_USER.email)
    expect(browser.seenCredentials).toEqual([
      { username: DEMO_USER.email, password: DEMO_USER.password }
    ])
    const printers = await service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/api/v1/printers/'
    })
    expect(printers.status).toBe(200)
    // The demo-only build: no way to inject faults or move the clock from outside.
    const addFault = await fetch(`${origin}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'latency', ms: 1 } })
    })
    expect(addFault.status).toBe(404)
    const advance = await fetch(`${origin}/__sandbox/clock/advance?ms=1000`, { method: 'POST' })
    expect(advance.status).toBe(404)

    await launcher.dispose()
    await spawned[0]!.exited
    await expect(fetch(`${origin}/accounts/login/`)).rejects.toThrow()
    expect(await service.listAccounts()).toEqual([])
  })

  it('a demo server that dies on its own takes its accounts along; the next start() spawns anew', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'printdock-demo-'))
    const markerFile = join(dir, 'demo-server.json')
    const spawned: DemoServer[] = []
    const { launcher, service } = setup({
      markerFile,
      spawnDemoServer: async () => {
        const server = await forkDemoServer()
        spawned.push(server)
        return server
      }
    })
    const first = await launcher.start()
    await service.waitForLink(first.attemptId)
    expect(await service.listAccounts()).toHaveLength(1)

    // Killed from outside (the launcher's own stop() is not involved).
    await spawned[0]!.stop()
    await expect.poll(() => service.listAccounts()).toEqual([])
    expect(launcher.serverUrl).toBeUndefined()
    await expect.poll(() => existsSync(markerFile)).toBe(false)

    const second = await launcher.start()
    expect(spawned).toHaveLength(2)
    expect(second.serverOrigin).toBe(spawned[1]!.origin)
    expect(second.serverOrigin).not.toBe(first.serverOrigin)
    expect((await service.waitForLink(second.attemptId)).state).toBe('linked')
  })
})
