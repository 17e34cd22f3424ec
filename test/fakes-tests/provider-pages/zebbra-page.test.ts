import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ZebbraPageData } from '../../../src/shared/models/provider-page'
import { startZebbraFake, type ZebbraFake } from '../../fakes/zebbra'
import { createTestService, expectNoSecrets, ScriptedBrowser } from '../linking/support'
import { createPageService } from './support'

let fake: ZebbraFake
let ctx: ReturnType<typeof createTestService>
let page: ReturnType<typeof createPageService>

beforeEach(async () => {
  fake = await startZebbraFake()
  ctx = createTestService({ clock: fake.clock, browser: new ScriptedBrowser() })
  page = createPageService(ctx.service)
})
afterEach(async () => {
  page.pages.dispose()
  ctx.service.dispose()
  await fake.close()
})

const signIn = () =>
  ctx.service.signInWithPassword({
    profileKey: 'zebbra',
    serverUrl: fake.baseUrl,
    username: fake.user.username,
    password: fake.user.password
  })

describe('Zebbra page (fake, real HTTP)', () => {
  it('shows the user, their workspaces and the models in each', async () => {
    const account = await signIn()
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('ready')
    const zebbra = value.data as ZebbraPageData
    expect(zebbra.user).toEqual({
      id: fake.user.id,
      username: fake.user.username,
      name: 'Maker Demo'
    })
    expect(zebbra.workspaces).toHaveLength(1)
    expect(zebbra.workspaces[0]).toMatchObject({
      id: fake.workspace.id,
      name: 'Print Farm',
      admin: true,
      memberCount: 1
    })
    expect(zebbra.workspaces[0]!.models.map((m) => m.name)).toEqual(['Filament budget 2026'])
    expect(zebbra.otherModels).toEqual([])
    expectNoSecrets(value, [(await ctx.vault.get(account.id))!.accessToken, fake.user.password])
  })

  it('an expired token asks for a sign-in (no refresh exists), keeping the last data', async () => {
    const account = await signIn()
    const good = await page.pages.read(account.id)
    fake.clock.advance((fake.tokenLifetimeMinutes + 1) * 60_000)
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('sign-in-needed')
    expect(value.problem).toMatch(/sign in again/i)
    expect(value.data).toEqual(good.value.data)
    // Signing in again with the password (never stored) brings the page back.
    await signIn()
    expect((await page.pages.read(account.id)).value.status).toBe('ready')
  })

  it('a token the server rejects before its exp also asks for a sign-in', async () => {
    const account = await signIn()
    fake.server.faults.add({
      path: '/user',
      fault: {
        kind: 'status',
        status: 401,
        body: '{"detail":"Could not validate credentials"}',
        contentType: 'application/json'
      },
      times: 2
    })
    expect((await page.pages.read(account.id)).value.status).toBe('sign-in-needed')
  })

  it('a malformed workspace list is reported, not shown half-read', async () => {
    const account = await signIn()
    fake.server.faults.add({ path: '/workspace', fault: { kind: 'malformed-json' }, times: 1 })
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('failed')
    expect(value.problem).toMatch(/Zebbra sent a workspace list Printdock could not read/)
  })
})
