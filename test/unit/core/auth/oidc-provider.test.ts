import { generateKeyPairSync } from 'node:crypto'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { buildAuthorizationUrl } from '../../../../src/main/core/auth/authorization-flow'
import { createCallbackHandler } from '../../../../src/main/core/auth/callback-handler'
import {
  startLoopbackListener,
  type LoopbackListener
} from '../../../../src/main/core/auth/loopback-listener'
import {
  createAxiosHttp,
  createOAuthClient,
  type TokenEndpoint,
  type TokenSet
} from '../../../../src/main/core/auth/oauth-client'
import {
  PendingAuthorizations,
  type AuthorizationCodeResult
} from '../../../../src/main/core/auth/pending-authorizations'
import { createPkcePair, createState } from '../../../../src/main/core/auth/pkce'

/**
 * End-to-end against oidc-provider 9 (a certified, strict OpenID provider) on 127.0.0.1: the
 * generic engine — authorize URL, loopback listener, pending attempts, code exchange with PKCE,
 * rotating refresh, revocation — with the provider's own login and consent pages driven over
 * plain HTTP (cookies kept by hand).
 */

const CLIENT_ID = 'printdock-desktop'

/** oidc-provider's storage contract, kept in Maps (tokens, codes, sessions, grants…). */
class MemoryAdapter {
  static stores = new Map<
    string,
    Map<string, { payload: Record<string, unknown>; expiresAt?: number }>
  >()
  private readonly store: Map<string, { payload: Record<string, unknown>; expiresAt?: number }>

  constructor(model: string) {
    const existing = MemoryAdapter.stores.get(model)
    this.store = existing ?? new Map()
    if (!existing) MemoryAdapter.stores.set(model, this.store)
  }

  private live(id: string): Record<string, unknown> | undefined {
    const item = this.store.get(id)
    if (!item) return undefined
    if (item.expiresAt !== undefined && item.expiresAt <= Date.now()) {
      this.store.delete(id)
      return undefined
    }
    return item.payload
  }

  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
    this.store.set(id, {
      payload: { ...payload },
      expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined
    })
  }
  async find(id: string): Promise<Record<string, unknown> | undefined> {
    return this.live(id)
  }
  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    for (const [id, item] of this.store) if (item.payload.uid === uid) return this.live(id)
    return undefined
  }
  async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    for (const [id, item] of this.store)
      if (item.payload.userCode === userCode) return this.live(id)
    return undefined
  }
  async consume(id: string): Promise<void> {
    const item = this.store.get(id)
    if (item) item.payload.consumed = Math.floor(Date.now() / 1000)
  }
  async destroy(id: string): Promise<void> {
    this.store.delete(id)
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, item] of this.store) if (item.payload.grantId === grantId) this.store.delete(id)
  }
}

let server: Server
let issuer = ''
const ACCESS_TOKEN_TTL = 600

