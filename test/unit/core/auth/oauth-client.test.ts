import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { createHttpClient } from '../../../../src/main/core/http'
import {
  MAX_EXPIRES_IN_SECONDS,
  OAuthEndpointError,
  createOAuthClient,
  type TokenEndpoint
} from '../../../../src/main/core/auth/oauth-client'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Responder = (req: Seen, res: ServerResponse) => void

let server: Server
let base = ''
let seen: Seen[] = []
let responder: Responder = (_req, res) => res.end()

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const record = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString()
      }
      seen.push(record)
      responder(record, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  seen = []
})

const clock = new ManualClock(Date.UTC(2026, 0, 1))
const client = createOAuthClient({ http: createHttpClient({ defaultDeadlineMs: 2000 }), clock })
const endpoint = (): TokenEndpoint => ({ url: `${base}/o/token/` })

const CODE = 'AUTHCODE-1234567890'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const REFRESH = 'REFRESH-abcdefghijkl'

async function failure(promise: Promise<unknown>): Promise<OAuthEndpointError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AppError)
  const text = `${(error as Error).message} ${JSON.stringify((error as AppError).toDto())}`
  for (const secret of [CODE, VERIFIER, REFRESH, 'hunter2-password', 'client-secret-xyz']) {
    expect(text).not.toContain(secret)
  }
  return error as OAuthEndpointError
}

