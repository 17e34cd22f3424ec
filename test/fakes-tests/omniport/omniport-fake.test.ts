import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../../fakes/kit'
import { startOmniportFake, type OmniportFake } from '../../fakes/omniport'

let fake: OmniportFake | undefined

afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function start(options: Parameters<typeof startOmniportFake>[0] = {}) {
  fake = await startOmniportFake({
    clock: new FakeClock({ frozen: true, start: Date.UTC(2026, 0, 1) }),
    ...options
  })
  return fake
}

const LOOPBACK = 'http://127.0.0.1:53117/printdock/callback'

async function login(sb: OmniportFake): Promise<string> {
  const res = await fetch(`${sb.baseUrl}/login/`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ username: sb.user.username, password: sb.user.password, next: '/' })
  })
  expect(res.status).toBe(302)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** Loads the consent page and returns its form fields and the cookies to post them with. */
async function consentForm(sb: OmniportFake, query: Record<string, string>) {
  const session = await login(sb)
  const res = await fetch(
    `${sb.authorizeUrl}?${new URLSearchParams({ client_id: sb.client.clientId, ...query }).toString()}`,
    {
      headers: { cookie: session }
    }
  )
  expect(res.status).toBe(200)
  const body = await res.text()
  const fields = Object.fromEntries(
    [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c)))
    ])
  )
  const csrf = res.headers.get('set-cookie')!.split(';')[0]!
  return { fields, cookie: `${session}; ${csrf}`, body }
}

async function codeViaForm(sb: OmniportFake, redirectUri = LOOPBACK, state?: string): Promise<URL> {
  const { fields, cookie } = await consentForm(
    sb,
    state === undefined ? { redirect_uri: redirectUri } : { redirect_uri: redirectUri, state }
  )
  const res = await fetch(`${sb.baseUrl}/open_auth/authorise/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie },
    body: new URLSearchParams({ ...fields, allow: 'Authorize' })
  })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!)
}

async function exchange(
  sb: OmniportFake,
  code: string,
  redirectUri = LOOPBACK,
  extra: Record<string, string> = {}
) {
  return fetch(sb.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: sb.client.clientId,
      client_secret: sb.client.clientSecret,
      grant_type: 'authorization_code',
      redirect_uri: redirectUri,
      code,
      ...extra
    })
  })
}

describe('Omniport fake: consent and codes', () => {
  it('sends an anonymous user to login, then shows a form posting to /open_auth/authorise/', async () => {
    const sb = await start()
    const anonymous = await fetch(`${sb.authorizeUrl}?client_id=${sb.client.clientId}`, {
      redirect: 'manual'
    })
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/^\/login\/\?next=/)
    const { fields, body } = await consentForm(sb, {})
    expect(body).toContain('action="/open_auth/authorise/"')
    expect(body).toContain('<button type="button">Deny</button>')
    // Page defaults: state "state", first registered redirect URI, response_type code, scope.
    expect(fields).toMatchObject({
      client_id: sb.client.clientId,
      state: 'state',
      redirect_uri: sb.client.redirectUris[0],
      response_type: 'code',
      scope: 'read write'
    })
    expect(fields.csrfmiddlewaretoken).toBeTruthy()
  })

  it('redirects Allow to redirect_uri with code and state; GET on /open_auth/authorise/ is 405', async () => {
    const sb = await start()
    const back = await codeViaForm(sb, LOOPBACK, 'xyz')
    expect(`${back.origin}${back.pathname}`).toBe(LOOPBACK)
    expect(back.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{30}$/)
    expect(back.searchParams.get('state')).toBe('xyz')
    const get = await fetch(`${sb.baseUrl}/open_auth/authorise/`, { redirect: 'manual' })
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect(await get.text()).toBe('')
  })

  it('echoes the default state "state" when none was given', async () => {
    const sb = await start()
    const back = await codeViaForm(sb, LOOPBACK)
    expect(back.searchParams.get('state')).toBe('state')
  })

  it('rejects a post without the CSRF token, and a post without allow gets access_denied', async () => {
    const sb = await start()
    const { fields, cookie } = await consentForm(sb, { redirect_uri: LOOPBACK })
    const noCsrf = await fetch(`${sb.baseUrl}/open_auth/authorise/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ ...fields, csrfmiddlewaretoken: 'forged', allow: 'Authorize' })
    })
    expect(noCsrf.status).toBe(403)
    const denied = await fetch(`${sb.baseUrl}/open_auth/authorise/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams(fields)
    })
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied')
  })

  it('applies DOT redirect rules: exact match, loopback any port, no localhost exception, http(s) only', async () => {
    const sb = await start({ autoApprove: true })
    sb.registerClient({
      clientId: 'localhost-app',
      redirectUris: ['http://localhost:8000/cb?app=1']
    })
    const go = (clientId: string, redirectUri: string) =>
      fetch(
        `${sb.authorizeUrl}?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri }).toString()}`,
        { redirect: 'manual' }
      )
    for (const port of [1, 53117, 65000]) {
      const res = await go(sb.client.clientId, `http://127.0.0.1:${port}/printdock/callback`)
      expect(res.status).toBe(302)
      expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    }
    for (const bad of [
      'http://127.0.0.1:5000/printdock/callback/extra',
      'https://127.0.0.1/printdock/callback',
      'http://localhost/printdock/callback'
    ]) {
      expect((await go(sb.client.clientId, bad)).status).toBe(400)
    }
    // localhost: port must match; the registered query must be a subset of the request's.
    expect((await go('localhost-app', 'http://localhost:8000/cb?app=1&x=2')).status).toBe(302)
    expect((await go('localhost-app', 'http://localhost:8000/cb')).status).toBe(400)
    expect((await go('localhost-app', 'http://localhost:8001/cb?app=1')).status).toBe(400)
    // The custom scheme is registered (Omniport allows it) but DOT refuses to redirect there.
    const custom = await go(sb.client.clientId, 'printdock://oauth/callback')
    expect(custom.status).toBe(400)
    expect(custom.headers.get('location')).toBeNull()
  })

  it('expires codes after 60 seconds and uses each once', async () => {
    const sb = await start({ autoApprove: true })
    const code = async () => {
      const res = await fetch(
        `${sb.authorizeUrl}?${new URLSearchParams({ client_id: sb.client.clientId, redirect_uri: LOOPBACK }).toString()}`,
        {
          redirect: 'manual'
        }
      )
      return new URL(res.headers.get('location')!).searchParams.get('code')!
    }
    const fresh = await code()
    sb.clock.advance(59_000)
    expect((await exchange(sb, fresh)).status).toBe(200)
    const reused = await exchange(sb, fresh)
    expect(reused.status).toBe(400)
    expect(await reused.json()).toEqual({ error: 'invalid_grant' })
    const stale = await code()
    sb.clock.advance(60_001)
    const late = await exchange(sb, stale)
    expect(late.status).toBe(400)
    expect(await late.json()).toEqual({ error: 'invalid_grant' })
  })
})

