import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OctobluPageData } from '../../../src/shared/models/provider-page'
import { startOctobluFake, type OctobluFake } from '../../fakes/octoblu'
import {
  createTestService,
  errorCode,
  eventually,
  expectNoSecrets,
  HttpBrowser,
  ScriptedBrowser
} from '../linking/support'
import { createPageService } from './support'

let fake: OctobluFake
let browser: ScriptedBrowser
let ctx: ReturnType<typeof createTestService>
let page: ReturnType<typeof createPageService>

beforeEach(async () => {
  fake = await startOctobluFake({ autoApprove: true })
  browser = new ScriptedBrowser()
  ctx = createTestService({
    clock: fake.clock,
    browser,
    clientIds: { octoblu: fake.client.clientId }
  })
  page = createPageService(ctx.service)
})
afterEach(async () => {
  page.pages.dispose()
  ctx.service.dispose()
  await fake.close()
})

async function link() {
  await ctx.service.startLink({
    profileKey: 'octoblu',
    serverUrl: fake.baseUrl,
    apiServerUrl: fake.meshbluBaseUrl,
    clientSecret: fake.client.clientSecret
  })
  const callback = (await new HttpBrowser().follow(browser.last(), fake.baseUrl)).url
  return ctx.service.completeLink(callback)
}

function data(value: { data?: unknown }): OctobluPageData {
  return value.data as OctobluPageData
}

describe('Octoblu page (Meshblu fake, real HTTP)', () => {
  it('shows whoami, the owned printers with online state and last seen, and subscriptions', async () => {
    const account = await link()
    const { value } = await page.pages.read(account.id)
    expect(value.status).toBe('ready')
    const octoblu = data(value)
    expect(octoblu.whoami).toMatchObject({ uuid: fake.user.uuid, name: 'Maker Demo' })
    const printers = octoblu.devices.filter((d) => d.type === 'printer')
    expect(printers.map((d) => [d.name, d.online])).toEqual([
      ['Prusa MK4', true],
      ['Ender 3 V2', false]
    ])
    // The offline device still says when it was last seen (its meshblu.updatedAt).
    const offline = printers.find((d) => !d.online)!
    const stored = fake.device(fake.printers[1]!)!.meshblu as { updatedAt: string }
    expect(offline.lastSeen).toBe(stored.updatedAt)
    expect(Date.parse(offline.lastSeen!)).toBeLessThan(fake.clock.now() - 24 * 3_600_000)
    expect(printers.every((d) => d.acceptsMessages)).toBe(true)
    // The OAuth app device the user owns is listed but takes no messages; the user device is not a row.
    const app = octoblu.devices.find((d) => d.type === 'device:oauth')
    expect(app).toMatchObject({ name: 'Printdock', acceptsMessages: false })
    expect(octoblu.devices.some((d) => d.uuid === fake.user.uuid)).toBe(false)
    expect(octoblu.subscriptions).toHaveLength(2)
    const secret = (await ctx.vault.get(account.id))!
    expectNoSecrets(value, [secret.accessToken, fake.user.token, fake.client.clientSecret])
  })

  it('reads one device on demand, without tokens, and says plainly when it is not there', async () => {
    const account = await link()
    const details = await page.pages.deviceDetails(account.id, fake.printers[1]!)
    expect(details.fields).toEqual(
      expect.arrayContaining([
        { label: 'name', value: 'Ender 3 V2' },
        { label: 'online', value: 'false' }
      ])
    )
    expect(details.fields.some((f) => f.label.endsWith('hash') || f.label === 'token')).toBe(false)
    expect(await errorCode(page.pages.deviceDetails(account.id, 'no-such-device'))).toBe(
      'account/not-found'
    )
  })

  it('sends a JSON message to a device, and refuses text that is not JSON before sending', async () => {
    const account = await link()
    await page.pages.sendMessage(account.id, {
      deviceUuid: fake.printers[0]!,
      payloadJson: '{"command":"pause"}',
      topic: 'control'
    })
    expect(fake.messages).toHaveLength(1)
    expect(fake.messages[0]).toMatchObject({
      fromUuid: fake.user.uuid,
      devices: [fake.printers[0]],
      topic: 'control',
      payload: { command: 'pause' }
    })
    expect(
      await errorCode(
        page.pages.sendMessage(account.id, { deviceUuid: fake.printers[0]!, payloadJson: '{oops' })
      )
    ).toBe('ipc/invalid-arguments')
    expect(fake.messages).toHaveLength(1)
  })

  it('removes a subscription and reads the page again', async () => {
    const account = await link()
    const first = data((await page.pages.read(account.id)).value).subscriptions[0]!
    const after = await page.pages.removeSubscription(account.id, first)
    expect(data(after.value).subscriptions).toHaveLength(1)
    expect(fake.subscriptions).not.toContainEqual(first)
  })

  it('keeps the last data when Meshblu goes away, marked unreachable, and recovers', async () => {
    const account = await link()
    const good = await page.pages.read(account.id)
    fake.meshbluServer.faults.add({ path: '/v2/whoami', fault: { kind: 'status', status: 503 } })
    const down = await page.pages.read(account.id)
    expect(down.revision).toBeGreaterThan(good.revision)
    expect(down.value.status).toBe('unreachable')
    expect(down.value.data).toEqual(good.value.data)
    expect(down.value.readAt).toBe(good.value.readAt)
    fake.meshbluServer.faults.clear()
    expect((await page.pages.read(account.id)).value.status).toBe('ready')
  })

  it('says a malformed device list could not be read, keeping the last data', async () => {
    const account = await link()
    const good = await page.pages.read(account.id)
    fake.meshbluServer.faults.add({
      path: '/v2/devices',
      fault: { kind: 'malformed-json' },
      times: 1
    })
    const bad = await page.pages.read(account.id)
    expect(bad.value.status).toBe('failed')
    expect(bad.value.problem).toMatch(/device list Printdock could not read/)
    expect(bad.value.data).toEqual(good.value.data)
    fake.meshbluServer.faults.add({
      path: '/v2/devices',
      fault: {
        kind: 'status',
        status: 200,
        body: '{"devices":"not a list"}',
        contentType: 'application/json'
      },
      times: 1
    })
    expect((await page.pages.read(account.id)).value.status).toBe('failed')
  })

  it('turns a dead token into needs-relink with the last data kept', async () => {
    const account = await link()
    await page.pages.read(account.id)
    // A new exchange for the same user revokes the earlier token (providers.md §2.4).
    fake.issueToken()
    const dead = await page.pages.read(account.id)
    expect(dead.value.status).toBe('needs-relink')
    expect(dead.value.data).toBeDefined()
    expect((await ctx.service.listAccounts())[0]!.state).toBe('needs-relink')
  })

  it('reads a watched page again on every interval and stops when the watch ends', async () => {
    const account = await link()
    const seen: number[] = []
    page.pages.onDidChangePage((change) => seen.push(change.snapshot.revision))
    const watch = page.pages.watch(account.id)
    page.ticks.advance(1000)
    await eventually(() => seen.length === 1)
    page.ticks.advance(1000)
    await eventually(() => seen.length === 2)
    watch.dispose()
    page.ticks.advance(5000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(seen).toHaveLength(2)
    expect(seen[1]).toBeGreaterThan(seen[0]!)
  })
})
