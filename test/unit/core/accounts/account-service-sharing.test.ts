import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accountIdFor,
  JsonFileAccountRegistry
} from '../../../../src/main/core/accounts/account-registry'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import { DEMO_CLIENT_ID, startObicoFake, type ObicoFake } from '../../../fakes/obico'
import {
  countingHttp,
  createTestService,
  HttpBrowser,
  ScriptedBrowser
} from '../../../fakes-tests/linking/support'
import { createAccountService } from '../../../../src/main/core/accounts'
import { nullLogger } from '../../../../src/main/core/logger'

/**
 * The account service when more than one Printdock shares its data (the app and the CLI), when a
 * re-link ends as someone else, and when client IDs change in settings while it runs.
 */

let fake: ObicoFake
let dir: string
beforeEach(async () => {
  fake = await startObicoFake({ autoApprove: true })
  dir = await fs.mkdtemp(join(tmpdir(), 'printdock-sharing-'))
})
afterEach(async () => {
  await fake.close()
  await fs.rm(dir, { recursive: true, force: true })
})

describe('refresh across processes', () => {
  it('two service instances refreshing one account at once: one refresh at the server, both keep working', async () => {
    // One vault (the shared keychain items) and one accounts file, two services (app and CLI).
    const vault = new InMemoryTokenVault()
    const file = join(dir, 'accounts.json')
    const http = countingHttp()
    const make = () =>
      createAccountService({
        vault,
        registry: new JsonFileAccountRegistry(file),
        browser: new ScriptedBrowser(),
        clock: fake.clock,
        logger: nullLogger,
        http,
        clientIds: { obico: DEMO_CLIENT_ID },
        lockDir: join(dir, 'locks')
      })
    const app = make()
    const cli = make()

    const user = fake.users[0]
    const tokens = fake.issueToken(user.id, DEMO_CLIENT_ID)
    const id = accountIdFor('obico', fake.baseUrl, String(user.id))
    await vault.set(id, tokens)
    await new JsonFileAccountRegistry(file).put({
      id,
      provider: 'obico',
      profileKey: 'obico-self-hosted',
      serverOrigin: fake.baseUrl,
      userId: String(user.id),
      displayName: user.email,
      identity: [],
      credential: 'oauth',
      linkedAt: '2026-11-01T00:00:00.000Z',
      state: 'linked',
      clientId: DEMO_CLIENT_ID,
      storage: 'memory'
    })

    // Both saw the same access token rejected; the fake rotates refresh tokens at once.
    const [fromApp, fromCli] = await Promise.all([
      app.reportUnauthorized(id, tokens.accessToken),
      cli.reportUnauthorized(id, tokens.accessToken)
    ])
    expect(http.calls.filter((call) => call.grant === 'refresh_token')).toHaveLength(1)
    expect(fromApp).toBe(fromCli)
    expect(fromApp).not.toBe(tokens.accessToken)
    expect(fake.isTokenActive(fromApp)).toBe(true)
    expect((await app.listAccounts())[0].state).toBe('linked')
    expect(await cli.getAccessToken(id)).toBe(fromApp)
    // The lock file is gone once both are done.
    expect(await fs.readdir(join(dir, 'locks'))).toEqual([])
    app.dispose()
    cli.dispose()
  })
})

describe('re-link that ends as a different identity', () => {
  it('gives the old account its previous state back and keeps both accounts', async () => {
    const browser = new ScriptedBrowser()
    const ctx = createTestService({
      clock: fake.clock,
      browser,
      clientIds: { obico: DEMO_CLIENT_ID }
    })
    const linkOnce = async (accountId?: string) => {
      const pending = await ctx.service.startLink({
        profileKey: 'obico-self-hosted',
        serverUrl: fake.baseUrl,
        clientId: DEMO_CLIENT_ID,
        accountId
      })
      const callback = (await new HttpBrowser().follow(browser.last(), fake.baseUrl)).url
      expect((await fetch(callback)).status).toBe(200)
      return ctx.service.waitForLink(pending.attemptId)
    }

    fake.settings.autoApproveUserId = fake.users[0].id
    const first = await linkOnce()
    // The browser is signed in as somebody else when the user re-links.
    fake.settings.autoApproveUserId = fake.users[1].id
    const second = await linkOnce(first.id)

    expect(second.id).not.toBe(first.id)
    const byId = Object.fromEntries((await ctx.service.listAccounts()).map((a) => [a.id, a]))
    expect(byId[first.id]?.state).toBe('linked')
    expect(byId[first.id]?.stateDetail).toBeUndefined()
    expect(byId[second.id]?.state).toBe('linked')
    // Listeners heard the old account's state come back too.
    const lastChange = ctx.changes.at(-1) ?? []
    expect(lastChange.find((a) => a.id === first.id)?.state).toBe('linked')
    ctx.service.dispose()
  })
})

describe('client IDs from settings', () => {
  it('are read when a link starts, not once when the service is made', async () => {
    let settings: Record<string, string> = {}
    const browser = new ScriptedBrowser()
    const service = createAccountService({
      vault: new InMemoryTokenVault(),
      registry: new JsonFileAccountRegistry(join(dir, 'accounts.json')),
      browser,
      clock: fake.clock,
      logger: nullLogger,
      clientIds: () => settings
    })
    // The user saves a client ID in settings while Printdock runs.
    settings = { 'obico-self-hosted': 'saved-later' }
    const pending = await service.startLink({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl
    })
    expect(new URL(browser.last()).searchParams.get('client_id')).toBe('saved-later')
    const option = () => service.listProviders().find((p) => p.key === 'obico-self-hosted')
    expect(option()?.needsClientId).toBe(false)
    service.cancelLink(pending.attemptId)
    await service.waitForLink(pending.attemptId).catch(() => undefined)

    settings = { 'obico-self-hosted': 'changed-again' }
    const again = await service.startLink({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl
    })
    expect(new URL(browser.last()).searchParams.get('client_id')).toBe('changed-again')
    service.cancelLink(again.attemptId)
    await service.waitForLink(again.attemptId).catch(() => undefined)
    service.dispose()
  })

  it('still accept a plain record', async () => {
    const browser = new ScriptedBrowser()
    const service = createAccountService({
      vault: new InMemoryTokenVault(),
      registry: new JsonFileAccountRegistry(join(dir, 'accounts.json')),
      browser,
      clock: fake.clock,
      logger: nullLogger,
      clientIds: { 'obico-self-hosted': 'fixed-id' }
    })
    const pending = await service.startLink({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl
    })
    expect(new URL(browser.last()).searchParams.get('client_id')).toBe('fixed-id')
    service.cancelLink(pending.attemptId)
    await service.waitForLink(pending.attemptId).catch(() => undefined)
    service.dispose()
  })
})