describe('Omniport fake: tokens', () => {
  it('returns the documented token JSON and rejects bad clients and redirect mismatches', async () => {
    const sb = await start()
    const back = await codeViaForm(sb)
    const code = back.searchParams.get('code')!
    const mismatch = await exchange(sb, code, 'http://127.0.0.1:1/other')
    expect(mismatch.status).toBe(400)
    expect(await mismatch.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Mismatching redirect URI.'
    })
    const badClient = await exchange(sb, code, LOOPBACK, { client_secret: 'nope' })
    expect(badClient.status).toBe(401)
    expect(await badClient.json()).toEqual({ error: 'invalid_client' })
    const unsupported = await exchange(sb, code, LOOPBACK, { grant_type: 'password' })
    expect(await unsupported.json()).toEqual({ error: 'unsupported_grant_type' })
    const res = await exchange(sb, code)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual([
      'access_token',
      'expires_in',
      'token_type',
      'scope',
      'refresh_token'
    ])
    expect(body).toMatchObject({ expires_in: 36000, token_type: 'Bearer', scope: 'read write' })
    expect(body.access_token).toMatch(/^[A-Za-z0-9]{30}$/)
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9]{30}$/)
  })

  it('expires access tokens after 36000 s and rotates refresh tokens', async () => {
    const sb = await start()
    const { accessToken, refreshToken } = sb.issueToken()
    sb.clock.advance(35_999_000)
    expect(
      (await fetch(sb.userDataUrl, { headers: { authorization: `Bearer ${accessToken}` } })).status
    ).toBe(200)
    sb.clock.advance(1_000)
    expect(sb.isTokenActive(accessToken)).toBe(false)
    const expired = await fetch(sb.userDataUrl, {
      headers: { authorization: `Bearer ${accessToken}` }
    })
    expect(expired.status).toBe(401)
    const refresh = (fields: Record<string, string>) =>
      fetch(sb.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: sb.client.clientId,
          client_secret: sb.client.clientSecret,
          grant_type: 'refresh_token',
          ...fields
        })
      })
    const rotated = (await (await refresh({ refresh_token: refreshToken })).json()) as {
      access_token: string
      refresh_token: string
    }
    expect(rotated.refresh_token).not.toBe(refreshToken)
    expect(sb.isTokenActive(rotated.access_token)).toBe(true)
    const reuse = await refresh({ refresh_token: refreshToken })
    expect(reuse.status).toBe(400)
    expect(await reuse.json()).toEqual({ error: 'invalid_grant' })
    // Rotating again revokes the access token issued with the previous refresh token.
    const third = (await (await refresh({ refresh_token: rotated.refresh_token })).json()) as {
      access_token: string
    }
    expect(sb.isTokenActive(rotated.access_token)).toBe(false)
    expect(sb.isTokenActive(third.access_token)).toBe(true)
  })

  it('revokes with token_type_hint and answers 200 with an empty body, even for unknown tokens', async () => {
    const sb = await start()
    const revoke = (fields: Record<string, string>) =>
      fetch(sb.revokeUrl, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: sb.client.clientId,
          client_secret: sb.client.clientSecret,
          ...fields
        })
      })
    const first = sb.issueToken()
    const res = await revoke({ token: first.accessToken, token_type_hint: 'access_token' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(sb.isTokenActive(first.accessToken)).toBe(false)
    const second = sb.issueToken()
    expect(
      (await revoke({ token: second.refreshToken, token_type_hint: 'refresh_token' })).status
    ).toBe(200)
    expect(sb.isTokenActive(second.accessToken)).toBe(false)
    const unknown = await revoke({ token: 'x'.repeat(30), token_type_hint: 'access_token' })
    expect(unknown.status).toBe(200)
    expect(await unknown.text()).toBe('')
    expect((await revoke({ token: 'y', token_type_hint: 'id_token' })).status).toBe(400)
    const badClient = await fetch(sb.revokeUrl, {
      method: 'POST',
      body: new URLSearchParams({ client_id: sb.client.clientId, client_secret: 'no', token: 'z' })
    })
    expect(badClient.status).toBe(401)
  })

  it('honours a 500 fault on the token endpoint', async () => {
    const sb = await start()
    const code = (await codeViaForm(sb)).searchParams.get('code')!
    sb.server.faults.add({
      method: 'POST',
      path: '/open_auth/token/',
      fault: { kind: 'status', status: 500 },
      times: 1
    })
    const failed = await exchange(sb, code)
    expect(failed.status).toBe(500)
    expect(await failed.text()).toContain('Server Error (500)')
    expect((await exchange(sb, code)).status).toBe(200)
  })
})

