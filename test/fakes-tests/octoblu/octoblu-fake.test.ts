import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../../fakes/kit'
import { startOctobluFake, type OctobluFake } from '../../fakes/octoblu'

let fake: OctobluFake | undefined

afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function start(options: Parameters<typeof startOctobluFake>[0] = {}) {
  fake = await startOctobluFake({
    clock: new FakeClock({ frozen: true, start: Date.UTC(2026, 0, 1) }),
    ...options
  })
  return fake
}

const b64 = (s: string) => Buffer.from(s).toString('base64')

/** Follows redirects by hand (carrying one cookie) until the app's redirect URI is reached. */
async function follow(
  sb: OctobluFake,
  url: string,
  cookie = ''
): Promise<{ location: string; hops: string[] }> {
  const hops: string[] = []
  let next = url
  for (let i = 0; i < 10; i++) {
    const res = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} })
    const location = res.headers.get('location')
    if (res.status !== 302 || !location)
      throw new Error(`stopped at ${res.status} ${next}: ${await res.text()}`)
    const absolute = new URL(location, next).toString()
    hops.push(absolute)
    if (!absolute.startsWith(sb.baseUrl)) return { location: absolute, hops }
    next = absolute
  }
  throw new Error('too many redirects')
}

function authorize(sb: OctobluFake, params: Record<string, string>): string {
  return `${sb.authorizeUrl}?${new URLSearchParams({ client_id: sb.client.clientId, ...params }).toString()}`
}

async function postToken(sb: OctobluFake, fields: Record<string, string>, init: RequestInit = {}) {
  return fetch(sb.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: sb.client.clientId,
      client_secret: sb.client.clientSecret,
      ...fields
    }),
    ...init
  })
}

async function codeFor(sb: OctobluFake, state = 'abc'): Promise<string> {
  const { location } = await follow(
    sb,
    authorize(sb, { response_type: 'code', redirect_uri: 'printdock://oauth/callback', state })
  )
  return new URL(location).searchParams.get('code')!
}

