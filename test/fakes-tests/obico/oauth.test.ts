import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { DEMO_CLIENT_ID, DEMO_USER } from '../../fakes/obico'
import { redirectUriAllowed } from '../../fakes/obico/redirect-uri'
import { CookieJar, hiddenValue, postForm, startFake } from './helpers'

const REDIRECT = 'http://127.0.0.1:53123/printdock/callback'

function authorizeUrl(sb: ObicoFake, params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: DEMO_CLIENT_ID,
    redirect_uri: REDIRECT,
    state: 'st-1',
    ...params
  })
  return `${sb.baseUrl}/o/authorize/?${query}`
}

/** Logs in through the login form and returns the jar with a session cookie. */
async function login(sb: ObicoFake, jar = new CookieJar()): Promise<CookieJar> {
  const page = await fetch(`${sb.baseUrl}/accounts/login/?next=/`, {
    headers: { cookie: jar.header() }
  })
  jar.store(page)
  const csrf = hiddenValue(await page.text(), 'csrfmiddlewaretoken') ?? ''
  const res = await fetch(`${sb.baseUrl}/accounts/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({
      csrfmiddlewaretoken: csrf,
      login: DEMO_USER.email,
      password: DEMO_USER.password,
      next: '/'
    }),
    redirect: 'manual'
  })
  expect(res.status).toBe(302)
  jar.store(res)
  expect(jar.get('tsd_sessionid')).toBeTruthy()
  return jar
}

/** GETs the consent page and submits it; returns the redirect Location. */
async function consent(
  sb: ObicoFake,
  jar: CookieJar,
  url: string,
  allow: boolean
): Promise<Response> {
  const page = await fetch(url, { headers: { cookie: jar.header() }, redirect: 'manual' })
  expect(page.status).toBe(200)
  jar.store(page)
  const text = await page.text()
  const form = new URLSearchParams()
  for (const name of [
    'csrfmiddlewaretoken',
    'redirect_uri',
    'scope',
    'nonce',
    'client_id',
    'state',
    'response_type',
    'code_challenge',
    'code_challenge_method',
    'claims'
  ]) {
    form.set(name, hiddenValue(text, name) ?? '')
  }
  if (allow) form.set('allow', 'Authorize')
  return fetch(`${sb.baseUrl}/o/authorize/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: form,
    redirect: 'manual'
  })
}

async function codeFor(sb: ObicoFake, params: Record<string, string> = {}): Promise<string> {
  const jar = await login(sb)
  const res = await consent(sb, jar, authorizeUrl(sb, params), true)
  expect(res.status).toBe(302)
  const location = new URL(res.headers.get('location') ?? '')
  return location.searchParams.get('code') ?? ''
}

