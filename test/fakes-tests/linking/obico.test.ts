import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AUTHORIZATION_CODE_EXPIRE_SECONDS,
  DEMO_CLIENT_ID,
  DEMO_USER,
  startObicoFake,
  type ObicoFake
} from '../../fakes/obico'
import {
  countingHttp,
  createTestService,
  errorCode,
  expectNoSecrets,
  FlakyVault,
  HttpBrowser,
  ScriptedBrowser
} from './support'

let fake: ObicoFake
let browser: ScriptedBrowser
let http: ReturnType<typeof countingHttp>
let ctx: ReturnType<typeof createTestService>

beforeEach(async () => {
  fake = await startObicoFake({ autoApprove: true })
  browser = new ScriptedBrowser()
  http = countingHttp()
  ctx = createTestService({
    clock: fake.clock,
    browser,
    http,
    clientIds: { obico: DEMO_CLIENT_ID }
  })
})
afterEach(async () => {
  ctx.service.dispose()
  await fake.close()
})

const start = () =>
  ctx.service.startLink({
    profileKey: 'obico-self-hosted',
    serverUrl: fake.baseUrl,
    clientId: DEMO_CLIENT_ID
  })

/** Consent by HTTP; returns the loopback callback URL the browser would load next. */
async function consent(): Promise<string> {
  return (await new HttpBrowser().follow(browser.last(), fake.baseUrl)).url
}

async function link() {
  const pending = await start()
  const response = await fetch(await consent())
  expect(response.status).toBe(200)
  return ctx.service.waitForLink(pending.attemptId)
}

/**
 * Expires the account's access token server-side (an admin-set expiry), leaving its refresh token
 * valid. Deleting it instead would make DOT's refresh crash with a 500 (obico-api.md §1.6).
 */
async function killAccessToken(accountId: string): Promise<string> {
  const token = (await ctx.vault.get(accountId))!.accessToken
  fake.store.accessTokens.get(token)!.expires = fake.clock.now() - 1000
  return token
}

const refreshCalls = () => http.calls.filter((c) => c.grant === 'refresh_token').length

/** The hidden inputs of a fake page, by name, unescaped. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    // The fake escapes as numeric references (`&#38;`), like Django's escape().
    fields[match[1]!] = match[2]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(+n))
  }
  return fields
}

/**
 * Signs in and presses Cancel on DOT's consent page, by HTTP like a browser would. Returns where
 * DOT sends the browser: the attempt's loopback URL with `error=access_denied`.
 */
async function denyConsent(): Promise<string> {
  fake.settings.autoApprove = false
  const web = new HttpBrowser()
  const login = await web.follow(browser.last(), fake.baseUrl)
  expect(new URL(login.url).pathname).toBe('/accounts/login/')
  const page = await web.postForm(`${fake.baseUrl}/accounts/login/`, fake.baseUrl, {
    ...hiddenFields(login.body),
    login: DEMO_USER.email,
    password: DEMO_USER.password
  })
  expect(page.body).toContain('id="authorizationForm"')
  // Cancel has no name, so the form goes without `allow` (obico-api.md §1.5).
  const denied = await web.postForm(
    `${fake.baseUrl}/o/authorize/`,
    fake.baseUrl,
    hiddenFields(page.body)
  )
  return denied.url
}