describe('Octoblu fake: OAuth provider', () => {
  it('walks /authorize → login → consent → /auth_code and exchanges the code for Meshblu creds', async () => {
    const sb = await start()
    const first = await fetch(
      authorize(sb, {
        response_type: 'code',
        redirect_uri: 'printdock://oauth/callback',
        state: 's1'
      }),
      { redirect: 'manual' }
    )
    expect(first.status).toBe(302)
    const consentUrl = new URL(first.headers.get('location')!)
    expect(consentUrl.pathname).toBe(`/oauth/${sb.client.clientId}`)
    expect(consentUrl.searchParams.get('redirect')).toBe('/auth_code')
    const toLogin = await fetch(consentUrl, { redirect: 'manual' })
    expect(toLogin.headers.get('location')).toMatch(/^\/login\?callbackUrl=/)
    const login = await fetch(`${sb.baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        username: sb.user.username,
        password: sb.user.password,
        callbackUrl: consentUrl.pathname + consentUrl.search
      })
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const page = await fetch(consentUrl, { headers: { cookie } })
    const body = await page.text()
    expect(body).toContain('Printdock')
    expect(body).toContain('name="action" value="allow"')
    const allow = await fetch(consentUrl.toString().split('?')[0]!, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ ...Object.fromEntries(consentUrl.searchParams), action: 'allow' })
    })
    const { location } = await follow(sb, allow.headers.get('location')!, cookie)
    const back = new URL(location)
    expect(back.protocol).toBe('printdock:')
    expect(back.searchParams.get('state')).toBe('s1')
    const code = back.searchParams.get('code')!
    const [clientId, uuid, sessionToken] = Buffer.from(code, 'base64').toString().split(':')
    expect([clientId, uuid]).toEqual([sb.client.clientId, sb.user.uuid])
    expect(sessionToken).toMatch(/^[0-9a-f]{40}$/)

    const res = await postToken(sb, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'printdock://oauth/callback'
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const token = (await res.json()) as Record<string, string>
    expect(Object.keys(token).sort()).toEqual(['access_token', 'refresh_token', 'token_type'])
    expect(token.token_type).toBe('bearer')
    expect(Buffer.from(token.access_token!, 'base64').toString()).toMatch(
      new RegExp(`^${sb.user.uuid}:[0-9a-f]{40}$`)
    )
    const whoami = await fetch(`${sb.meshbluBaseUrl}/v2/whoami`, {
      headers: { authorization: `Bearer ${token.access_token}` }
    })
    expect(whoami.status).toBe(200)
    expect(((await whoami.json()) as { uuid: string }).uuid).toBe(sb.user.uuid)
    // Consent is remembered on the user device.
    expect(sb.device(sb.user.uuid)).toMatchObject({
      octoblu: { oauth: { clients: { [sb.client.clientId]: true } } }
    })
  })

  it('remembers consent: a second /authorize skips the page; Cancel never redirects to the client', async () => {
    const sb = await start()
    const login = await fetch(`${sb.baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        username: sb.user.username,
        password: sb.user.password,
        callbackUrl: '/'
      })
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const cancel = await fetch(`${sb.baseUrl}/oauth/${sb.client.clientId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ action: 'cancel', redirect_uri: 'printdock://oauth/callback' })
    })
    expect(cancel.headers.get('location')).toBe('/')
    const consent = await fetch(
      `${sb.baseUrl}/oauth/${sb.client.clientId}?redirect=/auth_code&response_type=code&redirect_uri=printdock://oauth/callback`,
      {
        redirect: 'manual',
        headers: { cookie }
      }
    )
    expect(consent.status).toBe(200)
    await fetch(`${sb.baseUrl}/oauth/${sb.client.clientId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({
        action: 'allow',
        redirect: '/auth_code',
        response_type: 'code',
        redirect_uri: 'printdock://oauth/callback'
      })
    })
    const again = await fetch(
      `${sb.baseUrl}/oauth/${sb.client.clientId}?redirect=/auth_code&response_type=code&redirect_uri=printdock://oauth/callback`,
      {
        redirect: 'manual',
        headers: { cookie }
      }
    )
    expect(again.status).toBe(302)
    expect(again.headers.get('location')).toContain('/auth_code?')
  })

  it('echoes a missing state as the literal "undefined" and keeps the redirect query, dropping the fragment', async () => {
    const sb = await start({ autoApprove: true, callbackUrls: ['http://127.0.0.1:7000/cb'] })
    const { location } = await follow(
      sb,
      authorize(sb, {
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:7000/cb/deeper?keep=1#frag'
      })
    )
    const back = new URL(location)
    expect(back.pathname).toBe('/cb/deeper')
    expect(back.searchParams.get('keep')).toBe('1')
    expect(back.searchParams.get('state')).toBe('undefined')
    expect(back.hash).toBe('')
  })

  it('matches redirect URIs by string prefix only', async () => {
    const sb = await start({ autoApprove: true })
    // Prefix of 'printdock://oauth/callback': accepted, even with a suffix glued on.
    for (const ok of [
      'printdock://oauth/callback',
      'printdock://oauth/callbackEVIL',
      'http://127.0.0.1/printdock/callback/x'
    ]) {
      const { location } = await follow(
        sb,
        authorize(sb, { response_type: 'code', redirect_uri: ok, state: 's' })
      )
      expect(location.startsWith(ok)).toBe(true)
    }
    // A loopback port breaks the prefix: the registered URI has none.
    for (const bad of ['http://127.0.0.1:5000/printdock/callback', 'printdock://other']) {
      const consent = await fetch(authorize(sb, { response_type: 'code', redirect_uri: bad }), {
        redirect: 'manual'
      })
      const step = await fetch(new URL(consent.headers.get('location')!), { redirect: 'manual' })
      const authCode = await fetch(new URL(step.headers.get('location')!), { redirect: 'manual' })
      expect(authCode.status).toBe(400)
      expect(await authCode.json()).toEqual({
        code: 400,
        error: 'invalid_request',
        error_description: 'redirect_uri does not match'
      })
    }
  })

  it('answers /authorize errors as the provider does', async () => {
    const sb = await start()
    const missing = await fetch(`${sb.authorizeUrl}?response_type=code`, { redirect: 'manual' })
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({ error: 'Missing clientId' })
    const unknown = await fetch(
      `${sb.authorizeUrl}?client_id=00000000-0000-4000-8000-000000000000`,
      { redirect: 'manual' }
    )
    expect(await unknown.json()).toEqual({ error: 'Client Not Found' })
  })

  it('makes a code single-use through revocation (503 server_error) and never time-expires it', async () => {
    const sb = await start({ autoApprove: true })
    const code = await codeFor(sb)
    sb.clock.advance(30 * 24 * 3600_000)
    expect((await postToken(sb, { grant_type: 'authorization_code', code })).status).toBe(200)
    const again = await postToken(sb, { grant_type: 'authorization_code', code })
    expect(again.status).toBe(503)
    expect(((await again.json()) as { error: string }).error).toBe('server_error')
  })

  it('revokes earlier OAuth tokens of the user on every exchange', async () => {
    const sb = await start({ autoApprove: true })
    const first = (
      (await (
        await postToken(sb, { grant_type: 'authorization_code', code: await codeFor(sb) })
      ).json()) as { access_token: string }
    ).access_token
    expect(sb.isTokenActive(first)).toBe(true)
    const second = (
      (await (
        await postToken(sb, { grant_type: 'authorization_code', code: await codeFor(sb) })
      ).json()) as { access_token: string }
    ).access_token
    expect(sb.isTokenActive(first)).toBe(false)
    expect(sb.isTokenActive(second)).toBe(true)
    expect(
      (
        await fetch(`${sb.meshbluBaseUrl}/v2/whoami`, {
          headers: { authorization: `Bearer ${first}` }
        })
      ).status
    ).toBe(403)
    // The refresh token names the revoked session token: useless.
    const refresh = (
      (await (
        await postToken(sb, { grant_type: 'authorization_code', code: await codeFor(sb) })
      ).json()) as { refresh_token: string }
    ).refresh_token
    const refreshed = await postToken(sb, { grant_type: 'refresh_token', refresh_token: refresh })
    expect(refreshed.status).toBe(400)
    expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant')
  })

  it('rejects JSON bodies and non-POST at /access_token, and bad clients with invalid_client', async () => {
    const sb = await start({ autoApprove: true })
    const code = await codeFor(sb)
    const asJson = await fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: sb.client.clientId,
        client_secret: sb.client.clientSecret,
        grant_type: 'authorization_code',
        code
      })
    })
    expect(asJson.status).toBe(400)
    expect(await asJson.json()).toEqual({
      code: 400,
      error: 'invalid_request',
      error_description: 'Method must be POST with application/x-www-form-urlencoded encoding'
    })
    expect((await fetch(`${sb.tokenUrl}?grant_type=authorization_code`)).status).toBe(400)
    const badSecret = await postToken(sb, {
      grant_type: 'authorization_code',
      code,
      client_secret: 'f'.repeat(40)
    })
    expect(badSecret.status).toBe(400)
    expect(badSecret.headers.get('www-authenticate')).toBe('Basic realm="Service"')
    expect(((await badSecret.json()) as { error: string }).error).toBe('invalid_client')
    const wrongClientCode = b64(`someone-else:${sb.user.uuid}:deadbeef`)
    const invalid = await postToken(sb, { grant_type: 'authorization_code', code: wrongClientCode })
    expect(await invalid.json()).toEqual({
      code: 400,
      error: 'invalid_grant',
      error_description: 'Invalid code'
    })
    // Basic auth carries the client credentials too, and the original code still works.
    const basic = await fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${b64(`${sb.client.clientId}:${sb.client.clientSecret}`)}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code })
    })
    expect(basic.status).toBe(200)
  })

  it('implicit flow puts the token in both the query and the fragment', async () => {
    const sb = await start({ autoApprove: true })
    const { location } = await follow(
      sb,
      authorize(sb, {
        response_type: 'token',
        redirect_uri: 'printdock://oauth/callback',
        state: 'imp'
      })
    )
    const back = new URL(location)
    const fromQuery = back.searchParams.get('access_token')!
    const fromHash = new URLSearchParams(back.hash.slice(1))
    expect(fromHash.get('access_token')).toBe(fromQuery)
    expect(fromHash.get('token_type')).toBe('bearer')
    expect(fromHash.get('state')).toBe('imp')
    expect(sb.isTokenActive(fromQuery)).toBe(true)
  })

  it('honours a reset fault on /access_token', async () => {
    const sb = await start({ autoApprove: true })
    const code = await codeFor(sb)
    sb.server.faults.add({
      method: 'POST',
      path: '/access_token',
      fault: { kind: 'reset-response', afterBytes: 0 },
      times: 1
    })
    await expect(
      postToken(sb, { grant_type: 'authorization_code', code }).then((r) => r.json())
    ).rejects.toThrow()
    expect(
      (await postToken(sb, { grant_type: 'authorization_code', code: await codeFor(sb) })).status
    ).toBe(200)
  })
})