beforeAll(async () => {
  server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const provider = new Provider(issuer, {
    adapter: MemoryAdapter,
    clients: [
      {
        client_id: CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        // Registered without a port: RFC 8252 §7.3 lets a native client use any loopback port.
        redirect_uris: ['http://127.0.0.1/printdock/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code']
      }
    ],
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@example.com` })
    }),
    claims: { openid: ['sub'], email: ['email'] },
    scopes: ['openid', 'offline_access', 'email'],
    pkce: { required: () => true },
    rotateRefreshToken: () => true,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true }
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      RefreshToken: 86400,
      Interaction: 600,
      Session: 3600,
      Grant: 86400
    },
    cookies: { keys: ['printdock-test-cookie-key'] },
    jwks: {
      keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }]
    }
  })
  server.on('request', provider.callback())
}, 30_000)

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

function httpCall(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString()
          })
        )
        res.on('error', reject)
      }
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(options.body)
  })
}

/**
 * A pretend browser: follows redirects, keeps cookies per origin (ignoring paths, which the
 * provider does not rely on), fills the dev login form and accepts (or aborts) consent.
 * Returns the page served by the loopback listener.
 */
async function browse(
  startUrl: string,
  loopbackOrigin: string,
  options: { deny?: boolean } = {}
): Promise<Reply> {
  const jar = new Map<string, Map<string, string>>()
  const cookieHeader = (url: URL) =>
    [...(jar.get(url.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ')
  const keep = (url: URL, headers: IncomingHttpHeaders) => {
    const cookies = jar.get(url.origin) ?? new Map<string, string>()
    for (const line of headers['set-cookie'] ?? []) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    jar.set(url.origin, cookies)
  }

  let next: { url: string; method: string; body?: string } = { url: startUrl, method: 'GET' }
  for (let step = 0; step < 20; step++) {
    const url = new URL(next.url)
    const headers: Record<string, string> = {}
    const cookie = cookieHeader(url)
    if (cookie) headers.Cookie = cookie
    if (next.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded'
    const reply = await httpCall(next.url, { method: next.method, headers, body: next.body })
    keep(url, reply.headers)
    if (url.origin === loopbackOrigin) return reply
    if (reply.status >= 300 && reply.status < 400 && reply.headers.location) {
      next = { url: new URL(reply.headers.location, url).toString(), method: 'GET' }
      continue
    }
    if (reply.status !== 200)
      throw new Error(
        `provider answered ${reply.status} at ${url.pathname}: ${reply.body.slice(0, 300)}`
      )
    const action = /<form[^>]*action="([^"]+)"/.exec(reply.body)?.[1]
    const prompt = /name="prompt" value="([^"]+)"/.exec(reply.body)?.[1]
    if (!action || !prompt) throw new Error(`no interaction form at ${url.pathname}`)
    const actionUrl = new URL(action.replace(/&amp;/g, '&'), url)
    if (options.deny && prompt === 'consent') {
      next = { url: `${actionUrl.toString().replace(/\/$/, '')}/abort`, method: 'GET' }
      continue
    }
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: 'maker', password: 'any' } : { prompt }
    next = { url: actionUrl.toString(), method: 'POST', body: new URLSearchParams(form).toString() }
  }
  throw new Error('too many steps')
}

const tokenEndpoint = (): TokenEndpoint => ({ url: `${issuer}/token`, clientAuth: 'none' })
const revocationEndpoint = (): TokenEndpoint => ({
  url: `${issuer}/token/revocation`,
  clientAuth: 'none'
})
const client = createOAuthClient({
  http: createAxiosHttp({ timeoutMs: 10_000 }),
  clock: systemClock
})

async function userinfo(accessToken: string): Promise<Reply> {
  return httpCall(`${issuer}/me`, { headers: { Authorization: `Bearer ${accessToken}` } })
}

async function introspect(token: string): Promise<Record<string, unknown>> {
  const reply = await httpCall(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: CLIENT_ID }).toString()
  })
  expect(reply.status).toBe(200)
  return JSON.parse(reply.body) as Record<string, unknown>
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

const pending = new PendingAuthorizations({ clock: systemClock })

/** One full link attempt through the engine; returns what the caller of the engine would see. */
async function link(options: { deny?: boolean; forgeFirst?: boolean } = {}): Promise<{
  listener: LoopbackListener
  result?: AuthorizationCodeResult
  failure?: AppError
  page: Reply
  forged?: Reply
}> {
  let attemptId = ''
  const listener = await startLoopbackListener({
    path: '/printdock/callback',
    timeoutMs: 60_000,
    handle: createCallbackHandler(pending, () => attemptId, 'Your account is linked.')
  })
  const pkce = createPkcePair()
  const state = createState()
  const attempt = pending.begin({
    attemptKey: `generic|${issuer}`,
    providerKey: 'generic',
    serverOrigin: issuer,
    redirectUri: listener.redirectUri,
    verifier: pkce.verifier,
    state,
    issuer,
    requireIssuer: true
  })
  attemptId = attempt.attemptId
  const authorizationUrl = buildAuthorizationUrl({
    authorizeUrl: `${issuer}/auth`,
    clientId: CLIENT_ID,
    redirectUri: listener.redirectUri,
    state,
    challenge: pkce.challenge,
    scope: 'openid email offline_access',
    // OIDC Core §11: offline_access is only honoured together with prompt=consent.
    extraParams: { prompt: 'consent' }
  })
  let forged: Reply | undefined
  if (options.forgeFirst) {
    forged = await httpCall(
      `${listener.redirectUri}?code=forged&state=${createState()}&iss=${encodeURIComponent(issuer)}`
    )
  }
  const page = await browse(authorizationUrl, new URL(listener.redirectUri).origin, options)
  const settled = await attempt.promise.then(
    (result) => ({ result }),
    (failure: AppError) => ({ failure })
  )
  await listener.closed
  return { listener, page, forged, ...settled }
}

describe('generic OAuth engine against oidc-provider', () => {
  let first: TokenSet
  let rotated: TokenSet

  it('links: authorize → loopback → code (a forged callback first is refused) → PKCE exchange', async () => {
    const { listener, result, page, forged } = await link({ forgeFirst: true })
    expect(forged?.status).toBe(400)
    expect(forged?.body).toContain('does not belong')
    expect(page.status).toBe(200)
    expect(page.body).toContain('You can return to Printdock')
    expect(listener.closeReason).toBe('completed')
    expect(result?.iss).toBe(issuer)
    expect(result?.attempt.redirectUri).toBe(listener.redirectUri)

    const before = Date.now()
    first = await client.exchangeCode(tokenEndpoint(), {
      code: result!.code,
      redirectUri: listener.redirectUri,
      clientId: CLIENT_ID,
      verifier: result!.verifier
    })
    expect(first.accessToken.length).toBeGreaterThan(10)
    expect(first.refreshToken).toBeDefined()
    expect(first.tokenType?.toLowerCase()).toBe('bearer')
    expect(first.expiresAt).toBeGreaterThanOrEqual(before + (ACCESS_TOKEN_TTL - 2) * 1000)
    expect(first.expiresAt).toBeLessThanOrEqual(Date.now() + ACCESS_TOKEN_TTL * 1000)
    expect(first.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access']))

    const me = await userinfo(first.accessToken)
    expect(me.status).toBe(200)
    expect(JSON.parse(me.body)).toMatchObject({ sub: 'maker' })
  })

  it('a code is single-use: replay is auth/invalid-code (and the provider revokes that grant)', async () => {
    const { listener, result } = await link()
    const params = {
      code: result!.code,
      redirectUri: listener.redirectUri,
      clientId: CLIENT_ID,
      verifier: result!.verifier
    }
    const tokens = await client.exchangeCode(tokenEndpoint(), params)
    expect((await userinfo(tokens.accessToken)).status).toBe(200)
    await expectAppError(client.exchangeCode(tokenEndpoint(), params), 'auth/invalid-code')
    // RFC 6749 §4.1.2: the server should revoke tokens issued from a replayed code; oidc-provider does.
    expect((await userinfo(tokens.accessToken)).status).toBe(401)
  })

  it('the provider enforces PKCE: a wrong verifier fails as auth/invalid-code', async () => {
    const { listener, result } = await link()
    await expectAppError(
      client.exchangeCode(tokenEndpoint(), {
        code: result!.code,
        redirectUri: listener.redirectUri,
        clientId: CLIENT_ID,
        verifier: createPkcePair().verifier
      }),
      'auth/invalid-code'
    )
  })

  it('refresh rotates: new tokens work, the old refresh token is rejected (auth/needs-relink)', async () => {
    expect(first).toBeDefined()
    rotated = await client.refreshTokens(tokenEndpoint(), {
      refreshToken: first.refreshToken!,
      clientId: CLIENT_ID
    })
    expect(rotated.refreshToken).toBeDefined()
    expect(rotated.refreshToken).not.toBe(first.refreshToken)
    expect(rotated.accessToken).not.toBe(first.accessToken)
    expect((await userinfo(rotated.accessToken)).status).toBe(200)
    await expectAppError(
      client.refreshTokens(tokenEndpoint(), {
        refreshToken: first.refreshToken!,
        clientId: CLIENT_ID
      }),
      'auth/needs-relink'
    )
  })

  it('revocation: the revoked access token stops working, the revoked refresh token cannot refresh', async () => {
    const { listener, result } = await link()
    const tokens = await client.exchangeCode(tokenEndpoint(), {
      code: result!.code,
      redirectUri: listener.redirectUri,
      clientId: CLIENT_ID,
      verifier: result!.verifier
    })
    expect((await userinfo(tokens.accessToken)).status).toBe(200)
    expect((await introspect(tokens.accessToken)).active).toBe(true)

    expect(
      await client.revokeToken(revocationEndpoint(), {
        token: tokens.accessToken,
        tokenTypeHint: 'access_token',
        clientId: CLIENT_ID
      })
    ).toBe(true)
    expect((await userinfo(tokens.accessToken)).status).toBe(401)
    expect((await introspect(tokens.accessToken)).active).toBe(false)

    expect(
      await client.revokeToken(revocationEndpoint(), {
        token: tokens.refreshToken!,
        tokenTypeHint: 'refresh_token',
        clientId: CLIENT_ID
      })
    ).toBe(true)
    await expectAppError(
      client.refreshTokens(tokenEndpoint(), {
        refreshToken: tokens.refreshToken!,
        clientId: CLIENT_ID
      }),
      'auth/needs-relink'
    )
    // RFC 7009 §2.2: an unknown token is still a 200.
    expect(
      await client.revokeToken(revocationEndpoint(), { token: 'never-issued', clientId: CLIENT_ID })
    ).toBe(true)
  })

  it('denied consent ends the attempt with auth/denied and the listener closes', async () => {
    const { listener, failure, page } = await link({ deny: true })
    expect(failure?.code).toBe('auth/denied')
    expect(page.status).toBe(400)
    expect(page.body).toContain('denied')
    expect(listener.closeReason).toBe('ended')
    expect(pending.list()).toHaveLength(0)
  })
})
