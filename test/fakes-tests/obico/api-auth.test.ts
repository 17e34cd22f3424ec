import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { DEMO_CLIENT_ID, DEMO_USER } from '../../fakes/obico'
import { apiClient, postForm, startFake } from './helpers'

const NOT_AUTH = { detail: 'Authentication credentials were not provided.' }

describe('obico fake: API authentication and users/me', () => {
  let sb: ObicoFake
  beforeEach(async () => {
    sb = await startFake()
  })
  afterEach(async () => {
    await sb.close()
  })

  it('answers 403 with the DRF detail for no token, a bad token and a revoked token, never 401 (trap 3)', async () => {
    const none = await fetch(`${sb.baseUrl}/api/v1/printers/`)
    expect(none.status).toBe(403)
    expect(await none.json()).toEqual(NOT_AUTH)
    const bad = await apiClient(sb, 'not-a-token').get('/api/v1/printers/')
    expect(bad.status).toBe(403)
    expect(bad.json).toEqual(NOT_AUTH)
    const { accessToken, refreshToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    await postForm(`${sb.baseUrl}/o/revoke_token/`, {
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: DEMO_CLIENT_ID
    })
    const revoked = await apiClient(sb, accessToken).get('/api/v1/users/me/')
    expect(revoked.status).toBe(403)
    expect(revoked.json).toEqual(NOT_AUTH)
    // A printer's agent auth_token is not a user credential.
    const printers = (
      await apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken).get('/api/v1/printers/')
    ).json
    const agent = await fetch(`${sb.baseUrl}/api/v1/printers/`, {
      headers: { authorization: `Token ${printers[0].auth_token}` }
    })
    expect(agent.status).toBe(403)
  })

  it('X-API-KEY works like Bearer and logs in a cookie session as a side effect (trap 7)', async () => {
    const { accessToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    const res = await fetch(`${sb.baseUrl}/api/v1/users/me/`, {
      headers: { 'x-api-key': accessToken }
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { email: string }).email).toBe(DEMO_USER.email)
    const cookies = res.headers.getSetCookie()
    const session = cookies.find((c) => c.startsWith('tsd_sessionid='))
    expect(session).toMatch(/Max-Age=5184000/)
    expect(cookies.some((c) => c.startsWith('csrftoken='))).toBe(true)
    // The cookie alone now authenticates, without any header.
    const byCookie = await fetch(`${sb.baseUrl}/api/v1/printers/`, {
      headers: { cookie: (session ?? '').split(';')[0] }
    })
    expect(byCookie.status).toBe(200)
    // Every header-only request makes a new session.
    const before = sb.store.sessions.size
    await fetch(`${sb.baseUrl}/api/v1/version/`, { headers: { 'x-api-key': accessToken } })
    expect(sb.store.sessions.size).toBe(before + 1)
    // Bearer does not set cookies.
    const bearer = await fetch(`${sb.baseUrl}/api/v1/version/`, {
      headers: { authorization: `Bearer ${accessToken}` }
    })
    expect(bearer.headers.getSetCookie()).toEqual([])
    // An invalid X-API-KEY is simply ignored: 403.
    expect(
      (await fetch(`${sb.baseUrl}/api/v1/version/`, { headers: { 'x-api-key': 'nope' } })).status
    ).toBe(403)
  })

  it('accepts an admin-created token without an Application (a pasted API key)', async () => {
    const token = sb.createAdminToken(1, 'my-pasted-token-123')
    expect((await apiClient(sb, token).get('/api/v1/version/')).json).toEqual({ version: '1.0.0' })
    expect(
      (await fetch(`${sb.baseUrl}/api/v1/version/`, { headers: { 'x-api-key': token } })).status
    ).toBe(200)
  })

  it('does not enforce scopes: a read-only token can pause a print (trap 18)', async () => {
    const { refreshToken } = sb.issueToken(1, DEMO_CLIENT_ID)
    const narrowed = await postForm(`${sb.baseUrl}/o/token/`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: DEMO_CLIENT_ID,
      scope: 'read'
    })
    expect(narrowed.json.scope).toBe('read')
    const res = await apiClient(sb, narrowed.json.access_token).post(
      '/api/v1/printers/1/pause_print/'
    )
    expect(res.status).toBe(200)
    expect(res.json.succeeded).toBe(true)
  })

  it('GET users/me has exactly the documented keys; PATCH updates writable ones only', async () => {
    const api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
    const me = await api.get('/api/v1/users/me/')
    expect(Object.keys(me.json).sort()).toEqual(
      [
        'id',
        'email',
        'username',
        'first_name',
        'last_name',
        'date_joined',
        'consented_at',
        'last_active_at',
        'is_pro',
        'dh_balance',
        'is_dh_unlimited',
        'is_primary_email_verified',
        'unsub_token',
        'account_notification_by_email',
        'notification_enabled',
        'mobile_app_canary',
        'tunnel_cap_multiplier',
        'unseen_printer_events'
      ].sort()
    )
    expect(me.json).toMatchObject({
      id: 1,
      email: DEMO_USER.email,
      first_name: 'Mara',
      last_name: 'Maker',
      is_pro: true
    })
    expect(me.json.date_joined).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    const patched = await api.patch('/api/v1/users/me/', {
      first_name: 'Ada',
      is_pro: false,
      email: 'x@y.z'
    })
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ first_name: 'Ada', is_pro: true, email: DEMO_USER.email })
    const invalid = await api.patch('/api/v1/users/me/', { notification_enabled: 'maybe' })
    expect(invalid.status).toBe(400)
    expect(invalid.json).toEqual({ notification_enabled: ['Must be a valid boolean.'] })
    const free = await apiClient(sb, sb.issueToken(2, DEMO_CLIENT_ID).accessToken).get(
      '/api/v1/users/me/'
    )
    expect(free.json.is_pro).toBe(false)
  })

  it('uses Django trailing slashes: 301 for a slashless API path, 404 page for unknown paths, 405 for a wrong verb (trap 8)', async () => {
    const api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
    const slashless = await api.post('/api/v1/printers/1/pause_print')
    expect(slashless.status).toBe(301)
    expect(slashless.headers.get('location')).toBe('/api/v1/printers/1/pause_print/')
    const withQuery = await api.get('/api/v1/g_code_files?page=1')
    expect(withQuery.headers.get('location')).toBe('/api/v1/g_code_files/?page=1')
    const unknown = await api.get('/nope/')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toContain('text/html')
    const verb = await api.del('/api/v1/printers/')
    expect(verb.status).toBe(405)
    expect(verb.json).toEqual({ detail: 'Method "DELETE" not allowed.' })
  })
})