describe("Octoblu fake: meshblu 'same-origin'", () => {
  it('serves the OAuth provider and Meshblu on one origin; the default keeps them apart', async () => {
    const separate = await start()
    expect(separate.meshbluBaseUrl).not.toBe(separate.baseUrl)
    expect(separate.meshbluServer).not.toBe(separate.server)
    // Each origin answers only its own routes when separate.
    expect((await fetch(`${separate.baseUrl}/v2/whoami`)).status).toBe(404)
    await separate.close()

    const sb = await start({ meshblu: 'same-origin', autoApprove: true })
    expect(sb.meshbluBaseUrl).toBe(sb.baseUrl)
    expect(sb.meshbluServer).toBe(sb.server)
    // The whole flow on one origin: authorize → code → /access_token → Meshblu whoami.
    const { location } = await follow(
      sb,
      authorize(sb, {
        response_type: 'code',
        redirect_uri: 'printdock://oauth/callback',
        state: 'same'
      })
    )
    const code = new URL(location).searchParams.get('code')!
    const res = await postToken(sb, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'printdock://oauth/callback'
    })
    expect(res.status).toBe(200)
    const token = ((await res.json()) as { access_token: string }).access_token
    const whoami = await fetch(`${sb.baseUrl}/v2/whoami`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(whoami.status).toBe(200)
    expect(((await whoami.json()) as { uuid: string }).uuid).toBe(sb.user.uuid)
    // Both route sets answer as before: no path of one shadows the other.
    expect(await (await fetch(`${sb.baseUrl}/healthcheck`)).json()).toEqual({ online: true })
    expect(await (await fetch(`${sb.baseUrl}/version`)).json()).toEqual({ version: '2.7.9' })
    expect(await (await fetch(`${sb.baseUrl}/status`)).json()).toEqual({ meshblu: 'online' })
    expect(await (await fetch(`${sb.baseUrl}/ping`)).json()).toEqual({ online: true })
    expect((await fetch(`${sb.baseUrl}/v2/whoami`)).status).toBe(403)
    const missing = await fetch(`${sb.baseUrl}/nowhere`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Cannot GET /nowhere')
  })

  it('refuses a Meshblu port with same-origin', async () => {
    await expect(startOctobluFake({ meshblu: 'same-origin', meshbluPort: 0 })).rejects.toThrow(
      /meshbluPort/
    )
  })
})

describe('Octoblu fake: Meshblu HTTP', () => {
  it('answers bad or missing credentials with 403 and an empty body', async () => {
    const sb = await start()
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${b64(`${sb.user.uuid}:nope`)}` },
      { authorization: 'Bearer garbage' }
    ]
    for (const headers of attempts) {
      const res = await fetch(`${sb.meshbluBaseUrl}/v2/whoami`, { headers })
      expect(res.status).toBe(403)
      expect(await res.text()).toBe('')
    }
  })

  it('accepts Bearer, Basic and the header pairs alike', async () => {
    const sb = await start()
    const token = sb.issueToken()
    const [uuid, secret] = Buffer.from(token, 'base64').toString().split(':') as [string, string]
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      { authorization: `Basic ${token}` },
      { authorization: `token ${token}` },
      { meshblu_auth_uuid: uuid, meshblu_auth_token: secret },
      { skynet_auth_uuid: uuid, skynet_auth_token: secret },
      { 'x-meshblu-uuid': uuid, 'x-meshblu-token': secret }
    ]
    for (const headers of variants) {
      const res = await fetch(`${sb.meshbluBaseUrl}/v2/whoami`, { headers })
      expect(res.status).toBe(200)
      const device = (await res.json()) as Record<string, unknown>
      expect(device.uuid).toBe(sb.user.uuid)
      expect(device).not.toHaveProperty('token')
    }
  })

  it('lists discoverable devices as a bare array with query filters, and 404s hidden ones', async () => {
    const sb = await start({ seed: 'demo' })
    const auth = { authorization: `Bearer ${sb.issueToken()}` }
    const all = (await (
      await fetch(`${sb.meshbluBaseUrl}/v2/devices?type=printer`, { headers: auth })
    ).json()) as { name: string; uuid: string }[]
    expect(Array.isArray(all)).toBe(true)
    expect(all.map((d) => d.name).sort()).toEqual(['Ender 3 V2', 'Prusa MK4'])
    const online = (await (
      await fetch(`${sb.meshbluBaseUrl}/v2/devices?type=printer&online=true`, { headers: auth })
    ).json()) as { name: string }[]
    expect(online.map((d) => d.name)).toEqual(['Prusa MK4'])
    const one = await fetch(`${sb.meshbluBaseUrl}/v2/devices/${all[0]!.uuid}`, { headers: auth })
    expect(one.status).toBe(200)
    const missing = await fetch(
      `${sb.meshbluBaseUrl}/v2/devices/00000000-0000-4000-8000-000000000000`,
      { headers: auth }
    )
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ code: 404, message: 'Devices not found' })
    // A device registered by someone else, not discoverable by the user, reads the same.
    const registered = (await (
      await fetch(`${sb.meshbluBaseUrl}/devices`, {
        method: 'POST',
        body: JSON.stringify({ type: 'x' })
      })
    ).json()) as {
      uuid: string
      token: string
    }
    expect(registered.token).toMatch(/^[0-9a-f]{40}$/)
    await fetch(`${sb.meshbluBaseUrl}/v2/devices/${registered.uuid}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${b64(`${registered.uuid}:${registered.token}`)}` },
      body: JSON.stringify({ discoverWhitelist: [registered.uuid] })
    })
    expect(
      (await fetch(`${sb.meshbluBaseUrl}/v2/devices/${registered.uuid}`, { headers: auth })).status
    ).toBe(404)
  })

  it('sends messages with 204 and rejects ones without devices', async () => {
    const sb = await start()
    const auth = { authorization: `Bearer ${sb.issueToken()}` }
    const ok = await fetch(`${sb.meshbluBaseUrl}/messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ devices: ['*'], topic: 'print', payload: { job: 1 } })
    })
    expect(ok.status).toBe(204)
    expect(sb.messages).toEqual([
      expect.objectContaining({ fromUuid: sb.user.uuid, devices: ['*'], topic: 'print' })
    ])
    const bad = await fetch(`${sb.meshbluBaseUrl}/messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ payload: 1 })
    })
    expect(bad.status).toBe(422)
  })

  it('creates subscriptions with 204 (new or existing), lists and removes them', async () => {
    const sb = await start()
    const auth = { authorization: `Bearer ${sb.issueToken()}` }
    const me = sb.user.uuid
    const url = `${sb.meshbluBaseUrl}/v2/devices/${me}/subscriptions`
    const create = () => fetch(`${url}/${me}/message.received`, { method: 'POST', headers: auth })
    // The demo seed subscribes the user to each printer's broadcasts.
    const seeded = sb.subscriptions.slice()
    expect(seeded).toHaveLength(2)
    expect((await create()).status).toBe(204)
    expect((await create()).status).toBe(204)
    const listed = await fetch(url, { headers: auth })
    expect(listed.status).toBe(200)
    expect(await listed.json()).toEqual([
      ...seeded,
      { subscriberUuid: me, emitterUuid: me, type: 'message.received' }
    ])
    const badType = await fetch(`${url}/${me}/nonsense`, { method: 'POST', headers: auth })
    expect(badType.status).toBe(422)
    const noAuth = await fetch(`${url}/${me}/message.received`, { method: 'POST' })
    expect(noAuth.status).toBe(403)
    expect(await noAuth.text()).toBe('')
    const removed = await fetch(`${url}/${me}/message.received`, {
      method: 'DELETE',
      headers: auth
    })
    expect(removed.status).toBe(204)
    expect(await (await fetch(url, { headers: auth })).json()).toEqual(seeded)
  })
})
