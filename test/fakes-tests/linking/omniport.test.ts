import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ACCESS_TOKEN_TTL_SECONDS,
  CODE_TTL_MS,
  startOmniportFake,
  type OmniportFake
} from '../../fakes/omniport'
import {
  countingHttp,
  createTestService,
  errorCode,
  expectNoSecrets,
  FlakyVault,
  HttpBrowser,
  ScriptedBrowser
} from './support'

let fake: OmniportFake
let browser: ScriptedBrowser
let http: ReturnType<typeof countingHttp>
let ctx: ReturnType<typeof createTestService>

beforeEach(async () => {
  fake = await startOmniportFake({ autoApprove: true })
  browser = new ScriptedBrowser()
  http = countingHttp()
  ctx = createTestService({
    clock: fake.clock,
    browser,
    http,
    clientIds: { omniport: fake.client.clientId }
  })
})
afterEach(async () => {
  ctx.service.dispose()
  await fake.close()
})

const start = () =>
  ctx.service.startLink({
    profileKey: 'omniport',
    serverUrl: fake.baseUrl,
    clientSecret: fake.client.clientSecret
  })
const consent = async () => (await new HttpBrowser().follow(browser.last(), fake.baseUrl)).url
async function link() {
  const pending = await start()
  expect((await fetch(await consent())).status).toBe(200)
  return ctx.service.waitForLink(pending.attemptId)
}
const refreshCalls = () => http.calls.filter((c) => c.grant === 'refresh_token').length

describe('Omniport linking (fake, real HTTP)', () => {
  it('links over loopback at /oauth/authorise/ and reads full name and roles', async () => {
    const pending = await start()
    expect(pending.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/printdock\/callback$/)
    expect(new URL(browser.last()).pathname).toBe('/oauth/authorise/')
    const account = await link()
    expect(account).toMatchObject({ provider: 'omniport', state: 'linked' })
    expect(account.identity.map((f) => f.label)).toEqual(
      expect.arrayContaining(['Full name', 'Roles'])
    )
    const secret = (await ctx.vault.get(account.id))!
    expect(secret.clientSecret).toBe(fake.client.clientSecret)
    // The fake clock runs in real time: allow the few ms the link took.
    expect(
      Math.abs(secret.expiresAt! - (fake.clock.now() + ACCESS_TOKEN_TTL_SECONDS * 1000))
    ).toBeLessThan(5000)
    expectNoSecrets(
      [await ctx.service.listAccounts(), ctx.changes, ctx.outcomes],
      [secret.accessToken, secret.refreshToken, fake.client.clientSecret]
    )
  })

  it('an expired code (60 s) is refused', async () => {
    await start()
    const callback = await consent()
    fake.clock.advance(CODE_TTL_MS + 1000)
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/invalid-code')
  })

  it('a callback with a wrong state is refused, at the listener and pasted; the real one links', async () => {
    const pending = await start()
    const callback = await consent()
    expect(callback.startsWith(pending.redirectUri + '?')).toBe(true)
    const forged = callback.replace(/state=[^&]+/, 'state=' + 'x'.repeat(43))
    expect((await fetch(forged)).status).toBe(400)
    expect(await errorCode(ctx.service.completeLink(forged))).toBe('auth/state-mismatch')
    // Nothing reached the token endpoint, and the attempt is still waiting.
    expect(http.calls).toEqual([])
    expect(ctx.service.listPendingLinks()).toHaveLength(1)
    expect((await fetch(callback)).status).toBe(200)
    expect((await ctx.service.waitForLink(pending.attemptId)).state).toBe('linked')
  })

  it('a replayed callback is refused, and a replayed code fails at the token endpoint', async () => {
    await start()
    const callback = await consent()
    const account = await ctx.service.completeLink(callback)
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/state-mismatch')

    // The used code under a fresh attempt's own state: Omniport has consumed it.
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
    // The first link is untouched by the failed replay.
    expect(await ctx.service.listAccounts()).toEqual([account])
    expect(fake.isTokenActive((await ctx.vault.get(account.id))!.accessToken)).toBe(true)
  })

  it('refreshes before expiry with rotation; N concurrent callers share one refresh', async () => {
    const account = await link()
    const before = (await ctx.vault.get(account.id))!
    fake.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000)
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => ctx.service.getAccessToken(account.id))
    )
    expect(new Set(tokens).size).toBe(1)
    expect(refreshCalls()).toBe(1)
    const after = (await ctx.vault.get(account.id))!
    expect(after.accessToken).toBe(tokens[0])
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(fake.isTokenActive(after.accessToken)).toBe(true)
    const me = await ctx.service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/open_auth/get_user_data/'
    })
    expect(me.status).toBe(200)
  })

  it('unlink revokes with token_type_hint and the client secret', async () => {
    const account = await link()
    const secret = (await ctx.vault.get(account.id))!
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: true })
    expect(fake.isTokenActive(secret.accessToken)).toBe(false)
  })

  it('a refresh the server refuses means needs-relink; a 503 means unreachable', async () => {
    const account = await link()
    fake.server.faults.add({
      path: '/open_auth/token/',
      fault: { kind: 'status', status: 503 },
      times: 1
    })
    expect(await errorCode(ctx.service.reportUnauthorized(account.id))).toBe('network/server-error')
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')
    const secret = (await ctx.vault.get(account.id))!
    await ctx.vault.set(account.id, { ...secret, refreshToken: 'not-a-real-refresh-token' })
    expect(await errorCode(ctx.service.reportUnauthorized(account.id))).toBe('auth/needs-relink')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })

  it('a failing keychain read means needs-relink', async () => {
    const account = await link()
    ;(ctx.vault as FlakyVault).failReads = true
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('vault/read-failed')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })
})