describe('obico fake: /o/authorize/', () => {
  let sb: ObicoFake
  beforeEach(async () => {
    sb = await startFake()
  })
  afterEach(async () => {
    await sb.close()
  })

  it('sends an anonymous browser to the login page with next= the quoted authorize URL', async () => {
    const res = await fetch(authorizeUrl(sb, {}), { redirect: 'manual' })
    expect(res.status).toBe(302)
    const location = res.headers.get('location') ?? ''
    expect(location.startsWith('/accounts/login/?next=/o/authorize/%3F')).toBe(true)
    const next = new URLSearchParams(location.split('?')[1]).get('next') ?? ''
    expect(new URL(next, sb.baseUrl).searchParams.get('client_id')).toBe(DEMO_CLIENT_ID)
  })

  it('login form rejects a bad password and a missing CSRF token', async () => {
    const jar = new CookieJar()
    const page = await fetch(`${sb.baseUrl}/accounts/login/`)
    jar.store(page)
    const csrf = hiddenValue(await page.text(), 'csrfmiddlewaretoken') ?? ''
    const bad = await fetch(`${sb.baseUrl}/accounts/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({
        csrfmiddlewaretoken: csrf,
        login: DEMO_USER.email,
        password: 'wrong'
      }),
      redirect: 'manual'
    })
    expect(bad.status).toBe(200)
    expect(await bad.text()).toContain('not correct')
    const noCsrf = await fetch(`${sb.baseUrl}/accounts/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: DEMO_USER.email, password: DEMO_USER.password }),
      redirect: 'manual'
    })
    expect(noCsrf.status).toBe(403)
  })

  it('shows the consent page with the fixed permission list and DOT hidden fields', async () => {
    const jar = await login(sb)
    const res = await fetch(authorizeUrl(sb, { scope: 'read' }), {
      headers: { cookie: jar.header() }
    })
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).toContain('Authorize Printdock?')
    expect(text).toContain('Query your printer status')
    expect(text).toContain('Upload G-Code to your account')
    expect(text).toContain('Access your Obico printer page')
    expect(hiddenValue(text, 'redirect_uri')).toBe(REDIRECT)
    expect(hiddenValue(text, 'state')).toBe('st-1')
    expect(text).toMatch(/<input type="submit" class="btn" value="Cancel">/)
    expect(text).toContain('name="allow" value="Authorize"')
    expect(text).toContain('class="navbar"')
    const bare = await fetch(authorizeUrl(sb, { hide_navbar: 'true' }), {
      headers: { cookie: jar.header() }
    })
    expect(await bare.text()).not.toContain('class="navbar"')
  })

  it('serves DOT application management to any logged-in user, login redirect otherwise', async () => {
    expect((await fetch(`${sb.baseUrl}/o/applications/`, { redirect: 'manual' })).status).toBe(302)
    const jar = await login(sb)
    const res = await fetch(`${sb.baseUrl}/o/applications/`, { headers: { cookie: jar.header() } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Your applications')
  })

  it('redirects with a 30-char code and the state on Authorize', async () => {
    const jar = await login(sb)
    const res = await consent(sb, jar, authorizeUrl(sb, {}), true)
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe(
      'http://127.0.0.1:53123/printdock/callback'
    )
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{30}$/)
    expect(location.searchParams.get('state')).toBe('st-1')
  })

  it('redirects with error=access_denied when the user presses Cancel', async () => {
    const jar = await login(sb)
    const res = await consent(sb, jar, authorizeUrl(sb, {}), false)
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location') ?? '')
    expect(location.searchParams.get('error')).toBe('access_denied')
    expect(location.searchParams.get('state')).toBe('st-1')
    expect(location.searchParams.get('code')).toBeNull()
  })

  it('accepts any port for a loopback URI registered without one (trap 1)', async () => {
    const jar = await login(sb)
    for (const port of ['1', '8080', '65000']) {
      const res = await fetch(
        authorizeUrl(sb, { redirect_uri: `http://127.0.0.1:${port}/printdock/callback` }),
        { headers: { cookie: jar.header() } }
      )
      expect(res.status).toBe(200)
    }
  })

  it('renders the 400 error page (no redirect) for localhost, another path, https, or an unknown client', async () => {
    const jar = await login(sb)
    const cases: [Record<string, string>, string][] = [
      [{ redirect_uri: 'http://localhost:53123/printdock/callback' }, 'Mismatching redirect URI.'],
      [{ redirect_uri: 'http://127.0.0.1:53123/other' }, 'Mismatching redirect URI.'],
      [{ redirect_uri: 'https://127.0.0.1:53123/printdock/callback' }, 'Mismatching redirect URI.'],
      [{ client_id: 'nope' }, 'Invalid client_id parameter value.']
    ]
    for (const [params, message] of cases) {
      const res = await fetch(authorizeUrl(sb, params), {
        headers: { cookie: jar.header() },
        redirect: 'manual'
      })
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
      const text = await res.text()
      expect(text).toContain('Error: invalid_request')
      expect(text).toContain(message)
    }
  })

  it('matches a registered URI with a port exactly, port included', async () => {
    sb.registerClient({
      clientId: 'fixed',
      name: 'Fixed',
      redirectUris: ['http://127.0.0.1:8765/cb']
    })
    const jar = await login(sb)
    const ok = await fetch(
      `${sb.baseUrl}/o/authorize/?response_type=code&client_id=fixed&redirect_uri=${encodeURIComponent('http://127.0.0.1:8765/cb')}`,
      { headers: { cookie: jar.header() } }
    )
    expect(ok.status).toBe(200)
    const bad = await fetch(
      `${sb.baseUrl}/o/authorize/?response_type=code&client_id=fixed&redirect_uri=${encodeURIComponent('http://127.0.0.1:8766/cb')}`,
      { headers: { cookie: jar.header() } }
    )
    expect(bad.status).toBe(400)
  })

  it('refuses custom schemes at registration and at redirect time unless the operator allows them', async () => {
    expect(() => sb.registerClient({ name: 'X', redirectUris: ['myapp://callback'] })).toThrow(
      'Unauthorized redirect scheme: myapp'
    )
    const jar = await login(sb)
    // The seeded printdock:// URI passes matching, but the final redirect is DisallowedRedirect → 400.
    const res = await consent(
      sb,
      jar,
      authorizeUrl(sb, { redirect_uri: 'printdock://oauth/callback' }),
      true
    )
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()

    const open = await startFake({ allowCustomScheme: true })
    try {
      const openJar = await login(open)
      const ok = await consent(
        open,
        openJar,
        authorizeUrl(open, { redirect_uri: 'printdock://oauth/callback' }),
        true
      )
      expect(ok.status).toBe(302)
      expect(ok.headers.get('location')).toMatch(
        /^printdock:\/\/oauth\/callback\?code=[A-Za-z0-9]{30}&state=st-1$/
      )
      expect(() =>
        open.registerClient({ name: 'Y', redirectUris: ['printdock://x'] })
      ).not.toThrow()
    } finally {
      await open.close()
    }
  })

  it('redirects later errors (bad scope, bad response_type, bad PKCE method) to the client', async () => {
    const jar = await login(sb)
    const check = async (params: Record<string, string>, error: string) => {
      const res = await fetch(authorizeUrl(sb, params), {
        headers: { cookie: jar.header() },
        redirect: 'manual'
      })
      expect(res.status).toBe(302)
      expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe(error)
    }
    await check({ scope: 'admin' }, 'invalid_scope')
    await check({ response_type: 'bogus' }, 'unsupported_response_type')
    await check({ code_challenge: 'abc', code_challenge_method: 'S512' }, 'invalid_request')
  })

  it('auto-approve skips login and consent and still enforces the redirect rules', async () => {
    const auto = await startFake({ autoApprove: true })
    try {
      const res = await fetch(authorizeUrl(auto, {}), { redirect: 'manual' })
      expect(res.status).toBe(302)
      expect(new URL(res.headers.get('location') ?? '').searchParams.get('code')).toMatch(
        /^[A-Za-z0-9]{30}$/
      )
      const bad = await fetch(
        authorizeUrl(auto, { redirect_uri: 'http://localhost:1/printdock/callback' }),
        { redirect: 'manual' }
      )
      expect(bad.status).toBe(400)
    } finally {
      await auto.close()
    }
    sb.settings.autoApprove = true
    const flipped = await fetch(authorizeUrl(sb, {}), { redirect: 'manual' })
    expect(flipped.status).toBe(302)
  })

  it('approval_prompt=auto skips consent once the user holds a token for the app', async () => {
    const jar = await login(sb)
    const first = await fetch(authorizeUrl(sb, { approval_prompt: 'auto' }), {
      headers: { cookie: jar.header() },
      redirect: 'manual'
    })
    expect(first.status).toBe(200) // consent shown: no token yet
    sb.issueToken(1, DEMO_CLIENT_ID)
    const second = await fetch(authorizeUrl(sb, { approval_prompt: 'auto' }), {
      headers: { cookie: jar.header() },
      redirect: 'manual'
    })
    expect(second.status).toBe(302)
    const forced = await fetch(authorizeUrl(sb, {}), {
      headers: { cookie: jar.header() },
      redirect: 'manual'
    })
    expect(forced.status).toBe(200) // REQUEST_APPROVAL_PROMPT = force by default
  })
})

