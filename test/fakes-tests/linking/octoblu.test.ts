import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeServices } from '../../../src/main/compose-services'
import { testComposeDeps } from '../../unit/main/test-compose-deps'
import { startOctobluFake, type OctobluFake } from '../../fakes/octoblu'
import type { Notice } from '../../../src/shared/models/app-info'
import {
  createTestService,
  errorCode,
  expectNoSecrets,
  eventually,
  FlakyVault,
  HttpBrowser,
  ScriptedBrowser
} from './support'

let fake: OctobluFake
let browser: ScriptedBrowser
let ctx: ReturnType<typeof createTestService>

beforeEach(async () => {
  fake = await startOctobluFake({ autoApprove: true })
  browser = new ScriptedBrowser()
  ctx = createTestService({
    clock: fake.clock,
    browser,
    clientIds: { octoblu: fake.client.clientId }
  })
})
afterEach(async () => {
  ctx.service.dispose()
  await fake.close()
})

function start() {
  return ctx.service.startLink({
    profileKey: 'octoblu',
    serverUrl: fake.baseUrl,
    apiServerUrl: fake.meshbluBaseUrl,
    clientSecret: fake.client.clientSecret
  })
}

async function consent(): Promise<string> {
  return (await new HttpBrowser().follow(browser.last(), fake.baseUrl)).url
}

/**
 * The error redirect /auth_code sends after validation when the exchange session token is bad
 * (providers.md §2.3: `?error=…&error_description=…&code=<numeric status>`, plus `state` if given).
 */
async function errorRedirect(state?: string): Promise<string> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: fake.client.clientId,
    redirect_uri: 'printdock://oauth/callback',
    uuid: fake.user.uuid,
    token: 'not-a-session-token'
  })
  if (state) query.set('state', state)
  const result = await new HttpBrowser().follow(
    `${fake.baseUrl}/auth_code?${query.toString()}`,
    fake.baseUrl
  )
  return result.url
}

async function link() {
  await start()
  return ctx.service.completeLink(await consent())
}

