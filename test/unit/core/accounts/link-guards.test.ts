import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accountIdFor,
  InMemoryAccountRegistry
} from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { systemClock } from '../../../../src/main/core/clock'
import { createHttpClient } from '../../../../src/main/core/http'
import { nullLogger } from '../../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import type { LinkOutcome } from '../../../../src/shared/ipc/contract'

/**
 * Guards of the browser link flow (issue 8): a huge identity reply stops at the reply cap, a
 * stray hit on the loopback listener during the token exchange cannot spoil the real browser's
 * page, and repeated start-link calls keep one attempt (and one listener) per provider and server.
 *
 * The server is a few lines of Omniport (token endpoint and identity), written here.
 */

type Route = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void

let server: Server
let base = ''
let routes: Record<string, Route> = {}
let service: PrintdockAccountService | undefined

beforeEach(async () => {
  routes = {}
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const route = routes[`${req.method} ${new URL(req.url ?? '/', base).pathname}`]
      if (route) route(req, Buffer.concat(chunks), res)
      else res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  service?.dispose()
  service = undefined
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

function tokenRoute(): Route {
  return (_req, _body, res) =>
    json(res, 200, { access_token: 'AT-1', refresh_token: 'RT-1', expires_in: 36_000 })
}

function identityRoute(): Route {
  return (_req, _body, res) => json(res, 200, { userId: 42, person: { fullName: 'Maker' } })
}

function makeService(registry = new InMemoryAccountRegistry()) {
  const outcomes: LinkOutcome[] = []
  const opened: string[] = []
  const warnings: { message: string; fields?: Record<string, unknown> }[] = []
  service = createAccountService({
    vault: new InMemoryTokenVault(),
    registry,
    browser: { open: async (url) => void opened.push(url) },
    clock: systemClock,
    logger: { ...nullLogger, warn: (message, fields) => void warnings.push({ message, fields }) },
    http: createHttpClient(),
    clientIds: { omniport: 'printdock' },
    redirect: { customSchemeAvailable: false }
  })
  service.onDidFinishLink((outcome) => outcomes.push(outcome))
  return { service, outcomes, opened, warnings }
}

async function startOmniport(svc: PrintdockAccountService, opened: string[]) {
  const pending = await svc.startLink({
    profileKey: 'omniport',
    serverUrl: base,
    clientSecret: 'client-secret'
  })
  const state = new URL(opened[opened.length - 1]).searchParams.get('state') ?? ''
  const callback = `${pending.redirectUri}?code=CODE-1&state=${encodeURIComponent(state)}`
  return { pending, callback }
}

async function page(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url)
  return { status: response.status, body: await response.text() }
}

describe('a huge identity reply during linking', () => {
  it('fails with network/too-large quickly and memory stays bounded', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    let sent = 0
    routes['POST /open_auth/token/'] = tokenRoute()
    // 100 MB of JSON-ish spaces, sent as fast as the client reads, without a Content-Length.
    routes['GET /open_auth/get_user_data/'] = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const pump = () => {
        while (sent < 100 && !res.destroyed) {
          sent++
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        if (!res.destroyed) res.end()
      }
      pump()
    }
    const { service, outcomes, opened } = makeService()
    const { pending, callback } = await startOmniport(service, opened)
    const before = process.memoryUsage().arrayBuffers
    const started = Date.now()

    const [delivered, ended] = await Promise.allSettled([
      page(callback),
      service.waitForLink(pending.attemptId)
    ])

    expect(ended).toMatchObject({ status: 'rejected', reason: { code: 'network/too-large' } })
    expect(delivered).toMatchObject({ status: 'fulfilled', value: { status: 200 } })
    expect(Date.now() - started).toBeLessThan(5000)
    // The client stopped reading long before 100 MB; what it held stayed near the 1 MiB cap.
    expect(sent).toBeLessThan(100)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024)
    expect(outcomes).toEqual([
      expect.objectContaining({
        attemptId: pending.attemptId,
        ok: false,
        error: expect.objectContaining({ code: 'network/too-large' })
      })
    ])
    expect(await service.listAccounts()).toEqual([])
  })
})