describe('Omniport fake: get_user_data', () => {
  it('renders camelCase and space-named keys per data point, userId always present', async () => {
    const sb = await start()
    const { accessToken } = sb.issueToken()
    const res = await fetch(sb.userDataUrl, { headers: { authorization: `Bearer ${accessToken}` } })
    expect(res.status).toBe(200)
    const data = (await res.json()) as Record<string, Record<string, unknown>>
    expect(data.userId).toBe(sb.user.userId)
    expect(data.person).toEqual({
      fullName: 'Maker Demo',
      shortName: 'maker',
      roles: [
        { role: 'Student', activeStatus: 'ActiveStatus.IS_ACTIVE' },
        { role: 'Maintainer', activeStatus: 'ActiveStatus.IS_ACTIVE' }
      ]
    })
    expect(data.student).toEqual({
      enrolmentNumber: '21114009',
      currentYear: 3,
      'branch name': 'Mechanical Engineering',
      'branch department name': 'Department of Mechanical and Industrial Engineering'
    })
    expect(data.contactInformation).toEqual({
      instituteWebmailAddress: 'maker_d@me.iitr.ac.in',
      emailAddress: 'maker@example.com'
    })
  })

  it('gives {} for a missing related object and 500s on person.roles alone', async () => {
    const sb = await start({ seed: 'demo' })
    const facultyApp = sb.registerClient({
      redirectUris: [LOOPBACK],
      dataPoints: ['student.enrolment_number', 'faculty_member.department.name']
    })
    const faculty = sb.issueToken(77, facultyApp.clientId)
    const data = (await (
      await fetch(sb.userDataUrl, { headers: { authorization: `Bearer ${faculty.accessToken}` } })
    ).json()) as Record<string, unknown>
    expect(data.student).toEqual({})
    expect(data.facultyMember).toEqual({
      'department name': 'Department of Mechanical and Industrial Engineering'
    })
    const rolesOnly = sb.registerClient({ redirectUris: [LOOPBACK], dataPoints: ['person.roles'] })
    const crash = await fetch(sb.userDataUrl, {
      headers: {
        authorization: `Bearer ${sb.issueToken(undefined, rolesOnly.clientId).accessToken}`
      }
    })
    expect(crash.status).toBe(500)
  })

  it('answers 401 detail for missing, bad or non-header tokens', async () => {
    const sb = await start()
    const { accessToken } = sb.issueToken()
    const attempts: [string, Record<string, string>][] = [
      [sb.userDataUrl, {}],
      [sb.userDataUrl, { authorization: 'Bearer nope' }],
      [`${sb.userDataUrl}?access_token=${accessToken}`, {}]
    ]
    for (const [url, headers] of attempts) {
      const res = await fetch(url, { headers })
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ detail: 'Authentication credentials were not provided.' })
    }
  })
})
