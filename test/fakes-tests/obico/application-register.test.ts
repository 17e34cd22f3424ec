import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USER, type ObicoFake } from '../../fakes/obico'
import { CookieJar, hiddenValue, startFake } from './helpers'

/**
 * DOT's self-service registration on the Obico fake (obico-api.md §1.4, §1.7): any signed-in user
 * registers an application at /o/applications/register/ and reads its Client id on the page the
 * form leads to. Driven over plain HTTP like a browser without JavaScript.
 */
let sb: ObicoFake
beforeAll(async () => {
  sb = await startFake()
})
afterAll(async () => {
  await sb?.close()
})

async function login(jar = new CookieJar()): Promise<CookieJar> {
  const page = await fetch(`${sb.baseUrl}/accounts/login/?next=/`)
  jar.store(page)
  const res = await fetch(`${sb.baseUrl}/accounts/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({
      csrfmiddlewaretoken: hiddenValue(await page.text(), 'csrfmiddlewaretoken') ?? '',
      login: DEMO_USER.email,
      password: DEMO_USER.password,
      next: '/'
    }),
    redirect: 'manual'
  })
  jar.store(res)
  return jar
}

/** Opens the form, then posts it with `fields` over what the form prefilled. */
async function register(jar: CookieJar, fields: Record<string, string>, csrf?: string) {
  const page = await fetch(`${sb.baseUrl}/o/applications/register/`, {
    headers: { cookie: jar.header() }
  })
  jar.store(page)
  const text = await page.text()
  const prefilled = {
    client_id: /name="client_id" id="id_client_id" value="([^"]*)"/.exec(text)?.[1] ?? '',
    client_secret:
      /name="client_secret" id="id_client_secret" value="([^"]*)"/.exec(text)?.[1] ?? ''
  }
  return fetch(`${sb.baseUrl}/o/applications/register/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({
      csrfmiddlewaretoken: csrf ?? hiddenValue(text, 'csrfmiddlewaretoken') ?? '',
      ...prefilled,
      ...fields
    }),
    redirect: 'manual'
  })
}

const PRINTDOCK = {
  name: 'Printdock',
  client_type: 'public',
  authorization_grant_type: 'authorization-code',
  redirect_uris: 'http://127.0.0.1/printdock/callback'
}

describe('obico fake: /o/applications/register/', () => {
  it('sends a visitor who is not signed in to the login page first', async () => {
    const res = await fetch(`${sb.baseUrl}/o/applications/register/`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/accounts/login/?next=/o/applications/register/')
  })

  it('registers a public client and shows its Client id on the next page', async () => {
    const jar = await login()
    const res = await register(jar, PRINTDOCK)
    expect(res.status).toBe(302)
    const location = res.headers.get('location') ?? ''
    expect(location).toMatch(/^\/o\/applications\/\d+\/$/)
    const detail = await (
      await fetch(`${sb.baseUrl}${location}`, { headers: { cookie: jar.header() } })
    ).text()
    const clientId = /<code id="client-id">([^<]+)<\/code>/.exec(detail)?.[1]
    const client = sb.store.clients.find((c) => c.client_id === clientId)
    expect(client).toMatchObject({
      name: 'Printdock',
      client_type: 'public',
      authorization_grant_type: 'authorization-code',
      redirect_uris: ['http://127.0.0.1/printdock/callback'],
      client_secret_hash: null
    })
    expect(client?.user_id).toBe(sb.store.users.find((u) => u.email === DEMO_USER.email)?.id)
  })

  it('refuses a custom-scheme redirect like DOT (obico-api.md §1.3) and saves nothing', async () => {
    const jar = await login()
    const before = sb.store.clients.length
    const res = await register(jar, { ...PRINTDOCK, redirect_uris: 'printdock://oauth/callback' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Unauthorized redirect scheme: printdock')
    expect(sb.store.clients.length).toBe(before)
  })

  it('refuses an authorization-code client without a redirect URI', async () => {
    const jar = await login()
    const res = await register(jar, { ...PRINTDOCK, redirect_uris: '' })
    expect(await res.text()).toContain('Redirect uris could not be empty')
  })

  it('refuses a form without the CSRF token', async () => {
    const jar = await login()
    const res = await register(jar, PRINTDOCK, 'wrong-token')
    expect(res.status).toBe(403)
  })

  it('shows an application only to its owner', async () => {
    const jar = await login()
    const location = (await register(jar, PRINTDOCK)).headers.get('location') ?? ''
    const stranger = await fetch(`${sb.baseUrl}${location}`, { redirect: 'manual' })
    expect(stranger.status).toBe(302)
  })
})
