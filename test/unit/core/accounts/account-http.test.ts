import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accountIdFor,
  InMemoryAccountRegistry,
  type AccountRecord
} from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { systemClock } from '../../../../src/main/core/clock'
import { createHttpClient, StreamBody, type HttpClient } from '../../../../src/main/core/http'
import { nullLogger } from '../../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import type { LinkOutcome } from '../../../../src/shared/ipc/contract'

/**
 * The account service's requests go through core/http: an upload after a dead-token answer is sent
 * again from a freshly opened file, a cancelled call leaves the account alone, and a server that
 * drips its token or identity answer cannot hold a link attempt forever.
 *
 * The server is a few lines of Omniport (token endpoint, identity, one upload route), written here:
 * only what these tests need.
 */

type Route = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void

let server: Server
let base = ''
let routes: Record<string, Route> = {}
let dir = ''
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
  dir = await fs.mkdtemp(join(tmpdir(), 'printdock-account-http-'))
})

afterEach(async () => {
  service?.dispose()
  service = undefined
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await fs.rm(dir, { recursive: true, force: true })
})

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Answers 200 at once and then sends the body one space every 150 ms, forever. */
function drip(_req: IncomingMessage, _body: Buffer, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json' })
  const timer = setInterval(() => res.write(' '), 150)
  res.on('close', () => clearInterval(timer))
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

function makeService(http: HttpClient, registry = new InMemoryAccountRegistry()) {
  const vault = new InMemoryTokenVault()
  const outcomes: LinkOutcome[] = []
  const opened: string[] = []
  service = createAccountService({
    vault,
    registry,
    browser: { open: async (url) => void opened.push(url) },
    clock: systemClock,
    logger: nullLogger,
    http,
    clientIds: { omniport: 'printdock' },
    redirect: { customSchemeAvailable: false }
  })
  service.onDidFinishLink((outcome) => outcomes.push(outcome))
  return { service, vault, outcomes, opened }
}

/** A linked Omniport account on the test server, with access token AT-1. */
async function linkedAccount(http: HttpClient) {
  const id = accountIdFor('omniport', base, '42')
  const record: AccountRecord = {
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
  const made = makeService(http, new InMemoryAccountRegistry([record]))
  await made.vault.set(id, {
    accessToken: 'AT-1',
    refreshToken: 'RT-1',
    expiresAt: Date.now() + 3_600_000,
    clientSecret: 'client-secret'
  })
  return { ...made, id }
}

describe('authorizedRequest with a file body', () => {
  it('after a 401 and a refresh, the retry opens the file again and sends all of it', async () => {
    const path = join(dir, 'benchy.gcode')
    const content = randomBytes(3 * 1024 * 1024)
    await fs.writeFile(path, content)
    const uploads: { auth?: string; hash: string }[] = []
    routes['PUT /api/files'] = (req, body, res) => {
      uploads.push({ auth: req.headers.authorization, hash: sha256(body) })
      if (req.headers.authorization === 'Bearer AT-1') json(res, 401, { detail: 'expired' })
      else json(res, 201, { stored: body.length })
    }
    const grants: string[] = []
    routes['POST /open_auth/token/'] = (_req, body, res) => {
      grants.push(new URLSearchParams(body.toString()).get('grant_type') ?? '')
      json(res, 200, { access_token: 'AT-2', refresh_token: 'RT-2', expires_in: 36_000 })
    }
    const { service, vault, id } = await linkedAccount(createHttpClient())

    let opens = 0
    const body = new StreamBody(() => {
      opens++
      return createReadStream(path)
    }, content.length)
    const progress: number[] = []
    const response = await service.authorizedRequest(id, {
      method: 'PUT',
      url: '/api/files',
      body,
      onUploadProgress: ({ sent }) => progress.push(sent)
    })

    expect(response.status).toBe(201)
    expect(response.json()).toEqual({ stored: content.length })
    expect(grants).toEqual(['refresh_token'])
    expect(opens).toBe(2)
    expect(uploads).toEqual([
      { auth: 'Bearer AT-1', hash: sha256(content) },
      { auth: 'Bearer AT-2', hash: sha256(content) }
    ])
    expect((await vault.get(id))?.accessToken).toBe('AT-2')
    // Both sends reported their way to the full size.
    expect(progress.filter((sent) => sent === content.length)).toHaveLength(2)
  })

  it('a cancelled call says cancelled and leaves the account linked', async () => {
    routes['GET /api/slow'] = () => undefined
    const { service, id } = await linkedAccount(createHttpClient())
    const controller = new AbortController()
    const pending = service.authorizedRequest(id, {
      method: 'GET',
      url: '/api/slow',
      signal: controller.signal
    })
    setTimeout(() => controller.abort(), 100)
    await expect(pending).rejects.toMatchObject({ code: 'operation/cancelled' })
    expect((await service.listAccounts())[0].state).toBe('linked')
  })

  it('a call that times out marks the account unreachable', async () => {
    routes['GET /api/slow'] = () => undefined
    const { service, id } = await linkedAccount(createHttpClient())
    await expect(
      service.authorizedRequest(id, { method: 'GET', url: '/api/slow', deadlineMs: 200 })
    ).rejects.toMatchObject({ code: 'network/timeout' })
    expect((await service.listAccounts())[0].state).toBe('unreachable')
  })
})

describe('the link flow against a dripping server', () => {
  it.each([
    ['token exchange', 'POST /open_auth/token/'],
    ['identity call', 'GET /open_auth/get_user_data/']
  ])('when the %s drips, the attempt fails at the deadline', async (_what, dripping) => {
    routes['POST /open_auth/token/'] = (_req, _body, res) =>
      json(res, 200, { access_token: 'AT-1', refresh_token: 'RT-1', expires_in: 36_000 })
    routes['GET /open_auth/get_user_data/'] = (_req, _body, res) =>
      json(res, 200, { userId: 42, person: { fullName: 'Maker' } })
    routes[dripping] = drip
    const { service, outcomes, opened } = makeService(createHttpClient({ defaultDeadlineMs: 800 }))

    const pending = await service.startLink({
      profileKey: 'omniport',
      serverUrl: base,
      clientSecret: 'client-secret'
    })
    const state = new URL(opened[0]).searchParams.get('state') ?? ''
    const started = Date.now()
    const callback = `${pending.redirectUri}?code=CODE-1&state=${encodeURIComponent(state)}`
    const [delivered, ended] = await Promise.allSettled([
      fetch(callback),
      service.waitForLink(pending.attemptId)
    ])
    expect(delivered.status).toBe('fulfilled')
    expect(ended).toMatchObject({ status: 'rejected', reason: { code: 'network/timeout' } })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(outcomes).toEqual([
      expect.objectContaining({
        attemptId: pending.attemptId,
        ok: false,
        error: expect.objectContaining({ code: 'network/timeout' })
      })
    ])
    expect(await service.listAccounts()).toEqual([])
  })
})