describe('exchangeCode', () => {
  it('posts a form with the code, redirect URI, client ID and PKCE verifier', async () => {
    responder = (_req, res) =>
      json(res, 200, {
        access_token: 'AT1',
        refresh_token: 'RT1',
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'read write'
      })
    const tokens = await client.exchangeCode(endpoint(), {
      code: CODE,
      redirectUri: 'http://127.0.0.1:5000/printdock/callback',
      clientId: 'printdock',
      verifier: VERIFIER
    })
    expect(seen).toHaveLength(1)
    expect(seen[0].method).toBe('POST')
    expect(seen[0].url).toBe('/o/token/')
    expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(seen[0].body)
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: CODE,
      redirect_uri: 'http://127.0.0.1:5000/printdock/callback',
      code_verifier: VERIFIER,
      client_id: 'printdock'
    })
    expect(tokens).toMatchObject({
      accessToken: 'AT1',
      refreshToken: 'RT1',
      tokenType: 'Bearer',
      scope: 'read write',
      expiresAt: clock.now() + 3600 * 1000
    })
    expect(tokens.raw.access_token).toBe('AT1')
  })

  it('treats Obico’s 100-year expires_in as non-expiring', async () => {
    responder = (_req, res) =>
      json(res, 200, { access_token: 'AT', expires_in: 3153600000, token_type: 'Bearer' })
    const tokens = await client.exchangeCode(endpoint(), {
      code: CODE,
      redirectUri: 'x',
      clientId: 'c'
    })
    expect(3153600000).toBeGreaterThan(MAX_EXPIRES_IN_SECONDS)
    expect(tokens.expiresAt).toBeUndefined()
    expect(tokens.raw.expires_in).toBe(3153600000)
  })

  it('ignores nonsense expires_in values and accepts numeric strings', async () => {
    for (const [value, want] of [
      [-5, undefined],
      [0, undefined],
      ['120', clock.now() + 120_000],
      [null, undefined]
    ] as const) {
      responder = (_req, res) => json(res, 200, { access_token: 'AT', expires_in: value })
      const tokens = await client.exchangeCode(endpoint(), {
        code: CODE,
        redirectUri: 'x',
        clientId: 'c'
      })
      expect(tokens.expiresAt).toBe(want)
    }
  })

  it('sends HTTP Basic client authentication when asked', async () => {
    responder = (_req, res) => json(res, 200, { access_token: 'AT' })
    await client.exchangeCode(
      { url: `${base}/token`, clientAuth: 'basic' },
      { code: CODE, redirectUri: 'x', clientId: 'my client', clientSecret: 'client-secret-xyz' }
    )
    const auth = String(seen[0].headers.authorization)
    expect(auth.startsWith('Basic ')).toBe(true)
    expect(Buffer.from(auth.slice(6), 'base64').toString()).toBe('my+client:client-secret-xyz')
    const form = new URLSearchParams(seen[0].body)
    expect(form.has('client_id')).toBe(false)
    expect(form.has('client_secret')).toBe(false)
  })

  it('puts the secret in the body by default and can send JSON', async () => {
    responder = (_req, res) => json(res, 200, { access_token: 'AT' })
    await client.exchangeCode(
      { url: `${base}/token`, style: 'json' },
      { code: CODE, redirectUri: 'r', clientId: 'id', clientSecret: 's' }
    )
    expect(seen[0].headers['content-type']).toBe('application/json')
    expect(JSON.parse(seen[0].body)).toEqual({
      grant_type: 'authorization_code',
      code: CODE,
      redirect_uri: 'r',
      client_id: 'id',
      client_secret: 's'
    })
  })

  it('maps 400 invalid_grant to auth/invalid-code and never echoes the code', async () => {
    responder = (_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: `code ${CODE} expired` })
    const error = await failure(
      client.exchangeCode(endpoint(), {
        code: CODE,
        redirectUri: 'x',
        clientId: 'c',
        verifier: VERIFIER
      })
    )
    expect(error.code).toBe('auth/invalid-code')
    expect(error.status).toBe(400)
    expect(error.oauthError).toBe('invalid_grant')
  })

  it('maps 401 invalid_client to auth/provider-error about the client ID', async () => {
    responder = (_req, res) =>
      json(res, 401, {
        error: 'invalid_client',
        error_description: 'secret client-secret-xyz wrong'
      })
    const error = await failure(
      client.exchangeCode(endpoint(), {
        code: CODE,
        redirectUri: 'x',
        clientId: 'c',
        clientSecret: 'client-secret-xyz'
      })
    )
    expect(error.code).toBe('auth/provider-error')
    expect(error.message).toMatch(/client ID/)
    expect(error.message).toContain('[redacted]')
  })

  it('maps other OAuth errors to auth/provider-error with the server’s words', async () => {
    responder = (_req, res) =>
      json(res, 400, { error: 'invalid_request', error_description: 'Mismatching redirect URI.' })
    const error = await failure(
      client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
    )
    expect(error.code).toBe('auth/provider-error')
    expect(error.message).toContain('Mismatching redirect URI.')
  })

  it('maps 5xx to a retryable network/server-error (Obico’s HTML 500 page too)', async () => {
    responder = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' })
      res.end('<h1>Server Error (500)</h1>')
    }
    const error = await failure(
      client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
    )
    expect(error.code).toBe('network/server-error')
    expect(error.retryable).toBe(true)
    expect(error.status).toBe(500)
  })

  it('maps 429 to network/rate-limited with Retry-After', async () => {
    responder = (_req, res) => json(res, 429, { error: 'slow_down' }, { 'Retry-After': '7' })
    const error = await failure(
      client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
    )
    expect(error.code).toBe('network/rate-limited')
    expect(error.retryAfterMs).toBe(7000)
    expect(error.retryable).toBe(true)
    expect(error.message).toContain('7 seconds')
  })

  it('rejects a 200 that is not JSON, or JSON without an access token', async () => {
    responder = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html>login page</html>')
    }
    expect(
      (
        await failure(
          client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
        )
      ).code
    ).toBe('network/bad-response')
    responder = (_req, res) => res.end('{"access_token": ')
    expect(
      (
        await failure(
          client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
        )
      ).code
    ).toBe('network/bad-response')
    responder = (_req, res) => json(res, 200, { token_type: 'bearer' })
    expect(
      (
        await failure(
          client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
        )
      ).code
    ).toBe('network/bad-response')
    responder = (_req, res) => json(res, 200, [{ access_token: 'x' }])
    expect(
      (
        await failure(
          client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
        )
      ).code
    ).toBe('network/bad-response')
  })

  it('does not follow redirects (a POST must not turn into a GET)', async () => {
    responder = (req, res) => {
      if (req.url === '/o/token') {
        res.writeHead(301, { Location: '/o/token/' })
        res.end()
      } else json(res, 200, { access_token: 'AT' })
    }
    const error = await failure(
      client.exchangeCode(
        { url: `${base}/o/token` },
        { code: CODE, redirectUri: 'x', clientId: 'c' }
      )
    )
    expect(error.code).toBe('network/bad-response')
    expect(error.message).toMatch(/trailing slash/)
    expect(seen).toHaveLength(1)
  })

  it('ignores proxy settings from the environment', async () => {
    const saved = {
      HTTP_PROXY: process.env.HTTP_PROXY,
      http_proxy: process.env.http_proxy,
      NO_PROXY: process.env.NO_PROXY,
      no_proxy: process.env.no_proxy
    }
    process.env.HTTP_PROXY = 'http://127.0.0.1:9'
    process.env.http_proxy = 'http://127.0.0.1:9'
    delete process.env.NO_PROXY
    delete process.env.no_proxy
    try {
      responder = (_req, res) => json(res, 200, { access_token: 'AT' })
      const tokens = await client.exchangeCode(endpoint(), {
        code: CODE,
        redirectUri: 'x',
        clientId: 'c'
      })
      expect(tokens.accessToken).toBe('AT')
      expect(seen[0].url).toBe('/o/token/')
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  })
})