describe('Octoblu / Meshblu linking (fake, real HTTP)', () => {
  it('links through the custom scheme; whoami on Meshblu names the user by uuid', async () => {
    const pending = await start()
    expect(pending.redirectUri).toBe('printdock://oauth/callback')
    const callback = await consent()
    expect(callback.startsWith('printdock://oauth/callback?')).toBe(true)
    const account = await ctx.service.completeLink(callback)
    expect(account).toMatchObject({ provider: 'octoblu', state: 'linked' })
    expect(account.id.endsWith(fake.user.uuid)).toBe(true)
    expect(account.identity).toContainEqual({ label: 'UUID', value: fake.user.uuid })
    const secret = await ctx.vault.get(account.id)
    expect(fake.isTokenActive(secret!.accessToken)).toBe(true)
    expectNoSecrets(
      [await ctx.service.listAccounts(), ctx.changes, ctx.outcomes],
      [secret!.accessToken, secret!.refreshToken, fake.client.clientSecret]
    )
    const whoami = await ctx.service.authorizedRequest(account.id, {
      method: 'GET',
      url: `${fake.meshbluBaseUrl}/v2/whoami`
    })
    expect(whoami.status).toBe(200)
  })

  it('state mismatch is refused and leaves the attempt pending', async () => {
    await start()
    const callback = await consent()
    expect(
      await errorCode(
        ctx.service.completeLink(callback.replace(/state=[^&]+/, 'state=' + 'Z'.repeat(43)))
      )
    ).toBe('auth/state-mismatch')
    expect((await ctx.service.completeLink(callback)).state).toBe('linked')
  })

  it("Octoblu's error redirect (error + code=<status>) ends the attempt with the mapped error", async () => {
    const pending = await start()
    const state = new URL(browser.last()).searchParams.get('state')!
    const callback = await errorRedirect(state)
    expect(callback).toMatch(/^printdock:\/\/oauth\/callback\?.*error=access_denied/)
    expect(callback).toContain('code=400')
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('auth/denied')
    expect(await errorCode(ctx.service.waitForLink(pending.attemptId))).toBe('auth/denied')
    expect(ctx.outcomes.at(-1)).toMatchObject({ ok: false, error: { code: 'auth/denied' } })
    expect(ctx.service.listPendingLinks()).toEqual([])
    expect(await ctx.service.listAccounts()).toEqual([])
  })

  it('an Octoblu error redirect without our state is a notice; the attempt stays pending', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'printdock-octoblu-notice-'))
    const appBrowser = new ScriptedBrowser()
    const services = await composeServices(
      testComposeDeps(dataDir, {
        browser: appBrowser,
        clock: fake.clock,
        env: { PRINTDOCK_OCTOBLU_CLIENT_ID: fake.client.clientId }
      })
    )
    const notices: Notice[] = []
    services.onNotice((notice) => notices.push(notice))
    try {
      const pending = await services.accountService.startLink({
        profileKey: 'octoblu',
        serverUrl: fake.baseUrl,
        apiServerUrl: fake.meshbluBaseUrl,
        clientSecret: fake.client.clientSecret
      })
      const stray = await errorRedirect()
      expect(stray).not.toContain('state=')
      await services.handleDeepLink(stray)
      expect(notices).toHaveLength(1)
      expect(notices[0]).toMatchObject({ level: 'error' })
      expect(notices[0]!.message).toMatch(/^Octoblu reported an error: .*\(access_denied\)/)
      expect(services.accountService.listPendingLinks().map((p) => p.attemptId)).toEqual([
        pending.attemptId
      ])

      // The real callback still completes the waiting attempt.
      const callback = (await new HttpBrowser().follow(appBrowser.last(), fake.baseUrl)).url
      await services.handleDeepLink(callback)
      await eventually(async () => (await services.accountService.listAccounts()).length === 1)
      expect(notices).toHaveLength(1)
    } finally {
      await services.dispose()
    }
  })

  it('a replayed code fails: the exchange revoked its session token', async () => {
    await start()
    const callback = await consent()
    await ctx.service.completeLink(callback)
    await start()
    const state = new URL(browser.last()).searchParams.get('state')!
    const code = new URL(callback.replace('printdock:', 'http:')).searchParams.get('code')!
    const replay = `printdock://oauth/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`
    const code2 = await errorCode(ctx.service.completeLink(replay))
    expect(['auth/invalid-code', 'network/server-error', 'auth/provider-error']).toContain(code2)
    expect(await ctx.service.listAccounts()).toHaveLength(1)
  })

  it('a dead token (403, empty body) means needs-relink: Octoblu has no usable refresh', async () => {
    const account = await link()
    fake.issueToken() // a new exchange for the user kills earlier OAuth tokens (§2.4)
    expect(
      await errorCode(
        ctx.service.authorizedRequest(account.id, {
          method: 'GET',
          url: `${fake.meshbluBaseUrl}/v2/whoami`
        })
      )
    ).toBe('auth/needs-relink')
    const [after] = await ctx.service.listAccounts()
    expect(after).toMatchObject({ state: 'needs-relink', displayName: account.displayName })
  })

  it('unlink revokes the Meshblu token (DELETE /devices/:uuid/tokens/:token)', async () => {
    const account = await link()
    const token = (await ctx.vault.get(account.id))!.accessToken
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: true })
    expect(fake.isTokenActive(token)).toBe(false)
    expect(await ctx.service.listAccounts()).toEqual([])
  })

  it('unlink while Meshblu is down still unlinks locally', async () => {
    const account = await link()
    await fake.meshbluServer.close()
    expect(await ctx.service.unlink(account.id)).toEqual({ revokedAtProvider: false })
    expect(await ctx.service.listAccounts()).toEqual([])
    expect(await ctx.vault.get(account.id)).toBeUndefined()
  })

  it('Meshblu down or failing marks unreachable and keeps the credential', async () => {
    const account = await link()
    fake.meshbluServer.faults.add({
      path: '/v2/whoami',
      fault: { kind: 'status', status: 503 },
      times: 1
    })
    expect(await errorCode(ctx.service.verifyAccount(account.id))).toBe('network/server-error')
    await fake.meshbluServer.close()
    expect(await errorCode(ctx.service.verifyAccount(account.id))).toBe('network/offline')
    expect((await ctx.service.listAccounts())[0].state).toBe('unreachable')
    expect(await ctx.vault.get(account.id)).toBeDefined()
  })

  it('a failing keychain read means needs-relink', async () => {
    const account = await link()
    ;(ctx.vault as FlakyVault).failReads = true
    expect(await errorCode(ctx.service.getAccessToken(account.id))).toBe('vault/read-failed')
    expect((await ctx.service.listAccounts())[0].state).toBe('needs-relink')
  })

  it('the token endpoint down ends the link with a network error', async () => {
    await start()
    const callback = await consent()
    await fake.server.close()
    expect(await errorCode(ctx.service.completeLink(callback))).toBe('network/offline')
    expect(ctx.outcomes.at(-1)).toMatchObject({ ok: false, error: { code: 'network/offline' } })
  })
})
