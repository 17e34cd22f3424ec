import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  startMakeprintableFake,
  CODE_TTL_MS,
  type MakeprintableFake
} from '../../fakes/makeprintable'
import {
  createTestService,
  errorCode,
  expectNoSecrets,
  FlakyVault,
  HttpBrowser,
  ScriptedBrowser
} from './support'

let fake: MakeprintableFake
let browser: ScriptedBrowser
let ctx: ReturnType<typeof createTestService>

function setup(customSchemeAvailable = true) {
  browser = new ScriptedBrowser()
  ctx = createTestService({
    clock: fake.clock,
    browser,
    clientIds: { makeprintable: fake.client.clientId },
    customSchemeAvailable
  })
}

/** Consent by HTTP: auto-approve redirects straight to the custom-scheme URL. */
async function consent(url: string): Promise<string> {
  const result = await new HttpBrowser().follow(url, fake.baseUrl)
  return result.url
}

async function start() {
  return ctx.service.startLink({
    profileKey: 'makeprintable',
    serverUrl: fake.baseUrl,
    clientSecret: fake.client.clientSecret
  })
}

beforeEach(async () => {
  fake = await startMakeprintableFake({ autoApprove: true })
  setup()
})
afterEach(async () => {
  ctx.service.dispose()
  await fake.close()
})

