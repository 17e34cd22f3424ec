import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OmniportPageData } from '../../../src/shared/models/provider-page'
import {
  ACCESS_TOKEN_TTL_SECONDS,
  startOmniportFake,
  type OmniportFake
} from '../../fakes/omniport'
import {
  countingHttp,
  createTestService,
  expectNoSecrets,
  HttpBrowser,
  ScriptedBrowser
} from '../linking/support'
import { createPageService } from './support'

let fake: OmniportFake
let browser: ScriptedBrowser
let http: ReturnType<typeof countingHttp>
let ctx: ReturnType<typeof createTestService>
let page: ReturnType<typeof createPageService>

async function setUp(dataPoints?: string[]) {
  fake = await startOmniportFake({ autoApprove: true, ...(dataPoints ? { dataPoints } : {}) })
  browser = new ScriptedBrowser()
  http = countingHttp()
  ctx = createTestService({
    clock: fake.clock,
    browser,
    http,
    clientIds: { omniport: fake.client.clientId }
  })
  page = createPageService(ctx.service)
}
beforeEach(() => setUp())
afterEach(async () => {
  page.pages.dispose()
  ctx.service.dispose()
  await fake.close()
})

async function link() {
  const pending = await ctx.service.startLink({
    profileKey: 'omniport',
    serverUrl: fake.baseUrl,
    clientSecret: fake.client.clientSecret
  })
  const callback = (await new HttpBrowser().follow(browser.last(), fake.baseUrl)).url
  expect((await fetch(callback)).status).toBe(200)
  return ctx.service.waitForLink(pending.attemptId)
}

const sections = (value: { data?: unknown }) => (value.data as OmniportPageData).sections
const section = (value: { data?: unknown }, key: string) =>
  sections(value).find((s) => s.key === key)!
const refreshCalls = () => http.calls.filter((c) => c.grant === 'refresh_token').length

describe('Omniport page (fake, real HTTP)', () => {
  it('shows name, roles, enrolment and contact from the granted data points', async () => {
    const account = await link()
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('ready')
    expect(section(value, 'name').fields).toContainEqual({
      label: 'Full name',
      value: 'Maker Demo'
    })
    expect(section(value, 'roles').fields.map((f) => f.value)).toEqual(['Student', 'Maintainer'])
    expect(section(value, 'enrolment').fields).toEqual(
      expect.arrayContaining([
        { label: 'Enrolment number', value: '21114009' },
        { label: 'Branch', value: 'Mechanical Engineering' },
        { label: 'Year', value: '3' }
      ])
    )
    expect(section(value, 'contact').fields).toContainEqual({
      label: 'Institute email',
      value: 'maker_d@me.iitr.ac.in'
    })
    expect(sections(value).every((s) => s.granted && s.note === undefined)).toBe(true)
    const secret = (await ctx.vault.get(account.id))!
    expectNoSecrets(value, [secret.accessToken, secret.refreshToken, fake.client.clientSecret])
  })

  it('puts a plain note where a part was not granted', async () => {
    page.pages.dispose()
    ctx.service.dispose()
    await fake.close()
    await setUp(['person.full_name', 'person.short_name'])
    const account = await link()
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('ready')
    expect(section(value, 'name').granted).toBe(true)
    for (const key of ['roles', 'enrolment', 'contact']) {
      expect(section(value, key)).toMatchObject({ granted: false, fields: [] })
      expect(section(value, key).note).toMatch(/was not granted/)
    }
  })

  it('refreshes an expired access token silently, rotating the refresh token', async () => {
    const account = await link()
    const before = (await ctx.vault.get(account.id))!
    fake.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000)
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('ready')
    expect(refreshCalls()).toBe(1)
    const after = (await ctx.vault.get(account.id))!
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(fake.isTokenActive(before.accessToken)).toBe(false)
  })

  it('a refused refresh leads to needs-relink on the page, last data kept', async () => {
    const account = await link()
    const good = await page.pages.read(account.id)
    const secret = (await ctx.vault.get(account.id))!
    await ctx.vault.set(account.id, { ...secret, refreshToken: 'refused-refresh-token' })
    fake.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000)
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('needs-relink')
    expect(value.problem).toBeTruthy()
    expect(value.data).toEqual(good.value.data)
    expect((await ctx.service.listAccounts())[0]!.state).toBe('needs-relink')
  })

  it('a profile without userId is a malformed reply, not a page of blanks', async () => {
    const account = await link()
    fake.server.faults.add({
      path: '/open_auth/get_user_data/',
      fault: {
        kind: 'status',
        status: 200,
        body: '{"person":{}}',
        contentType: 'application/json'
      },
      times: 1
    })
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('failed')
    expect(value.problem).toMatch(/Omniport sent a profile Printdock could not read/)
  })

  it('an Omniport that does not answer is unreachable', async () => {
    const account = await link()
    fake.server.faults.add({
      path: '/open_auth/get_user_data/',
      fault: { kind: 'reset-response', afterBytes: 0 },
      times: 2
    })
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('unreachable')
  })
})