describe('obico fake: /o/token/ and /o/revoke_token/', () => {
  let sb: ObicoFake
  beforeEach(async () => {
    sb = await startFake()
  })
  afterEach(async () => {
    await sb.close()
  })

  const exchange = (code: string, extra: Record<string, string> = {}) =>
    postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: DEMO_CLIENT_ID,
      ...extra
    })

  it('exchanges a code for the documented token shape, expires_in 3153600000 (trap 4)', async () => {
    const res = await exchange(await codeFor(sb))
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type'
    ])
    expect(res.json.expires_in).toBe(3_153_600_000)
    expect(res.json.token_type).toBe('Bearer')
    expect(res.json.scope).toBe('read write')
    expect(res.json.access_token).toMatch(/^[A-Za-z0-9]{30}$/)
    expect(res.json.refresh_token).toMatch(/^[A-Za-z0-9]{30}$/)
    const me = await fetch(`${sb.baseUrl}/api/v1/users/me/`, {
      headers: { authorization: `Bearer ${res.json.access_token}` }
    })
    expect(me.status).toBe(200)
  })

  it('codes are single-use and die after 60 seconds', async () => {
    const code = await codeFor(sb)
    expect((await exchange(code)).status).toBe(200)
    const again = await exchange(code)
    expect(again.status).toBe(400)
    expect(again.json).toEqual({ error: 'invalid_grant' })

    const late = await codeFor(sb)
    sb.clock.advance(61_000)
    const expired = await exchange(late)
    expect(expired.status).toBe(400)
    expect(expired.json).toEqual({ error: 'invalid_grant' })

    const inTime = await codeFor(sb)
    sb.clock.advance(59_000)
    expect((await exchange(inTime)).status).toBe(200)
  })

  it('verifies S256 PKCE when a challenge was sent (trap 2)', async () => {
    const verifier = 'v'.repeat(20) + 'erifier-0123456789-abcdefghijklmnop'
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const missing = await exchange(
      await codeFor(sb, { code_challenge: challenge, code_challenge_method: 'S256' })
    )
    expect(missing.status).toBe(400)
    expect(missing.json.error).toBe('invalid_request')
    const wrong = await exchange(
      await codeFor(sb, { code_challenge: challenge, code_challenge_method: 'S256' }),
      { code_verifier: `${verifier}x` }
    )
    expect(wrong.status).toBe(400)
    expect(wrong.json).toEqual({ error: 'invalid_grant' })
    const right = await exchange(
      await codeFor(sb, { code_challenge: challenge, code_challenge_method: 'S256' }),
      { code_verifier: verifier }
    )
    expect(right.status).toBe(200)
    // PKCE_REQUIRED is False: without a challenge no verifier is needed.
    expect((await exchange(await codeFor(sb))).status).toBe(200)
  })

  it('requires the exact redirect_uri string, port included', async () => {
    const res = await exchange(await codeFor(sb), {
      redirect_uri: 'http://127.0.0.1:53124/printdock/callback'
    })
    expect(res.status).toBe(400)
    expect(res.json.error).toBe('invalid_request')
  })

  it('answers invalid_client 401, unsupported_grant_type 400, and a 500 page for the password grant (trap 6)', async () => {
    const unknown = await exchange('x', { client_id: 'nope' })
    expect(unknown.status).toBe(401)
    expect(unknown.json).toEqual({ error: 'invalid_client' })
    const grant = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'magic',
      client_id: DEMO_CLIENT_ID
    })
    expect(grant.status).toBe(400)
    expect(grant.json.error).toBe('unsupported_grant_type')
    const password = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'password',
      username: DEMO_USER.email,
      password: DEMO_USER.password,
      client_id: DEMO_CLIENT_ID
    })
    expect(password.status).toBe(500)
    expect(password.headers.get('content-type')).toContain('text/html')
    expect(password.text).toContain('Server Error (500)')
  })

  it('a confidential client must authenticate, by body or HTTP Basic', async () => {
    const client = sb.registerClient({
      clientId: 'conf',
      name: 'Conf',
      clientType: 'confidential',
      redirectUris: [REDIRECT],
      clientSecret: 's3cret'
    })
    expect(client.client_secret_hash).not.toBe('s3cret')
    const { refreshToken } = sb.issueToken(1, 'conf')
    const noSecret = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'conf'
    })
    expect(noSecret.status).toBe(401)
    const basic = await postForm(
      `${sb.baseUrl}/o/token/`,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      { authorization: `Basic ${Buffer.from('conf:s3cret').toString('base64')}` }
    )
    expect(basic.status).toBe(200)
  })

  it('rotates refresh tokens: the old refresh token and its access token die (trap 4)', async () => {
    const first = (await exchange(await codeFor(sb))).json
    const refreshed = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: DEMO_CLIENT_ID
    })
    expect(refreshed.status).toBe(200)
    expect(refreshed.json.refresh_token).not.toBe(first.refresh_token)
    expect(refreshed.json.expires_in).toBe(3_153_600_000)
    const old = await fetch(`${sb.baseUrl}/api/v1/printers/`, {
      headers: { authorization: `Bearer ${first.access_token}` }
    })
    expect(old.status).toBe(403)
    expect(await old.json()).toEqual({ detail: 'Authentication credentials were not provided.' })
    const reuse = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: DEMO_CLIENT_ID
    })
    expect(reuse.status).toBe(400)
    expect(reuse.json).toEqual({ error: 'invalid_grant' })
    const fresh = await fetch(`${sb.baseUrl}/api/v1/printers/`, {
      headers: { authorization: `Bearer ${refreshed.json.access_token}` }
    })
    expect(fresh.status).toBe(200)
  })

  it('refresh may narrow the scope but not widen it', async () => {
    const { refreshToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    const narrowed = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: DEMO_CLIENT_ID,
      scope: 'read'
    })
    expect(narrowed.json.scope).toBe('read')
    const widened = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: narrowed.json.refresh_token,
      client_id: DEMO_CLIENT_ID,
      scope: 'read write'
    })
    expect(widened.status).toBe(400)
    expect(widened.json.error).toBe('invalid_scope')
  })

  it('revoking the refresh token kills both tokens; 200 with an empty body (trap 5)', async () => {
    const { accessToken, refreshToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    const res = await postForm(`${sb.baseUrl}/o/revoke_token/`, {
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: DEMO_CLIENT_ID
    })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    expect(sb.isTokenActive(accessToken)).toBe(false)
    expect(sb.isTokenActive(refreshToken)).toBe(false)
    const api = await fetch(`${sb.baseUrl}/api/v1/users/me/`, {
      headers: { authorization: `Bearer ${accessToken}` }
    })
    expect(api.status).toBe(403)
    const refresh = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: DEMO_CLIENT_ID
    })
    expect(refresh.status).toBe(400)
    expect(refresh.json).toEqual({ error: 'invalid_grant' })
  })

  it('revoking only the access token makes the later refresh crash with a 500 page (trap 5)', async () => {
    const { accessToken, refreshToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    const res = await postForm(`${sb.baseUrl}/o/revoke_token/`, {
      token: accessToken,
      token_type_hint: 'access_token',
      client_id: DEMO_CLIENT_ID
    })
    expect(res.status).toBe(200)
    expect(sb.isTokenActive(accessToken)).toBe(false)
    expect(sb.isTokenActive(refreshToken)).toBe(true)
    const refresh = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: DEMO_CLIENT_ID
    })
    expect(refresh.status).toBe(500)
    expect(refresh.text).toContain('Server Error (500)')
  })

  it('revoke of an unknown token is still 200; missing token is invalid_request; unknown client 401', async () => {
    expect(
      (
        await postForm(`${sb.baseUrl}/o/revoke_token/`, {
          token: 'nope',
          client_id: DEMO_CLIENT_ID
        })
      ).status
    ).toBe(200)
    const missing = await postForm(`${sb.baseUrl}/o/revoke_token/`, { client_id: DEMO_CLIENT_ID })
    expect(missing.status).toBe(400)
    expect(missing.json.error).toBe('invalid_request')
    expect(
      (await postForm(`${sb.baseUrl}/o/revoke_token/`, { token: 'x', client_id: 'nope' })).status
    ).toBe(401)
  })

  it('introspection needs a confidential client; username is the email', async () => {
    const { accessToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    expect((await postForm(`${sb.baseUrl}/o/introspect/`, { token: accessToken })).status).toBe(403)
    sb.registerClient({
      clientId: 'rs',
      name: 'RS',
      clientType: 'confidential',
      redirectUris: ['https://rs.example/cb'],
      clientSecret: 'rs-secret'
    })
    const res = await postForm(`${sb.baseUrl}/o/introspect/`, {
      token: accessToken,
      client_id: 'rs',
      client_secret: 'rs-secret'
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      active: true,
      scope: 'read write',
      client_id: DEMO_CLIENT_ID,
      username: DEMO_USER.email
    })
  })

  it('POST without the trailing slash is a 301 to the slashed URL (trap 8)', async () => {
    const res = await postForm(`${sb.baseUrl}/o/token`, { grant_type: 'authorization_code' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/o/token/')
  })
})

describe('obico fake: loopback redirect rule edges (obico-api.md §1.3)', () => {
  let sb: ObicoFake
  beforeEach(async () => {
    sb = await startFake()
  })
  afterEach(async () => {
    await sb.close()
  })

  /** The authorize outcome for `redirectUri` against client `clientId`, after login + consent. */
  async function outcome(clientId: string, redirectUri: string): Promise<string> {
    const jar = await login(sb)
    const url = `${sb.baseUrl}/o/authorize/?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state: 'edge'
    })}`
    const page = await fetch(url, { headers: { cookie: jar.header() }, redirect: 'manual' })
    if (page.status === 400) {
      const text = await page.text()
      expect(text).toContain('Mismatching redirect URI.')
      return 'rejected'
    }
    expect(page.status).toBe(200)
    const res = await consent(sb, jar, url, true)
    expect(res.status).toBe(302)
    return res.headers.get('location') ?? ''
  }

  it('[::1] registered without a port accepts any port on [::1] only', async () => {
    sb.registerClient({
      name: 'v6',
      clientId: 'v6',
      redirectUris: ['http://[::1]/printdock/callback']
    })
    const ok = await outcome('v6', 'http://[::1]:50123/printdock/callback')
    expect(ok).toMatch(
      /^http:\/\/\[::1\]:50123\/printdock\/callback\?code=[A-Za-z0-9]{30}&state=edge$/
    )
    expect(await outcome('v6', 'http://[::1]/printdock/callback')).toMatch(/\?code=/)
    for (const rejected of [
      'http://[::1]:50123/other', // another path
      'https://[::1]:50123/printdock/callback', // https is not the loopback exemption
      'http://127.0.0.1:50123/printdock/callback', // another loopback host
      'http://localhost:50123/printdock/callback', // localhost is not loopback
      'http://[::2]:50123/printdock/callback'
    ]) {
      expect(await outcome('v6', rejected), rejected).toBe('rejected')
    }
    // Registered with a port: exact, port included.
    sb.registerClient({ name: 'v6p', clientId: 'v6p', redirectUris: ['http://[::1]:8765/cb'] })
    expect(await outcome('v6p', 'http://[::1]:8765/cb')).toMatch(/\?code=/)
    expect(await outcome('v6p', 'http://[::1]:8766/cb')).toBe('rejected')
  })

  it('a full authorize → code → token exchange with a random loopback port against the port-less registration', async () => {
    // A real loopback listener on an ephemeral port, as the desktop app opens one.
    let received: URL | undefined
    const listener = createServer((req, res) => {
      received = new URL(req.url ?? '/', 'http://127.0.0.1')
      res.end('You can close this window.')
    })
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', () => done()))
    const port = (listener.address() as AddressInfo).port
    const redirectUri = `http://127.0.0.1:${port}/printdock/callback`
    try {
      expect(sb.clients.find((c) => c.client_id === DEMO_CLIENT_ID)?.redirect_uris).toContain(
        'http://127.0.0.1/printdock/callback'
      )
      const verifier = 'v'.repeat(64)
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      const jar = await login(sb)
      const url = authorizeUrl(sb, {
        redirect_uri: redirectUri,
        state: 'rnd',
        code_challenge: challenge,
        code_challenge_method: 'S256'
      })
      const approved = await consent(sb, jar, url, true)
      expect(approved.status).toBe(302)
      const location = approved.headers.get('location') ?? ''
      expect(location.startsWith(`${redirectUri}?`)).toBe(true)
      // The browser follows the redirect to the listener.
      expect((await fetch(location)).status).toBe(200)
      expect(received?.pathname).toBe('/printdock/callback')
      expect(received?.searchParams.get('state')).toBe('rnd')
      const code = received?.searchParams.get('code') ?? ''
      expect(code).toMatch(/^[A-Za-z0-9]{30}$/)
      // The exchange needs the exact string, random port included.
      const token = await postForm(`${sb.baseUrl}/o/token/`, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: DEMO_CLIENT_ID,
        code_verifier: verifier
      })
      expect(token.status).toBe(200)
      expect(token.json.expires_in).toBe(3_153_600_000)
      const me = await fetch(`${sb.baseUrl}/api/v1/users/me/`, {
        headers: { authorization: `Bearer ${token.json.access_token}` }
      })
      expect(me.status).toBe(200)
    } finally {
      await new Promise<void>((done) => listener.close(() => done()))
    }
  })

  it('query strings: the registered parameters must be a subset of the requested ones, as parse_qsl pairs', async () => {
    sb.registerClient({
      name: 'q',
      clientId: 'q',
      redirectUris: ['http://127.0.0.1/cb?app=printdock&v=2']
    })
    // Extra parameters and another order are fine, and the redirect keeps them before the code.
    const kept = await outcome('q', 'http://127.0.0.1:40001/cb?v=2&extra=1&app=printdock')
    const back = new URL(kept)
    expect(back.port).toBe('40001')
    expect(back.search.startsWith('?v=2&extra=1&app=printdock&code=')).toBe(true)
    expect(back.searchParams.get('state')).toBe('edge')
    for (const rejected of [
      'http://127.0.0.1:40001/cb', // no query at all
      'http://127.0.0.1:40001/cb?app=printdock', // one registered pair missing
      'http://127.0.0.1:40001/cb?app=printdock&v=3', // a different value
      'http://127.0.0.1:40001/cb/?app=printdock&v=2' // a different path
    ]) {
      expect(await outcome('q', rejected), rejected).toBe('rejected')
    }
    // Decoded before comparing: %70 is "p", + is a space.
    expect(await outcome('q', 'http://127.0.0.1:40001/cb?app=%70rintdock&v=2')).toMatch(/code=/)
  })

  it('DOT edges the WHATWG URL parser would blur: blank values, default ports, dot segments', () => {
    // parse_qsl drops blank values and bare names, so they never have to be present.
    expect(redirectUriAllowed('http://127.0.0.1:5/cb', ['http://127.0.0.1/cb?x=&flag'])).toBe(true)
    expect(
      redirectUriAllowed('http://127.0.0.1:5/cb?a+b=c d', ['http://127.0.0.1/cb?a%20b=c+d'])
    ).toBe(true)
    // An explicit :80 is a port (urlparse keeps it), so it is matched exactly, not as any port.
    expect(redirectUriAllowed('http://127.0.0.1:80/cb', ['http://127.0.0.1:80/cb'])).toBe(true)
    expect(redirectUriAllowed('http://127.0.0.1:8080/cb', ['http://127.0.0.1:80/cb'])).toBe(false)
    expect(redirectUriAllowed('http://127.0.0.1/cb', ['http://127.0.0.1:80/cb'])).toBe(false)
    // Paths are compared as written.
    expect(redirectUriAllowed('http://127.0.0.1:5/x/../cb', ['http://127.0.0.1/cb'])).toBe(false)
    // Non-loopback hosts compare the netloc as written, port included.
    expect(redirectUriAllowed('https://app.example/cb', ['https://app.example/cb'])).toBe(true)
    expect(redirectUriAllowed('https://app.example:443/cb', ['https://app.example/cb'])).toBe(false)
    expect(redirectUriAllowed('http://[::1]:9/cb', ['http://[::1]/cb'])).toBe(true)
    expect(redirectUriAllowed('http://[0:0:0:0:0:0:0:1]:9/cb', ['http://[::1]/cb'])).toBe(false)
  })

  it('an unknown token_type_hint is ignored, as oauthlib does: 200, empty body, token revoked', async () => {
    // oauthlib raises unsupported_token_type only for a *known* hint the server does not support;
    // DOT supports both, and its revoke_token() treats any other hint as none (obico-api.md §1.6:
    // revoke "Returns 200 with an empty body").
    const first = sb.issueToken(1, DEMO_CLIENT_ID)
    const viaAccess = await postForm(`${sb.baseUrl}/o/revoke_token/`, {
      token: first.accessToken,
      token_type_hint: 'id_token',
      client_id: DEMO_CLIENT_ID
    })
    expect(viaAccess.status).toBe(200)
    expect(viaAccess.text).toBe('')
    expect(sb.isTokenActive(first.accessToken)).toBe(false)
    const second = sb.issueToken(1, DEMO_CLIENT_ID)
    const viaRefresh = await postForm(`${sb.baseUrl}/o/revoke_token/`, {
      token: second.refreshToken,
      token_type_hint: 'bogus',
      client_id: DEMO_CLIENT_ID
    })
    expect(viaRefresh.status).toBe(200)
    expect(viaRefresh.text).toBe('')
    expect(sb.isTokenActive(second.refreshToken)).toBe(false)
    expect(sb.isTokenActive(second.accessToken)).toBe(false)
  })
})