describe('Makeprintable linking (fake, real HTTP)', () => {
  it('links through the custom scheme with response_type=authorization_code and stores the client secret', async () => {
    const pending = await start()
    expect(pending.redirectUri).toBe('printdock://oauth/callback')
    const authorize = new URL(browser.last())
    expect(authorize.origin + authorize.pathname).toBe(`${fake.baseUrl}/authorize`)
    expect(authorize.searchParams.get('response_type')).toBe('authorization_code')

    const callback = await consent(browser.last())
    expect(callback.startsWith('printdock://oauth/callback?')).toBe(true)
    const account = await ctx.service.completeLink(callback)
    expect(account).toMatchObject({
      provider: 'makeprintable',
      state: 'linked',
      credential: 'oauth'
    })
    expect(account.id).toContain('user-8')

    const secret = await ctx.vault.get(account.id)
    expect(secret?.clientSecret).toBe(fake.client.clientSecret)
    expect(fake.isTokenActive(secret!.accessToken)).toBe(true)
    expect(await ctx.service.waitForLink(pending.attemptId)).toEqual(account)
    expect(ctx.outcomes).toEqual([{ attemptId: pending.attemptId, ok: true, account }])
    expect(ctx.changes.length).toBeGreaterThan(0)
    expectNoSecrets(
      [await ctx.service.listAccounts(), ctx.changes, ctx.outcomes, pending],
      [secret!.accessToken, fake.client.clientSecret]
    )

    // API calls use Bearer for OAuth tokens.
    const items = await ctx.service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/v1/items'
    })
    expect(items.status).toBe(200)
  })

  it('re-linking the same user updates the account instead of adding one', async () => {
    await start()
    const first = await ctx.service.completeLink(await consent(browser.last()))
    await start()
    const second = await ctx.service.completeLink(await consent(browser.last()))
    expect(second.id).toBe(first.id)
    expect(second.linkedAt).toBe(first.linkedAt)
    expect(await ctx.service.listAccounts()).toHaveLength(1)
  })

  it('with no items to name the user, two links through the same client stay two accounts', async () => {
    // Nothing on Makeprintable says who a token belongs to when the item list is empty (§1.3), so
    // each link is its own account: the client ID is shared by every user of the app.
    ctx.service.dispose()
    await fake.close()
    fake = await startMakeprintableFake({ autoApprove: true, seed: 'empty' })
    setup()
    await start()
    const first = await ctx.service.completeLink(await consent(browser.last()))
    const firstToken = (await ctx.vault.get(first.id))!.accessToken
    await start()
    const second = await ctx.service.completeLink(await consent(browser.last()))
    const secondToken = (await ctx.vault.get(second.id))!.accessToken

    expect(second.id).not.toBe(first.id)
    for (const account of [first, second]) {
      expect(account.id).not.toContain(fake.client.clientId)
    }
    expect(await ctx.service.listAccounts()).toHaveLength(2)
    // The second link did not overwrite the first account's token.
    expect(firstToken).not.toBe(secondToken)
    expect((await ctx.vault.get(first.id))!.accessToken).toBe(firstToken)
    expectNoSecrets([await ctx.service.listAccounts()], [firstToken, secondToken])
  })

  // Needs link-attempts.ts (finishOAuth) to pass the re-linked account's userId to fetchIdentity
  // as `previousUserId`; un-skip once it does (the adapter side is in makeprintable.ts).
  it('with no items, a re-link of an account keeps its id and replaces its token', async () => {
    ctx.service.dispose()
    await fake.close()
    fake = await startMakeprintableFake({ autoApprove: true, seed: 'empty' })
    setup()
    await start()
    const first = await ctx.service.completeLink(await consent(browser.last()))
    const firstToken = (await ctx.vault.get(first.id))!.accessToken

    await ctx.service.startLink({ profileKey: 'makeprintable', accountId: first.id })
    const again = await ctx.service.completeLink(await consent(browser.last()))
    expect(again.id).toBe(first.id)
    expect(again.linkedAt).toBe(first.linkedAt)
    expect(await ctx.service.listAccounts()).toHaveLength(1)
    expect((await ctx.vault.get(first.id))!.accessToken).not.toBe(firstToken)
  })

  it('refuses to start without the client secret the token call requires', async () => {
    expect(
      await errorCode(
        ctx.service.startLink({ profileKey: 'makeprintable', serverUrl: fake.baseUrl })
      )
    ).toBe('auth/unsupported')
  })

  it('rejects a callback whose state does not match, and still accepts the real one', async () => {
    await start()
    const callback = await consent(browser.last())
    const forged = callback.replace(/state=[^&]+/, 'state=' + 'x'.repeat(43))
    expect(await errorCode(ctx.service.completeLink(forged))).toBe('auth/state-mismatch')
    expect(ctx.service.listPendingLinks()).toHaveLength(1)
    expect((await ctx.service.completeLink(callback)).state).toBe('linked')
  })

  it('a replayed callback is refused, and a replayed code fails at the token endpoint', async () => {
    await start()
    const callback = await consent(browser.last())
    await ctx.service.completeLink(callback)
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/state-mismatch')

    // Feed the used code to a fresh attempt (its own state): the server refuses it.
    const pending = await start()
    const state = new URL(browser.last()).searchParams.get('state')!
    const code = new URL(callback.replace('printdock:', 'http:')).searchParams.get('code')!
    const replay = `printdock://oauth/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`
    expect(await errorCode(ctx.service.completeLink(replay))).toBe('auth/invalid-code')
    expect(ctx.outcomes.at(-1)).toMatchObject({
      attemptId: pending.attemptId,
      ok: false,
      error: { code: 'auth/invalid-code' }
    })
  })

  it('an expired code (3 minutes, fake clock) is refused', async () => {
    await start()
    const callback = await consent(browser.last())
    fake.clock.advance(CODE_TTL_MS + 1000)
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/invalid-code')
    expect(await ctx.service.listAccounts()).toEqual([])
  })

  it('denied consent ends the attempt with auth/denied', async () => {
    fake.autoApprove = false
    const pending = await start()
    const web = new HttpBrowser()
    const login = await web.follow(browser.last(), fake.baseUrl)
    expect(login.body).toContain('form')
    const back = new URL(login.url).searchParams.get('return')!
    await web.postForm(`${fake.baseUrl}/site/login`, fake.baseUrl, {
      email: fake.user.email,
      password: fake.user.password,
      return: back
    })
    const authorize = new URL(browser.last())
    const denied = await web.postForm(`${fake.baseUrl}/authorize`, fake.baseUrl, {
      ...Object.fromEntries(authorize.searchParams),
      decision: 'deny'
    })
    expect(denied.url).toContain('error=access_denied')
    expect(await errorCode(ctx.service.completeLink(denied.url))).toBe('auth/denied')
    expect(await errorCode(ctx.service.waitForLink(pending.attemptId))).toBe('auth/denied')
    expect(ctx.outcomes.at(-1)).toMatchObject({ ok: false, error: { code: 'auth/denied' } })
  })

  it('cancel ends the attempt and a later callback is refused', async () => {
    const pending = await start()
    const callback = await consent(browser.last())
    ctx.service.cancelLink(pending.attemptId)
    expect(await errorCode(ctx.service.waitForLink(pending.attemptId))).toBe('auth/cancelled')
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/state-mismatch')
  })

  it('links with an API key (key header), and rejects a wrong key without storing anything', async () => {
    const account = await ctx.service.linkWithSecret({
      profileKey: 'makeprintable',
      serverUrl: fake.baseUrl,
      kind: 'api-key',
      secret: fake.user.apiKey
    })
    expect(account).toMatchObject({
      credential: 'api-key',
      state: 'linked',
      displayName: 'Makeprintable user 8'
    })
    expectNoSecrets(await ctx.service.listAccounts(), [fake.user.apiKey])
    const items = await ctx.service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/v1/items'
    })
    expect(items.status).toBe(200)

    expect(
      await errorCode(
        ctx.service.linkWithSecret({
          profileKey: 'makeprintable',
          serverUrl: fake.baseUrl,
          kind: 'api-key',
          secret: 'mp_wrong'
        })
      )
    ).toBe('auth/invalid-credentials')
    expect(await ctx.service.listAccounts()).toHaveLength(1)
  })

  it('a revoked token turns the account to needs-relink and keeps its identity', async () => {
    await start()
    const account = await ctx.service.completeLink(await consent(browser.last()))
    fake.revokeAllTokens()
    expect(
      await errorCode(
        ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/v1/items' })
      )
    ).toBe('auth/needs-relink')
    const [after] = await ctx.service.listAccounts()
    expect(after).toMatchObject({
      state: 'needs-relink',
      displayName: account.displayName,
      identity: account.identity
    })
    expect(after.stateDetail).toBeTruthy()
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('auth/needs-relink')
  })

  it('server trouble (5xx fault, reset, closed port) marks unreachable and keeps the credential', async () => {
    await start()
    const account = await ctx.service.completeLink(await consent(browser.last()))
    const stored = await ctx.vault.get(account.id)

    const fault = fake.server.faults.add({
      path: '/v1/items',
      fault: { kind: 'status', status: 503 }
    })
    const response = await ctx.service.authorizedRequest(account.id, {
      method: 'GET',
      url: '/v1/items'
    })
    expect(response.status).toBe(503)
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')
    fault()

    expect(
      (await ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/v1/items' })).status
    ).toBe(200)
    expect((await ctx.service.listAccounts())[0].state).toBe('linked')

    fake.server.faults.add({
      path: '/v1/items',
      fault: { kind: 'reset-response', afterBytes: 0 },
      times: 1
    })
    expect(
      await errorCode(
        ctx.service.authorizedRequest(account.id, { method: 'GET', url: '/v1/items' })
      )
    ).toMatch(/^network\//)
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')

    await fake.server.close()
    expect(await errorCode(ctx.service.verifyAccount(account.id))).toBe('network/offline')
    const [after] = await ctx.service.listAccounts()
    expect(after.state).toBe('unreachable')
    expect(await ctx.vault.get(account.id)).toEqual(stored)
  })

  it('a failing keychain read turns the account to needs-relink once, without looping', async () => {
    await start()
    const account = await ctx.service.completeLink(await consent(browser.last()))
    const vault = ctx.vault as FlakyVault
    vault.failReads = true
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('vault/read-failed')
    const [after] = await ctx.service.listAccounts()
    expect(after.state).toBe('needs-relink')
    expect(after.stateDetail).toContain('the test keychain')
    const reads = vault.reads
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('auth/needs-relink')
    expect(vault.reads).toBe(reads)
  })

  it('a keychain that lost the secret also means needs-relink', async () => {
    await start()
    const account = await ctx.service.completeLink(await consent(browser.last()))
    ;(ctx.vault as FlakyVault).forget = true
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('auth/needs-relink')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })

  it('unlink forgets the account; Makeprintable has no revocation, so revokedAtProvider is false', async () => {
    await start()
    const account = await ctx.service.completeLink(await consent(browser.last()))
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: false })
    expect(await ctx.service.listAccounts()).toEqual([])
    expect(await ctx.vault.get(account.id)).toBeUndefined()
  })

  it('a token endpoint failure ends the link with a network error and stores nothing', async () => {
    fake.server.faults.add({ path: '/v1/token', fault: { kind: 'status', status: 502 } })
    await start()
    expect(await errorCode(ctx.service.completeLink(await consent(browser.last())))).toBe(
      'network/server-error'
    )
    expect(await ctx.service.listAccounts()).toEqual([])
  })
})