describe('transport failures', () => {
  it('a reset connection is network/offline', async () => {
    responder = (_req, res) => res.socket?.destroy()
    const error = await failure(
      client.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
    )
    expect(error.code).toBe('network/offline')
    expect(error.retryable).toBe(true)
  })

  it('a refused connection is network/offline', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await failure(
      client.exchangeCode(
        { url: `http://127.0.0.1:${port}/token` },
        { code: CODE, redirectUri: 'x', clientId: 'c' }
      )
    )
    expect(error.code).toBe('network/offline')
    expect(error.message).toMatch(/refused/)
  })

  it('a server that never answers is network/timeout', async () => {
    responder = () => undefined // hold the request open
    const slow = createOAuthClient({ http: createHttpClient({ defaultDeadlineMs: 300 }), clock })
    const error = await failure(
      slow.exchangeCode(endpoint(), { code: CODE, redirectUri: 'x', clientId: 'c' })
    )
    expect(error.code).toBe('network/timeout')
    expect(error.retryable).toBe(true)
  })

  it('a token endpoint that drips its answer is network/timeout at the deadline', async () => {
    // Headers at once, then a byte every 100 ms: no idle timeout ever fires on this.
    responder = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const drip = setInterval(() => res.write(' '), 100)
      res.on('close', () => clearInterval(drip))
    }
    const slow = createOAuthClient({ http: createHttpClient({ defaultDeadlineMs: 500 }), clock })
    const started = Date.now()
    const error = await failure(
      slow.refreshTokens(endpoint(), { refreshToken: REFRESH, clientId: 'c' })
    )
    expect(error.code).toBe('network/timeout')
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('an unusable endpoint URL is account/invalid-server-url, before any request', async () => {
    const error = await failure(
      client.exchangeCode(
        { url: 'ftp://example.com/token' },
        { code: CODE, redirectUri: 'x', clientId: 'c' }
      )
    )
    expect(error.code).toBe('account/invalid-server-url')
    expect(seen).toHaveLength(0)
  })
})

describe('refreshTokens', () => {
  it('posts the refresh grant and returns the rotated set', async () => {
    responder = (_req, res) =>
      json(res, 200, { access_token: 'AT2', refresh_token: 'RT2', expires_in: 60 })
    const tokens = await client.refreshTokens(endpoint(), { refreshToken: REFRESH, clientId: 'c' })
    expect(Object.fromEntries(new URLSearchParams(seen[0].body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REFRESH,
      client_id: 'c'
    })
    expect(tokens.refreshToken).toBe('RT2')
  })

  it('maps invalid_grant to auth/needs-relink', async () => {
    responder = (_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: `token ${REFRESH} revoked` })
    const error = await failure(
      client.refreshTokens(endpoint(), { refreshToken: REFRESH, clientId: 'c' })
    )
    expect(error.code).toBe('auth/needs-relink')
  })
})

describe('passwordGrant', () => {
  it('never echoes a password shorter than four characters', async () => {
    responder = (_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: 'password "pw9" is wrong' })
    const error = await failure(
      client.passwordGrant({ url: `${base}/token` }, { username: 'a', password: 'pw9' })
    )
    expect(error.code).toBe('auth/invalid-credentials')
    expect(error.message).not.toContain('pw9')
  })

  it('posts username and password, without client_id when none is given', async () => {
    responder = (_req, res) => json(res, 200, { access_token: 'jwt', token_type: 'bearer' })
    const tokens = await client.passwordGrant(
      { url: `${base}/token` },
      { username: 'a@b.c', password: 'hunter2-password' }
    )
    expect(Object.fromEntries(new URLSearchParams(seen[0].body))).toEqual({
      grant_type: 'password',
      username: 'a@b.c',
      password: 'hunter2-password'
    })
    expect(tokens).toMatchObject({ accessToken: 'jwt', tokenType: 'bearer' })
    expect(tokens.refreshToken).toBeUndefined()
  })

  it('maps a FastAPI 401 detail to auth/invalid-credentials with the server’s words', async () => {
    responder = (_req, res) =>
      json(res, 401, { detail: 'Incorrect username or password' }, { 'WWW-Authenticate': 'Bearer' })
    const error = await failure(
      client.passwordGrant(
        { url: `${base}/token` },
        { username: 'a', password: 'hunter2-password' }
      )
    )
    expect(error.code).toBe('auth/invalid-credentials')
    expect(error.message).toContain('Incorrect username or password')
  })

  it('never echoes the password', async () => {
    responder = (_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: 'bad password hunter2-password' })
    const error = await failure(
      client.passwordGrant(
        { url: `${base}/token` },
        { username: 'a', password: 'hunter2-password' }
      )
    )
    expect(error.code).toBe('auth/invalid-credentials')
  })
})

describe('revokeToken', () => {
  it('posts token and hint and returns true on 200 with an empty body', async () => {
    responder = (_req, res) => {
      res.writeHead(200)
      res.end()
    }
    const ok = await client.revokeToken(
      { url: `${base}/o/revoke_token/` },
      { token: REFRESH, tokenTypeHint: 'refresh_token', clientId: 'c' }
    )
    expect(ok).toBe(true)
    expect(Object.fromEntries(new URLSearchParams(seen[0].body))).toEqual({
      token: REFRESH,
      token_type_hint: 'refresh_token',
      client_id: 'c'
    })
  })

  it('returns false on an HTTP error and throws only when unreachable', async () => {
    responder = (_req, res) => json(res, 503, { error: 'unsupported_token_type' })
    expect(
      await client.revokeToken({ url: `${base}/revoke` }, { token: REFRESH, clientId: 'c' })
    ).toBe(false)
    responder = (_req, res) => res.socket?.destroy()
    const error = await failure(
      client.revokeToken({ url: `${base}/revoke` }, { token: REFRESH, clientId: 'c' })
    )
    expect(error.code).toBe('network/offline')
  })
})