describe('a stray hit on the loopback listener during the token exchange', () => {
  it('gets an error page, and the browser that completes the attempt gets the success page', async () => {
    let releaseToken!: () => void
    const tokenHeld = new Promise<void>((resolve) => (releaseToken = resolve))
    let tokenAsked!: () => void
    const tokenRequested = new Promise<void>((resolve) => (tokenAsked = resolve))
    routes['POST /open_auth/token/'] = (req, body, res) => {
      tokenAsked()
      void tokenHeld.then(() => tokenRoute()(req, body, res))
    }
    routes['GET /open_auth/get_user_data/'] = identityRoute()
    const { service, opened } = makeService()
    const { pending, callback } = await startOmniport(service, opened)

    const real = page(callback)
    await tokenRequested
    // Stray hits while the code is exchanged: a replay of the same URL, and a forged one.
    const replay = await page(callback)
    const forged = await page(`${pending.redirectUri}?code=EVIL&state=nope`)
    releaseToken()
    const answer = await real

    expect(replay.status).toBeGreaterThanOrEqual(400)
    expect(forged.status).toBeGreaterThanOrEqual(400)
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('You can return to Printdock')
    expect(answer.body).toContain('Maker')
    await expect(service.waitForLink(pending.attemptId)).resolves.toMatchObject({
      displayName: 'Maker'
    })
  })
})

describe('repeated start-link calls', () => {
  it('keep one attempt and one listener per provider and server; each replaced one ends cancelled', async () => {
    routes['POST /open_auth/token/'] = tokenRoute()
    routes['GET /open_auth/get_user_data/'] = identityRoute()
    const { service, outcomes, opened } = makeService()
    const started = []
    for (let i = 0; i < 20; i++) started.push(await startOmniport(service, opened))

    expect(service.listPendingLinks().map((link) => link.attemptId)).toEqual([
      started[19].pending.attemptId
    ])
    await new Promise((resolve) => setTimeout(resolve, 50))
    const replaced = started.slice(0, 19).map(({ pending }) => pending.attemptId)
    expect(outcomes.map((outcome) => outcome.attemptId)).toEqual(replaced)
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ ok: false, error: { code: 'auth/cancelled' } })
    }
    // The replaced attempts' listeners are closed: nothing answers on their ports.
    for (const { pending } of started.slice(0, 19)) {
      await expect(fetch(pending.redirectUri)).rejects.toThrow()
    }
    const last = await page(started[19].callback)
    expect(last.body).toContain('You can return to Printdock')
  })
})

describe('a re-link and a new link on the same provider and server', () => {
  it('are one attempt: the later replaces the earlier, which ends cancelled with its id', async () => {
    const id = accountIdFor('omniport', base, '42')
    const registry = new InMemoryAccountRegistry([
      {
        id,
        provider: 'omniport',
        profileKey: 'omniport',
        serverOrigin: base,
        userId: '42',
        displayName: 'Maker',
        identity: [],
        credential: 'oauth',
        linkedAt: '2026-11-01T00:00:00.000Z',
        state: 'linked',
        clientId: 'printdock',
        storage: 'memory'
      }
    ])
    const { service, outcomes, opened } = makeService(registry)
    const fresh = await startOmniport(service, opened)
    const relink = await service.startLink({
      profileKey: 'omniport',
      accountId: id,
      clientSecret: 'client-secret'
    })
    expect(service.listPendingLinks().map((link) => link.attemptId)).toEqual([relink.attemptId])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(outcomes).toEqual([
      expect.objectContaining({
        attemptId: fresh.pending.attemptId,
        ok: false,
        error: expect.objectContaining({ code: 'auth/cancelled' })
      })
    ])
    await expect(fetch(fresh.pending.redirectUri)).rejects.toThrow()
  })
})

describe('generic OAuth endpoint addresses', () => {
  const authorizeUrl = 'https://id.example/authorize'
  it.each([
    ['token', 'javascript:alert(1)'],
    ['token', 'file:///etc/passwd'],
    ['token', 'smb://host/share'],
    ['revoke', 'javascript:alert(1)'],
    ['revoke', 'file:///etc/passwd'],
    ['revoke', 'smb://host/share'],
    ['authorize', 'data:text/html,hi']
  ])('a %s endpoint %s is refused before anything opens', async (which, address) => {
    const { service, opened } = makeService()
    const generic = {
      authorizeUrl: which === 'authorize' ? address : authorizeUrl,
      tokenUrl: which === 'token' ? address : 'https://id.example/token',
      revokeUrl: which === 'revoke' ? address : undefined
    }
    await expect(
      service.startLink({ profileKey: 'generic', clientId: 'printdock', generic })
    ).rejects.toMatchObject({ code: 'account/invalid-server-url' })
    expect(opened).toEqual([])
    expect(service.listPendingLinks()).toEqual([])
  })

  it('a plain-http token endpoint is allowed with the same warning as a server address', async () => {
    const { service, opened, warnings } = makeService()
    await service.startLink({
      profileKey: 'generic',
      clientId: 'printdock',
      // The authorize page must answer (the reachability check); the token endpoint is not asked.
      generic: { authorizeUrl: `${base}/authorize`, tokenUrl: 'http://id.example/token' }
    })
    expect(opened).toHaveLength(1)
    expect(warnings).toContainEqual({
      message: 'Server uses plain http; tokens travel unencrypted',
      fields: { serverOrigin: 'http://id.example' }
    })
  })
})
