/// <reference path="../../src/preload/index.d.ts" />
/**
 * Provider pages end to end in real Chromium (issue 13): the production renderer, the real
 * composition (test/harness) and the Octoblu, Omniport and Zebbra fakes over real HTTP. Each
 * account is linked in the fakes, its page is opened from its Accounts row, and the data shows.
 */
import { expect, test, type Page } from '@playwright/test'
import { InMemoryTokenVault } from '../../src/main/core/vault/token-vault'
import { startOctobluFake } from '../fakes/octoblu'
import { startOmniportFake } from '../fakes/omniport'
import { startZebbraFake } from '../fakes/zebbra'
import { startHarness, type Harness } from '../harness'
import { AccountsScreen } from './pages/accounts-screen'

let cleanups: (() => Promise<unknown>)[] = []
test.afterEach(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined)
  cleanups = []
})

/** Opens the page of the row mentioning `text`, from its details. */
async function openPage(page: Page, accounts: AccountsScreen, text: string) {
  const card = accounts.card(text)
  await expect(card.root).toHaveCount(1)
  await card.openDetails()
  await card.root.getByTestId('open-page-button').click()
  const view = page.getByTestId('provider-page')
  await expect(view).toBeVisible()
  await expect(view).toHaveAttribute('data-status', 'ready')
  return view
}

async function backToAccounts(page: Page): Promise<void> {
  await page.getByTestId('page-back').click()
  await expect(page.getByTestId('provider-page')).toHaveCount(0)
}

/** Waits for the loopback sign-in the app opened in its "system browser" to finish. */
async function linkFinished(harness: Harness, accountsBefore: number): Promise<void> {
  await expect
    .poll(async () => (await harness.services.accountService.listAccounts()).length)
    .toBe(accountsBefore + 1)
}

test('each provider page shows its data after linking in the fakes', async ({
  context
}, testInfo) => {
  // Prefix-matched callbacks (providers.md §2.3): the loopback listener's port passes.
  const octoblu = await startOctobluFake({ autoApprove: true, callbackUrls: ['http://127.0.0.1'] })
  cleanups.push(() => octoblu.close())
  const omniport = await startOmniportFake({ autoApprove: true })
  cleanups.push(() => omniport.close())
  const zebbra = await startZebbraFake()
  cleanups.push(() => zebbra.close())

  const vault = new InMemoryTokenVault()
  const harness = await startHarness({ context, tokenVault: vault, env: {} })
  cleanups.push(() => harness.close())
  const { page, pageErrors, consoleErrors } = await harness.openApp()
  const accounts = await AccountsScreen.open(page)
  const service = harness.services.accountService

  await service.startLink({
    profileKey: 'octoblu',
    serverUrl: octoblu.baseUrl,
    apiServerUrl: octoblu.meshbluBaseUrl,
    clientId: octoblu.client.clientId,
    clientSecret: octoblu.client.clientSecret,
    redirectUri: 'http://127.0.0.1/printdock/callback'
  })
  await linkFinished(harness, 0)
  await service.startLink({
    profileKey: 'omniport',
    serverUrl: omniport.baseUrl,
    clientId: omniport.client.clientId,
    clientSecret: omniport.client.clientSecret
  })
  await linkFinished(harness, 1)
  await service.signInWithPassword({
    profileKey: 'zebbra',
    serverUrl: zebbra.baseUrl,
    username: zebbra.user.username,
    password: zebbra.user.password
  })
  await expect(accounts.cards).toHaveCount(3)

  // Octoblu: devices with online state and last seen; the offline printer says so.
  let view = await openPage(page, accounts, new URL(octoblu.baseUrl).host)
  await expect(view).toHaveAttribute('data-provider', 'octoblu')
  await expect(view.getByTestId('octoblu-whoami')).toContainText('Maker Demo')
  const ender = view.getByTestId('meshblu-device').filter({ hasText: 'Ender 3 V2' })
  await expect(ender.getByTestId('device-online')).toHaveText('Offline')
  await expect(ender.getByTestId('device-last-seen')).toContainText('Last seen')
  await expect(
    view.getByTestId('meshblu-device').filter({ hasText: 'Prusa MK4' }).getByTestId('device-online')
  ).toHaveText('Online')
  await expect(view.getByTestId('meshblu-subscription')).toHaveCount(2)
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: testInfo.outputPath(`octoblu-page-${scheme}.png`) })
  }
  // A message: preview, confirmation, then the fake has it.
  const prusa = view.getByTestId('meshblu-device').filter({ hasText: 'Prusa MK4' })
  await prusa.getByTestId('send-message-button').click()
  await prusa.getByTestId('message-payload-input').fill('{"command":"pause"}')
  await prusa.getByTestId('message-review').click()
  const dialog = page.getByTestId('message-dialog')
  await expect(dialog.getByTestId('message-preview')).toContainText('"command": "pause"')
  expect(octoblu.messages).toHaveLength(0)
  await dialog.getByTestId('confirm-send-message').click()
  await expect(prusa.getByTestId('message-sent')).toBeVisible()
  expect(octoblu.messages).toEqual([
    expect.objectContaining({ devices: [octoblu.printers[0]], payload: { command: 'pause' } })
  ])
  await backToAccounts(page)

  // Omniport: the granted profile. Both demo users are "Maker Demo": the row is told by its host.
  view = await openPage(page, accounts, new URL(omniport.baseUrl).host)
  await expect(view).toHaveAttribute('data-provider', 'omniport')
  await expect(view.locator('[data-section="name"]')).toContainText('Maker Demo')
  await expect(view.locator('[data-section="roles"]')).toContainText('Student')
  await expect(view.locator('[data-section="enrolment"]')).toContainText('21114009')
  await backToAccounts(page)

  // Zebbra: workspaces and the models in each.
  view = await openPage(page, accounts, zebbra.user.username)
  await expect(view.getByTestId('zebbra-workspace')).toContainText('Print Farm')
  await expect(view.getByTestId('zebbra-model')).toContainText('Filament budget 2026')
  await backToAccounts(page)

  // Each open page held a watch lease; none outlives its page.
  const ids = (await service.listAccounts()).map((account) => account.id)
  await expect
    .poll(() => ids.flatMap((id) => harness.services.leases.holders(`page:${id}`)).length)
    .toBe(0)
  // No token reached the page while it showed three providers' data.
  const html = await page.content()
  for (const id of ids) {
    const secret = await vault.get(id)
    for (const value of [secret?.accessToken, secret?.refreshToken, secret?.clientSecret]) {
      if (value) expect(html).not.toContain(value)
    }
  }
  expect(pageErrors).toEqual([])
  expect(consoleErrors).toEqual([])
})