describe('Obico linking (fake, real HTTP)', () => {
  it('links through the loopback listener with PKCE, and the listener closes after the hit', async () => {
    const pending = await start()
    expect(pending.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/printdock\/callback$/)
    const authorize = new URL(browser.last())
    expect(authorize.pathname).toBe('/o/authorize/')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const callback = await consent()
    expect(callback.startsWith(pending.redirectUri + '?')).toBe(true)
    const page = await fetch(callback)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('You can close this tab')
    const account = await ctx.service.waitForLink(pending.attemptId)
    expect(account).toMatchObject({
      provider: 'obico',
      state: 'linked',
      displayName: DEMO_USER.email
    })
    // The service, not the host: the server is shown beside the label.
    expect(account.providerLabel).toBe('Obico')
    const secret = (await ctx.vault.get(account.id))!
    expect(secret.refreshToken).toBeTruthy()
    expect(secret.expiresAt).toBeUndefined() // 100-year tokens: refresh on 403, not on expiry
    expectNoSecrets(
      [await ctx.service.listAccounts(), ctx.changes, ctx.outcomes],
      [secret.accessToken, secret.refreshToken]
    )
    await expect(fetch(callback)).rejects.toThrow()
  })

  it('the paste fallback accepts the loopback URL typed by hand', async () => {
    const pending = await start()
    const callback = await consent()
    const account = await ctx.service.completeLink(callback)
    expect(account.state).toBe('linked')
    expect(await ctx.service.waitForLink(pending.attemptId)).toEqual(account)
  })

  it('a loopback hit with a wrong state keeps the listener open for the real one', async () => {
    await start()
    const callback = await consent()
    const bad = await fetch(callback.replace(/state=[^&]+/, 'state=' + 'q'.repeat(43)))
    expect(bad.status).toBe(400)
    expect((await fetch(callback)).status).toBe(200)
    expect(await ctx.service.listAccounts()).toHaveLength(1)
  })

  it('denied consent (DOT redirects with error=access_denied) ends the attempt with auth/denied', async () => {
    const pending = await start()
    const callback = await denyConsent()
    expect(callback.startsWith(pending.redirectUri + '?')).toBe(true)
    const params = new URL(callback).searchParams
    expect(params.get('error')).toBe('access_denied')
    expect(params.get('code')).toBeNull()
    const page = await fetch(callback)
    expect(await page.text()).toContain('Nothing was linked')
    expect(await errorCode(ctx.service.waitForLink(pending.attemptId))).toBe('auth/denied')
    expect(ctx.outcomes.at(-1)).toMatchObject({ ok: false, error: { code: 'auth/denied' } })
    expect(http.calls).toEqual([])
    expect(fake.store.accessTokens.size).toBe(0)
    expect(await ctx.service.listAccounts()).toEqual([])
    expect(ctx.service.listPendingLinks()).toEqual([])
  })

  it('a pasted callback with a wrong state is refused and the real one still links', async () => {
    const pending = await start()
    const callback = await consent()
    const forged = callback.replace(/state=[^&]+/, 'state=' + 'x'.repeat(43))
    expect(await errorCode(ctx.service.completeLink(forged))).toBe('auth/state-mismatch')
    expect(http.calls).toEqual([])
    expect(ctx.service.listPendingLinks()).toHaveLength(1)
    const account = await ctx.service.completeLink(callback)
    expect(account.state).toBe('linked')
    expect(await ctx.service.waitForLink(pending.attemptId)).toEqual(account)
  })

  it('a replayed callback is refused, and a replayed code fails at the token endpoint', async () => {
    await start()
    const callback = await consent()
    await ctx.service.completeLink(callback)
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/state-mismatch')
    expect((await ctx.service.listAccounts()).length).toBe(1)

    // The used code under a fresh attempt's own state: DOT has consumed it (invalid_grant).
    const pending = await start()
    const state = new URL(browser.last()).searchParams.get('state')!
    const code = new URL(callback).searchParams.get('code')!
    const replay = `${pending.redirectUri}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`
    expect(await errorCode(ctx.service.completeLink(replay))).toBe('auth/invalid-code')
    expect(ctx.outcomes.at(-1)).toMatchObject({
      attemptId: pending.attemptId,
      ok: false,
      error: { code: 'auth/invalid-code' }
    })
    expect(http.calls.filter((c) => c.grant === 'authorization_code')).toHaveLength(2)
    expect(fake.store.accessTokens.size).toBe(1)
  })

  it('links with a loopback redirect override on another registered path, kept on re-link', async () => {
    const client = fake.registerClient({
      name: 'Printdock (farm)',
      redirectUris: ['http://127.0.0.1/farm/return']
    })
    const pending = await ctx.service.startLink({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl,
      clientId: client.client_id,
      redirectUri: 'http://127.0.0.1/farm/return'
    })
    expect(pending.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/farm\/return$/)
    expect(new URL(browser.last()).searchParams.get('redirect_uri')).toBe(pending.redirectUri)
    expect((await fetch(await consent())).status).toBe(200)
    const account = await ctx.service.waitForLink(pending.attemptId)
    expect(account.state).toBe('linked')

    // The default path is not registered for this client: DOT would refuse it, so a re-link
    // without an override must reuse the account's own.
    const again = await ctx.service.startLink({
      profileKey: 'obico-self-hosted',
      accountId: account.id
    })
    expect(new URL(again.redirectUri).pathname).toBe('/farm/return')
    expect((await fetch(await consent())).status).toBe(200)
    expect(await ctx.service.waitForLink(again.attemptId)).toMatchObject({
      id: account.id,
      state: 'linked'
    })
  })

  it('refuses a redirect override with a port before opening the browser', async () => {
    expect(
      await errorCode(
        ctx.service.startLink({
          profileKey: 'obico-self-hosted',
          serverUrl: fake.baseUrl,
          clientId: DEMO_CLIENT_ID,
          redirectUri: 'http://127.0.0.1:8080/printdock/callback'
        })
      )
    ).toBe('auth/unsupported')
    expect(browser.opened).toEqual([])
  })

  it('an expired code (60 s) is refused', async () => {
    await start()
    const callback = await consent()
    fake.clock.advance((AUTHORIZATION_CODE_EXPIRE_SECONDS + 1) * 1000)
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/invalid-code')
  })

  it('times out after 5 minutes and closes the listener', async () => {
    const pending = await start()
    fake.clock.advance(5 * 60 * 1000 + 1)
    expect(await errorCode(ctx.service.waitForLink(pending.attemptId))).toBe('auth/timed-out')
    await expect(fetch(pending.redirectUri)).rejects.toThrow()
  })

  it('a 403 refreshes once, stores the rotated tokens first, and retries', async () => {
    const account = await link()
    const before = (await ctx.vault.get(account.id))!
    await killAccessToken(account.id)
    const response = await ctx.service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/api/v1/users/me/'
    })
    expect(response.status).toBe(200)
    const after = (await ctx.vault.get(account.id))!
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(fake.isTokenActive(after.accessToken)).toBe(true)
    expect(refreshCalls()).toBe(1)
    expect((await ctx.service.listAccounts())[0].state).toBe('linked')
  })

  it('N concurrent 403s cause one refresh call', async () => {
    const account = await link()
    await killAccessToken(account.id)
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/api/v1/printers/' })
      )
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(refreshCalls()).toBe(1)
    const tokens = await Promise.all(
      Array.from({ length: 4 }, () => ctx.service.reportUnauthorized(account.id, 'stale'))
    )
    expect(new Set(tokens).size).toBe(1)
    expect(refreshCalls()).toBe(1)
  })

  it('a revoked grant (refresh answers invalid_grant) turns the account to needs-relink', async () => {
    const account = await link()
    const secret = (await ctx.vault.get(account.id))!
    await fetch(`${fake.baseUrl}/o/revoke_token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: secret.refreshToken!,
        token_type_hint: 'refresh_token',
        client_id: DEMO_CLIENT_ID
      })
    })
    expect(
      await errorCode(
        ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/api/v1/printers/' })
      )
    ).toBe('auth/needs-relink')
    const [after] = await ctx.service.listAccounts()
    expect(after).toMatchObject({ state: 'needs-relink', displayName: DEMO_USER.email })
  })

  it('access-token-only revocation makes refresh 500 (obico-api.md §1.6): needs-relink, not unreachable', async () => {
    const account = await link()
    const secret = (await ctx.vault.get(account.id))!
    await fetch(`${fake.baseUrl}/o/revoke_token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: secret.accessToken,
        token_type_hint: 'access_token',
        client_id: DEMO_CLIENT_ID
      })
    })
    expect(await errorCode(ctx.service.reportUnauthorized(account.id))).toBe('auth/needs-relink')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })

  it('refresh while the server is down (503, closed port) keeps the credential and marks unreachable', async () => {
    const account = await link()
    const stale = await killAccessToken(account.id)
    const stored = await ctx.vault.get(account.id)
    fake.server.faults.add({
      path: '/o/token/',
      fault: { kind: 'status', status: 503 },
      times: 1
    })
    expect(await errorCode(ctx.service.reportUnauthorized(account.id, stale))).toBe(
      'network/server-error'
    )
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')
    expect(await ctx.vault.get(account.id)).toEqual(stored)
    // Back up: the same refresh token still works.
    expect(await ctx.service.reportUnauthorized(account.id, stale)).not.toBe(stale)
    expect((await ctx.service.listAccounts())[0].state).toBe('linked')
    // A closed port: offline, credential kept.
    const live = (await ctx.vault.get(account.id))!
    await fake.server.close()
    expect(await errorCode(ctx.service.reportUnauthorized(account.id, live.accessToken))).toBe(
      'network/offline'
    )
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')
    expect(await ctx.vault.get(account.id)).toEqual(live)
  })

  it('unlink revokes the refresh token (and with it the access token)', async () => {
    const account = await link()
    const secret = (await ctx.vault.get(account.id))!
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: true })
    expect(fake.isTokenActive(secret.accessToken)).toBe(false)
    expect(await ctx.service.listAccounts()).toEqual([])
  })

  it('unlink with the server down still unlinks locally', async () => {
    const account = await link()
    await fake.server.close()
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: false })
    expect(await ctx.service.listAccounts()).toEqual([])
  })

  it('a pasted admin token is verified with users/me before it is stored; a 403 later means needs-relink', async () => {
    const userId = fake.users.find((u) => u.email === DEMO_USER.email)!.id
    const token = fake.createAdminToken(userId)
    expect(
      await errorCode(
        ctx.service.linkWithSecret({
          profileKey: 'obico-self-hosted',
          serverUrl: fake.baseUrl,
          kind: 'access-token',
          secret: 'nope-nope'
        })
      )
    ).toBe('auth/invalid-credentials')
    expect(await ctx.service.listAccounts()).toEqual([])
    const account = await ctx.service.linkWithSecret({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl,
      kind: 'access-token',
      secret: token
    })
    expect(account).toMatchObject({ credential: 'pasted-token', displayName: DEMO_USER.email })
    expectNoSecrets(await ctx.service.listAccounts(), [token])
    fake.store.accessTokens.delete(token)
    expect(
      await errorCode(
        ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/api/v1/printers/' })
      )
    ).toBe('auth/needs-relink')
    expect(refreshCalls()).toBe(0)
    // Pasted tokens are not revoked on unlink (they may serve other tools).
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: false })
  })

  it('a failing keychain read means needs-relink, once', async () => {
    const account = await link()
    const vault = ctx.vault as FlakyVault
    vault.failReads = true
    expect(await errorCode(ctx.service.reportUnauthorized(account.id))).toBe('vault/read-failed')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
    const reads = vault.reads
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('auth/needs-relink')
    expect(vault.reads).toBe(reads)
  })

  it('re-linking a needs-relink account restores it in place', async () => {
    const account = await link()
    ;(ctx.vault as FlakyVault).forget = true
    await errorCode(ctx.service.getAccessToken(account.id))
    ;(ctx.vault as FlakyVault).forget = false
    const pending = await ctx.service.startLink({
      profileKey: 'obico-self-hosted',
      accountId: account.id
    })
    expect((await ctx.service.listAccounts())[0].state).toBe('linking')
    await fetch(await consent())
    const relinked = await ctx.service.waitForLink(pending.attemptId)
    expect(relinked).toMatchObject({ id: account.id, state: 'linked', linkedAt: account.linkedAt })
  })
})
