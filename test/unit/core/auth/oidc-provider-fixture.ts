import { generateKeyPairSync } from 'node:crypto'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/**
 * oidc-provider 9 (a certified, strict OpenID provider) on 127.0.0.1 for tests, with the pieces
 * that drive it over plain HTTP: a pretend browser for its dev login and consent pages, userinfo
 * and introspection. Shared by oidc-provider.test.ts (the auth engine alone) and
 * accounts/generic-oidc.test.ts (the whole account service).
 */

/** The public native client every fixture registers. */
export const CLIENT_ID = 'printdock-desktop'
/** Access token lifetime, in seconds. */
export const ACCESS_TOKEN_TTL = 600

type Stored = { payload: Record<string, unknown>; expiresAt?: number }

/**
 * oidc-provider's storage contract, kept in Maps (tokens, codes, sessions, grants…). One class per
 * provider, so two providers in one process never share tokens.
 */
function memoryAdapter() {
  const stores = new Map<string, Map<string, Stored>>()
  return class MemoryAdapter {
    private readonly store: Map<string, Stored>

    constructor(model: string) {
      const existing = stores.get(model)
      this.store = existing ?? new Map()
      if (!existing) stores.set(model, this.store)
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
      for (const [id, item] of this.store)
        if (item.payload.grantId === grantId) this.store.delete(id)
    }
  }
}

/** An HTTP answer, body as text. */
export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One HTTP request without keep-alive (the provider server closes cleanly after the tests). */
export function httpCall(
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
export async function browse(
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

/** A running provider. */
export interface OidcProviderFixture {
  /** The issuer, also the origin of every endpoint (`/auth`, `/token`, `/token/revocation`, `/me`). */
  issuer: string
  /** GET /me with the access token. */
  userinfo(accessToken: string): Promise<Reply>
  /** POST /token/introspection as the public client; the parsed answer. */
  introspect(token: string): Promise<Record<string, unknown>>
  close(): Promise<void>
}

/**
 * Starts oidc-provider with one public native client (PKCE required, refresh tokens rotated,
 * revocation and introspection on). `configuration` is merged over the defaults.
 */
export async function startOidcProvider(
  configuration: Record<string, unknown> = {}
): Promise<OidcProviderFixture> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
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
    },
    ...configuration
  })
  server.on('request', provider.callback())
  return {
    issuer,
    userinfo: (accessToken) =>
      httpCall(`${issuer}/me`, { headers: { Authorization: `Bearer ${accessToken}` } }),
    async introspect(token) {
      const reply = await httpCall(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: CLIENT_ID }).toString()
      })
      if (reply.status !== 200) throw new Error(`introspection answered ${reply.status}`)
      return JSON.parse(reply.body) as Record<string, unknown>
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