test('an expired Zebbra token asks for a sign-in on the page, which brings the data back', async ({
  context
}) => {
  const zebbra = await startZebbraFake()
  cleanups.push(() => zebbra.close())
  const harness = await startHarness({ context, tokenVault: new InMemoryTokenVault(), env: {} })
  cleanups.push(() => harness.close())
  const { page, pageErrors, consoleErrors } = await harness.openApp()
  const accounts = await AccountsScreen.open(page)
  await harness.services.accountService.signInWithPassword({
    profileKey: 'zebbra',
    serverUrl: zebbra.baseUrl,
    username: zebbra.user.username,
    password: zebbra.user.password
  })
  const view = await openPage(page, accounts, zebbra.user.username)
  await expect(view.getByTestId('zebbra-model')).toContainText('Filament budget 2026')

  // Zebbra's JWT runs out (no refresh exists, providers.md §4.2): the server says so on the next read.
  zebbra.clock.advance((zebbra.tokenLifetimeMinutes + 1) * 60_000)
  await view.getByTestId('page-refresh').click()
  await expect(view).toHaveAttribute('data-status', 'sign-in-needed')
  await expect(view.getByTestId('page-data')).toHaveAttribute('data-stale', 'true')
  await expect(view.getByTestId('zebbra-model')).toContainText('Filament budget 2026')

  const form = view.getByTestId('page-sign-in')
  await form.getByTestId('username-input').fill(zebbra.user.username)
  await form.getByTestId('password-input').fill(zebbra.user.password)
  await form.getByTestId('sign-in-button').click()
  await expect(view).toHaveAttribute('data-status', 'ready')
  await expect(view.getByTestId('page-data')).toHaveAttribute('data-stale', 'false')
  expect(await page.content()).not.toContain(zebbra.user.password)
  expect(pageErrors).toEqual([])
  expect(consoleErrors).toEqual([])
})
