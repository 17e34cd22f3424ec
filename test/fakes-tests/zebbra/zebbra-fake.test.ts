import { createHmac } from 'node:crypto'
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../../fakes/kit'
import { startZebbraFake, type ZebbraFake } from '../../fakes/zebbra'

let fake: ZebbraFake | undefined

afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function start(options: Parameters<typeof startZebbraFake>[0] = {}) {
  fake = await startZebbraFake({
    clock: new FakeClock({ frozen: true, start: Date.UTC(2026, 0, 1) }),
    ...options
  })
  return fake
}

async function login(sb: ZebbraFake, path = '/token', fields: Record<string, string> = {}) {
  return fetch(`${sb.baseUrl}${path}`, {
    method: 'POST',
    body: new URLSearchParams({ username: sb.user.username, password: sb.user.password, ...fields })
  })
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('Zebbra fake: auth', () => {
  it('issues an HS256 JWT with only sub and exp from the password grant, at /token and /auth/token', async () => {
    const sb = await start()
    for (const path of ['/token', '/auth/token']) {
      const res = await login(sb, path, { grant_type: 'password' })
      expect(res.status).toBe(200)
      const body = (await res.json()) as { access_token: string; token_type: string }
      expect(Object.keys(body).sort()).toEqual(['access_token', 'token_type'])
      expect(body.token_type).toBe('bearer')
      const [head, payload] = body.access_token
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>)
      expect(head).toEqual({ alg: 'HS256', typ: 'JWT' })
      expect(payload).toEqual({
        sub: sb.user.username,
        exp: Math.floor(sb.clock.now() / 1000) + 30 * 60
      })
    }
  })

  it('answers bad credentials with 401 + WWW-Authenticate and bad forms with FastAPI 422 shapes', async () => {
    const sb = await start()
    const wrong = await login(sb, '/token', { password: 'nope' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer')
    expect(await wrong.json()).toEqual({ detail: 'Incorrect username or password' })
    const empty = await fetch(`${sb.baseUrl}/token`, {
      method: 'POST',
      body: new URLSearchParams({})
    })
    expect(empty.status).toBe(422)
    expect(await empty.json()).toEqual({
      detail: [
        { loc: ['body', 'username'], msg: 'field required', type: 'value_error.missing' },
        { loc: ['body', 'password'], msg: 'field required', type: 'value_error.missing' }
      ]
    })
    const grant = await login(sb, '/token', { grant_type: 'client_credentials' })
    expect(grant.status).toBe(422)
    expect(((await grant.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc).toEqual([
      'body',
      'grant_type'
    ])
  })

  it('reports expiry at /token/expired on the fake clock; garbage gives a plain 500', async () => {
    const sb = await start()
    const token = ((await (await login(sb)).json()) as { access_token: string }).access_token
    const check = () => fetch(`${sb.baseUrl}/token/expired`, { headers: bearer(token) })
    expect(await (await check()).json()).toEqual({ expired: false })
    sb.clock.advance(30 * 60_000 + 1_000)
    expect(await (await check()).json()).toEqual({ expired: true })
    expect(sb.isTokenActive(token)).toBe(false)
    const me = await fetch(`${sb.baseUrl}/user`, { headers: bearer(token) })
    expect(me.status).toBe(401)
    expect(await me.json()).toEqual({ detail: 'Could not validate credentials' })
    const none = await fetch(`${sb.baseUrl}/auth/token/expired`)
    expect(none.status).toBe(401)
    expect(await none.json()).toEqual({ detail: 'Not authenticated' })
    const garbage = await fetch(`${sb.baseUrl}/token/expired`, { headers: bearer('not.a.jwt') })
    expect(garbage.status).toBe(500)
    expect(await garbage.text()).toBe('Internal Server Error')
  })

  it('honours the configurable lifetime and rejects tokens signed with another secret', async () => {
    const sb = await start({ tokenLifetimeMinutes: 43200 })
    const token = sb.issueToken()
    sb.clock.advance(29 * 24 * 3600_000)
    expect(sb.isTokenActive(token)).toBe(true)
    const [head, payload] = token.split('.') as [string, string, string]
    const forged = `${head}.${payload}.${createHmac('sha256', 'other-secret').update(`${head}.${payload}`).digest('base64url')}`
    const res = await fetch(`${sb.baseUrl}/user`, { headers: bearer(forged) })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ detail: 'Could not validate credentials' })
  })

  it('blacklists a token on logout ("Expired token") and disables users with 400', async () => {
    const sb = await start()
    const token = sb.issueToken()
    expect(
      await (await fetch(`${sb.baseUrl}/logout`, { method: 'POST', headers: bearer(token) })).json()
    ).toEqual({ message: 'Logged out.' })
    const after = await fetch(`${sb.baseUrl}/user`, { headers: bearer(token) })
    expect(after.status).toBe(401)
    expect(await after.json()).toEqual({ detail: 'Expired token' })
    expect(sb.isTokenActive(token)).toBe(false)
    // Quirk: a logged-out token still reads as not expired.
    expect(
      await (await fetch(`${sb.baseUrl}/token/expired`, { headers: bearer(token) })).json()
    ).toEqual({ expired: false })
    sb.setDisabled(sb.user.username, true)
    sb.clock.advance(1_000)
    const disabled = await fetch(`${sb.baseUrl}/user`, { headers: bearer(sb.issueToken()) })
    expect(disabled.status).toBe(400)
    expect(await disabled.json()).toEqual({ detail: 'Inactive user' })
  })

  it('honours a 502 fault on the token endpoint', async () => {
    const sb = await start()
    sb.server.faults.add({
      method: 'POST',
      path: '/token',
      fault: { kind: 'status', status: 502 },
      times: 1
    })
    expect((await login(sb)).status).toBe(502)
    expect((await login(sb)).status).toBe(200)
  })
})

describe('Zebbra fake: register, user, workspaces, models', () => {
  it('registers with a JSON body sent without content type and returns User with disabled', async () => {
    const sb = await start()
    // Like the docs' `requests.post(url, data=json.dumps(...))`: no Content-Type header at all.
    const payload = JSON.stringify({
      username: 'charlie_brown@example.com',
      first_name: 'Charlie',
      last_name: 'Brown',
      new_workspace_name: 'My Workspace',
      password: 'secret'
    })
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = request(
          `${sb.baseUrl}/register`,
          { method: 'POST', headers: { 'content-length': Buffer.byteLength(payload) } },
          (res) => {
            let text = ''
            res.on('data', (c: Buffer) => (text += c.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
          }
        )
        req.on('error', reject)
        req.end(payload)
      }
    )
    expect(status).toBe(200)
    const user = JSON.parse(body) as Record<string, unknown>
    expect(user).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      username: 'charlie_brown@example.com',
      first_name: 'Charlie',
      last_name: 'Brown',
      disabled: false
    })
    const token = (
      (await (
        await fetch(`${sb.baseUrl}/auth/token`, {
          method: 'POST',
          body: new URLSearchParams({ username: 'charlie_brown@example.com', password: 'secret' })
        })
      ).json()) as { access_token: string }
    ).access_token
    const info = (await (await fetch(`${sb.baseUrl}/user`, { headers: bearer(token) })).json()) as {
      workspaces: { name: string }[]
      models: unknown[]
    }
    expect(info.workspaces.map((w) => w.name)).toEqual(['My Workspace'])
    expect(info.models).toEqual([])
  })

  it('enforces register rules: 409 taken, 400 exactly-one, 422 missing fields or form bodies', async () => {
    const sb = await start()
    const post = (
      body: unknown,
      headers: Record<string, string> = { 'content-type': 'application/json' }
    ) =>
      fetch(`${sb.baseUrl}/auth/register`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body)
      })
    const base = { first_name: 'A', last_name: 'B', password: 'p' }
    const taken = await post({ ...base, username: sb.user.username, new_workspace_name: 'X' })
    expect(taken.status).toBe(409)
    expect(await taken.json()).toEqual({ detail: 'Username already exists' })
    const both = await post({
      ...base,
      username: 'n@example.com',
      new_workspace_name: 'X',
      invite_code: 'abc'
    })
    expect(await both.json()).toEqual({
      detail: 'Exactly one of workspace_id and new_workspace_name must be specified.'
    })
    const neither = await post({ ...base, username: 'n@example.com' })
    expect(neither.status).toBe(400)
    const wsTaken = await post({
      ...base,
      username: 'n@example.com',
      new_workspace_name: sb.workspace.name
    })
    expect(await wsTaken.json()).toEqual({ detail: 'Workspace name already exists' })
    const missingFields = await post({ username: 'n@example.com' })
    expect(missingFields.status).toBe(422)
    expect(
      ((await missingFields.json()) as { detail: { loc: string[] }[] }).detail.map((d) => d.loc[1])
    ).toEqual(['first_name', 'last_name', 'password'])
    const asForm = await post('username=a', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(asForm.status).toBe(422)
    expect(await asForm.json()).toEqual({
      detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }]
    })
  })

  it('serves /user, workspaces and model meta with FastAPI detail errors', async () => {
    const sb = await start({ seed: 'demo' })
    const auth = bearer(sb.issueToken())
    const me = (await (await fetch(`${sb.baseUrl}/user`, { headers: auth })).json()) as {
      _id: string
      models: { _id: string; name: string }[]
    }
    expect(me._id).toBe(sb.user.id)
    expect(me.models.map((m) => m.name)).toEqual(['Filament budget 2026'])
    const spaces = (await (await fetch(`${sb.baseUrl}/workspace`, { headers: auth })).json()) as {
      _id: string
      admin: string
      users: string[]
    }[]
    expect(spaces).toEqual([
      { _id: sb.workspace.id, name: sb.workspace.name, admin: sb.user.id, users: [sb.user.id] }
    ])
    const meta = (await (
      await fetch(`${sb.baseUrl}/model/meta?model_id=${me.models[0]!._id}`, { headers: auth })
    ).json()) as Record<string, unknown>
    expect(meta).toMatchObject({
      name: 'Filament budget 2026',
      admins: [sb.user.id],
      workspace: sb.workspace.id
    })
    const missingModel = await fetch(`${sb.baseUrl}/model/meta?model_id=${'0'.repeat(24)}`, {
      headers: auth
    })
    expect(missingModel.status).toBe(400)
    expect(await missingModel.json()).toEqual({ detail: 'Model does not exist.' })
    const noParam = await fetch(`${sb.baseUrl}/model/meta`, { headers: auth })
    expect(noParam.status).toBe(422)
    expect(await noParam.json()).toEqual({
      detail: [{ loc: ['query', 'model_id'], msg: 'field required', type: 'value_error.missing' }]
    })
    const dup = await fetch(
      `${sb.baseUrl}/workspace?name=${encodeURIComponent(sb.workspace.name)}`,
      { method: 'POST', headers: auth }
    )
    expect(dup.status).toBe(409)
    const unknownPath = await fetch(`${sb.baseUrl}/nope`)
    expect(await unknownPath.json()).toEqual({ detail: 'Not Found' })
    const wrongMethod = await fetch(`${sb.baseUrl}/user`, { method: 'PUT', headers: auth })
    expect(wrongMethod.status).toBe(405)
    expect(await wrongMethod.json()).toEqual({ detail: 'Method Not Allowed' })
    expect(await (await fetch(`${sb.baseUrl}/`)).json()).toEqual({ message: 'Hello Zebbra!' })
  })
})
