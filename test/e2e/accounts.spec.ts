/// <reference path="../../src/preload/index.d.ts" />
/**
 * Account linking end to end in real Chromium: the production renderer, the real composition
 * (test/harness), and the provider fakes over real HTTP. The app opens consent pages through
 * its BrowserLauncher twin (a Playwright page); the test signs in and approves there like a user.
 *
 * Tokens are read from the fake (Obico's store) or from the vault twin in main (Octoblu,
 * Makeprintable: their fakes keep tokens private), never from the renderer, and every test
 * checks that no token reached the page's DOM, storage or bridge frames.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { InMemoryTokenVault } from '../../src/main/core/vault/token-vault'
import { DEMO_CLIENT_ID, DEMO_USER, startObicoFake, type ObicoFake } from '../fakes/obico'
import { startOctobluFake } from '../fakes/octoblu'
import { startMakeprintableFake } from '../fakes/makeprintable'
import { startHarness, type AppPage, type Harness, type HarnessOptions } from '../harness'
import { AccountsScreen } from './pages/accounts-screen'
import { tapBridge, type BridgeTap } from './pages/bridge-tap'
import {
  captureAppSchemeRedirect,
  LoopbackDonePage,
  MakeprintableBrowserPage,
  ObicoBrowserPage,
  OctobluBrowserPage
} from './pages/consent-pages'

/** What self-hosted Obico users register (SelfHostedGuide, obico-api.md §1.3). */
const LOOPBACK_REDIRECT = 'http://127.0.0.1/printdock/callback'

/** Closers of the running test, run in reverse order after it. */
let cleanups: (() => Promise<unknown>)[] = []

test.afterEach(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined)
  cleanups = []
})

/** One running app: harness, bridge tap, vault twin and the Accounts screen. */
interface RunningApp {
  harness: Harness
  app: AppPage
  tap: BridgeTap
  vault: InMemoryTokenVault
  accounts: AccountsScreen
}

/**
 * Starts the harness with its own vault and an empty build environment (no client IDs unless
 * given), taps the bridge, opens the app and goes to Accounts.
 */
async function startApp(
  context: BrowserContext,
  options: { env?: HarnessOptions['env'] } = {}
): Promise<RunningApp> {
  const vault = new InMemoryTokenVault()
  const harness = await startHarness({ context, tokenVault: vault, env: options.env ?? {} })
  cleanups.push(() => harness.close())
  const tap = await tapBridge(context)
  const app = await harness.openApp()
  const accounts = await AccountsScreen.open(app.page)
  return { harness, app, tap, vault, accounts }
}

/** The n-th page the app opened in the "system browser" (0-based). */
async function openedPage(harness: Harness, index: number): Promise<Page> {
  await expect.poll(() => harness.openedPages.length).toBeGreaterThan(index)
  return harness.openedPages[index]!
}

function expectNoErrors(app: AppPage): void {
  expect(app.pageErrors, 'uncaught page errors').toEqual([])
  expect(app.consoleErrors, 'console errors').toEqual([])
}

/**
 * No secret in the page: its markup, every input's value, web storage, and the bridge frames.
 * Tokens must not cross in either direction; `typedSecrets` (a client secret the user typed, which
 * the form sends to main once) must not come back from main nor stay in the page. The frames must
 * include account payloads, so the check cannot pass on an empty tap.
 */
async function expectNoSecretsInRenderer(
  page: Page,
  tap: BridgeTap,
  tokens: string[],
  typedSecrets: string[] = []
): Promise<void> {
  const seen = await page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input, textarea')].map(
        (el) => (el as HTMLInputElement).value
      ),
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage })
    ].join('\n')
  )
  const fromMain = tap.received.join('\n')
  // The page read the account list (its watch answers with it) and main pushed changes.
  expect(tap.channels()).toContain('accounts:watch')
  expect(fromMain).toContain('"accounts:changed"')
  for (const secret of [...tokens, ...typedSecrets]) {
    expect(secret.length).toBeGreaterThan(8)
    expect(seen.includes(secret), 'a secret is in the page').toBe(false)
    expect(fromMain.includes(secret), 'main sent a secret to the page').toBe(false)
  }
  const fromPage = tap.sent.join('\n')
  for (const token of tokens) {
    expect(fromPage.includes(token), 'the page sent a token').toBe(false)
  }
}

/** Obico's tokens for the demo client, read from the fake's own store. */
function obicoTokens(fake: ObicoFake): { access: string; refresh: string }[] {
  return [...fake.store.accessTokens.values()]
    .filter((token) => token.client_id === DEMO_CLIENT_ID)
    .map((token) => {
      const refresh = [...fake.store.refreshTokens.values()].find(
        (candidate) => candidate.access_token === token.token
      )
      return { access: token.token, refresh: refresh?.token ?? '' }
    })
}

test('self-hosted Obico links over the loopback redirect and unlinks with revocation', async ({
  context
}) => {
  const fake = await startObicoFake()
  cleanups.push(() => fake.close())
  const { harness, app, tap, vault, accounts } = await startApp(context)

  const form = await accounts.openProvider('obico-self-hosted')
  await form.serverUrl.fill(fake.baseUrl)
  await form.serverUrl.blur()
  // Plain http on 127.0.0.1 is loopback: nothing travels over the network, so no warning.
  await expect(form.serverUrl).not.toHaveAttribute('aria-invalid', 'true')
  await expect(form.httpWarning).toHaveCount(0)
  await form.openRedirectGuide()
  await expect(form.redirectUri).toHaveText(LOOPBACK_REDIRECT)
  await expect(form.registerUrl).toHaveText(`${fake.baseUrl}/o/applications/register/`)
  await form.clientId.fill(DEMO_CLIENT_ID)
  await form.link()

  await expect(accounts.pending.status).toBeVisible()
  const authUrl = new URL(await accounts.pending.authUrl.inputValue())
  expect(authUrl.origin + authUrl.pathname).toBe(`${fake.baseUrl}/o/authorize/`)
  // The registered URI plus the listener's port (RFC 8252 §7.3).
  expect(authUrl.searchParams.get('redirect_uri')).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/printdock\/callback$/
  )

  const browser = new ObicoBrowserPage(await openedPage(harness, 0))
  await browser.signIn(DEMO_USER.email, DEMO_USER.password)
  await browser.expectConsent('Printdock')
  await browser.approve()
  await new LoopbackDonePage(browser.page).expectDone(
    `Printdock linked ${DEMO_USER.email}. You can close this tab.`
  )
  expect(new URL(browser.page.url()).pathname).toBe('/printdock/callback')

  const card = accounts.card(DEMO_USER.email)
  await expect(card.root).toHaveCount(1)
  await expect(card.state).toHaveText(/Linked/)
  await expect(card.root.getByRole('heading', { name: DEMO_USER.email })).toBeVisible()
  await expect(accounts.pendingSection).toHaveCount(0)

  const issued = obicoTokens(fake)
  expect(issued).toHaveLength(1)
  const { access, refresh } = issued[0]!
  expect(fake.isTokenActive(access)).toBe(true)
  expect(fake.isTokenActive(refresh)).toBe(true)
  // What main saved is what the fake issued.
  expect(await vault.get(await card.accountId())).toMatchObject({
    accessToken: access,
    refreshToken: refresh
  })
  await expectNoSecretsInRenderer(app.page, tap, [access, refresh])

  await card.unlink()
  await expect(card.root).toHaveCount(0)
  await expect(accounts.empty).toBeVisible()
  await expect(
    app.page.getByTestId('toast').filter({ hasText: 'Its token was revoked at the provider.' })
  ).toBeVisible()
  expect(fake.isTokenActive(access)).toBe(false)
  expect(fake.isTokenActive(refresh)).toBe(false)
  expect(await harness.services.accountService.listAccounts()).toEqual([])
  await expectNoSecretsInRenderer(app.page, tap, [access, refresh])
  expectNoErrors(app)
})

test('self-hosted Obico links over a loopback redirect registered on another path', async ({
  context
}) => {
  const farmRedirect = 'http://127.0.0.1/farm/return'
  const fake = await startObicoFake()
  cleanups.push(() => fake.close())
  // The administrator registered Printdock with their own path, not the default one.
  const client = fake.registerClient({ name: 'Printdock', redirectUris: [farmRedirect] })
  const { harness, app, tap, accounts } = await startApp(context)

  const form = await accounts.openProvider('obico-self-hosted')
  await form.serverUrl.fill(fake.baseUrl)
  await form.clientId.fill(client.client_id)
  await expect(form.redirectOverride).toHaveCount(0)
  await form.useRedirect(farmRedirect)
  await expect(form.redirectOverride).toHaveAttribute('placeholder', LOOPBACK_REDIRECT)
  // The guide names what this link will use, so the user can check the registration.
  await form.openRedirectGuide()
  await expect(form.redirectUri).toHaveText(farmRedirect)
  await form.link()
  expect(tap.requestsOf('accounts:start-link')).toEqual([
    expect.objectContaining({ profileKey: 'obico-self-hosted', redirectUri: farmRedirect })
  ])

  await expect(accounts.pending.status).toBeVisible()
  const authUrl = new URL(await accounts.pending.authUrl.inputValue())
  expect(authUrl.searchParams.get('redirect_uri')).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/farm\/return$/
  )
  const browser = new ObicoBrowserPage(await openedPage(harness, 0))
  await browser.signIn(DEMO_USER.email, DEMO_USER.password)
  await browser.expectConsent('Printdock')
  await browser.approve()
  await new LoopbackDonePage(browser.page).expectDone(
    `Printdock linked ${DEMO_USER.email}. You can close this tab.`
  )
  expect(new URL(browser.page.url()).pathname).toBe('/farm/return')

  const card = accounts.card(DEMO_USER.email)
  await expect(card.state).toHaveText(/Linked/)
  await expect(accounts.pendingSection).toHaveCount(0)
  expectNoErrors(app)
})

test('Octoblu links over printdock:// delivered by the OS and unlinks with revocation', async ({
  context
}) => {
  const fake = await startOctobluFake()
  cleanups.push(() => fake.close())
  const { harness, app, tap, vault, accounts } = await startApp(context)

  const form = await accounts.openProvider('octoblu')
  // The fake stands in for a self-hosted Octoblu OAuth server (plain http on loopback: no warning).
  await form.useOtherServer(fake.baseUrl)
  await expect(form.httpWarning).toHaveCount(0)
  // The OAuth device's uuid and token are the client ID and secret (providers.md §2.2).
  await form.clientId.fill(fake.client.clientId)
  await form.clientSecret.fill(fake.client.clientSecret)
  await form.apiServer.fill(fake.meshbluBaseUrl)
  await form.link()
  // The address came from the form itself, as the page sent it to main.
  expect(tap.requestsOf('accounts:start-link')).toEqual([
    expect.objectContaining({ profileKey: 'octoblu', serverUrl: fake.baseUrl })
  ])

  await expect(accounts.pending.status).toBeVisible()
  await expect(accounts.pending.callbackInput).toHaveAttribute(
    'placeholder',
    /^printdock:\/\/oauth\/callback\?/
  )
  const browser = new OctobluBrowserPage(await openedPage(harness, 0))
  await browser.signIn(fake.user.username, fake.user.password)
  await browser.expectConsent('Printdock')
  const callback = await captureAppSchemeRedirect(browser.page, () => browser.approve())
  expect(callback).toMatch(/^printdock:\/\/oauth\/callback\?code=/)

  // Nothing links until the OS hands the address to the app.
  await expect(accounts.pending.status).toBeVisible()
  await expect(accounts.cards).toHaveCount(0)
  await harness.deliverProtocolUrl(callback)

  const card = accounts.card('Maker Demo')
  await expect(card.root).toHaveCount(1)
  await expect(card.state).toHaveText(/Linked/)
  // The identity lines are in the row's details.
  await card.openDetails()
  await expect(card.root.getByText(fake.user.uuid)).toBeVisible()
  await expect(card.root.getByText('maker@example.com')).toBeVisible()
  await expect(accounts.pendingSection).toHaveCount(0)

  const accountId = await card.accountId()
  const secret = await vault.get(accountId)
  const access = secret?.accessToken ?? ''
  expect(fake.isTokenActive(access)).toBe(true)
  expect(secret?.clientSecret).toBe(fake.client.clientSecret)
  const meshbluToken = Buffer.from(access, 'base64').toString('utf8').split(':')[1] ?? ''
  await expectNoSecretsInRenderer(app.page, tap, [access, meshbluToken], [fake.client.clientSecret])

  await card.unlink()
  await expect(card.root).toHaveCount(0)
  await expect(accounts.empty).toBeVisible()
  expect(fake.isTokenActive(access)).toBe(false)
  expect(await vault.get(accountId)).toBeUndefined()
  expectNoErrors(app)
})

test('a pasted callback URL links when the OS never delivers it', async ({ context }) => {
  const fake = await startMakeprintableFake()
  cleanups.push(() => fake.close())
  const { harness, app, tap, vault, accounts } = await startApp(context, {
    // A build that ships Makeprintable's client ID (PRINTDOCK_<PROVIDER>_CLIENT_ID).
    env: { PRINTDOCK_MAKEPRINTABLE_CLIENT_ID: fake.client.clientId }
  })

  const form = await accounts.openProvider('makeprintable')
  await expect(form.clientId).toHaveCount(0)
  await form.useOtherServer(fake.baseUrl)
  await form.clientSecret.fill(fake.client.clientSecret)
  await form.link()
  await expect(accounts.pending.status).toBeVisible()
  expect(tap.requestsOf('accounts:start-link')).toEqual([
    expect.objectContaining({ profileKey: 'makeprintable', serverUrl: fake.baseUrl })
  ])

  const browser = new MakeprintableBrowserPage(await openedPage(harness, 0))
  await browser.signIn(fake.user.email, fake.user.password)
  await browser.expectConsent('Printdock')
  const callback = await captureAppSchemeRedirect(browser.page, () => browser.approve())
  expect(callback).toMatch(/^printdock:\/\/oauth\/callback\?code=/)

  await accounts.pending.pasteCallback(callback)
  const card = accounts.card(`Makeprintable user ${fake.user.id}`)
  await expect(card.root).toHaveCount(1)
  await expect(card.state).toHaveText(/Linked/)
  await card.openDetails()
  await expect(card.root.getByText('OAuth', { exact: true })).toBeVisible()
  await expect(accounts.pendingSection).toHaveCount(0)

  const access = (await vault.get(await card.accountId()))?.accessToken ?? ''
  expect(fake.isTokenActive(access)).toBe(true)
  const code = new URL(callback).searchParams.get('code') ?? ''
  // The pasted callback (with its code) went to main; the token never came back.
  expect(tap.all()).toContain(code)
  await expectNoSecretsInRenderer(app.page, tap, [access], [fake.client.clientSecret])
  expectNoErrors(app)
})

test('denied consent is said in plain words and links nothing', async ({ context }) => {
  const fake = await startObicoFake()
  cleanups.push(() => fake.close())
  const { harness, app, accounts } = await startApp(context)

  const form = await accounts.openProvider('obico-self-hosted')
  await form.serverUrl.fill(fake.baseUrl)
  await form.clientId.fill(DEMO_CLIENT_ID)
  await form.link()
  await expect(accounts.pending.status).toBeVisible()

  const browser = new ObicoBrowserPage(await openedPage(harness, 0))
  await browser.signIn(DEMO_USER.email, DEMO_USER.password)
  await browser.expectConsent('Printdock')
  await browser.deny()
  await new LoopbackDonePage(browser.page).expectDone(/^Nothing was linked\./)

  await expect(form.error).toHaveAttribute('data-code', 'auth/denied')
  await expect(form.error).toHaveText('Access was not granted in the browser.')
  await expect(accounts.pendingSection).toHaveCount(0)
  await expect(accounts.cards).toHaveCount(0)
  await expect(accounts.empty).toBeVisible()
  expect(obicoTokens(fake)).toEqual([])
  expect(await harness.services.accountService.listAccounts()).toEqual([])
  expectNoErrors(app)
})

test('hostile printdock:// links during a pending link change nothing', async ({ context }) => {
  const fake = await startMakeprintableFake()
  cleanups.push(() => fake.close())
  const { harness, app, accounts } = await startApp(context, {
    env: { PRINTDOCK_MAKEPRINTABLE_CLIENT_ID: fake.client.clientId }
  })

  const form = await accounts.openProvider('makeprintable')
  await form.useOtherServer(fake.baseUrl)
  await form.clientSecret.fill(fake.client.clientSecret)
  await form.link()
  await expect(accounts.pending.status).toBeVisible()
  const state = new URL(await accounts.pending.authUrl.inputValue()).searchParams.get('state')
  expect(state).toBeTruthy()
  const pendingBefore = harness.services.accountService.listPendingLinks()
  expect(pendingBefore).toHaveLength(1)

  const hostile = [
    // A code for a state Printdock never issued (a forged or foreign callback).
    'printdock://oauth/callback?code=attacker-code&state=attacker-state',
    // An error injected for a state Printdock never issued.
    'printdock://oauth/callback?error=access_denied&state=attacker-state',
    // Another path and another host.
    'printdock://evil/path?code=x&state=y',
    `printdock://evil.example/oauth/callback?code=x&state=${state}`,
    // Not our scheme at all.
    `https://example.com/oauth/callback?code=x&state=${state}`,
    'javascript:alert(1)'
  ]
  for (const url of hostile) await harness.deliverProtocolUrl(url)

  expect(harness.services.accountService.listPendingLinks()).toEqual(pendingBefore)
  await expect(accounts.pending.status).toBeVisible()
  await expect(accounts.pending.error).toHaveCount(0)
  await expect(form.error).toHaveCount(0)
  await expect(accounts.cards).toHaveCount(0)
  expect(await harness.services.accountService.listAccounts()).toEqual([])

  // The attempt is intact: the real approval still completes it.
  const browser = new MakeprintableBrowserPage(await openedPage(harness, 0))
  await browser.signIn(fake.user.email, fake.user.password)
  await browser.expectConsent('Printdock')
  const callback = await captureAppSchemeRedirect(browser.page, () => browser.approve())
  await harness.deliverProtocolUrl(callback)
  await expect(accounts.card(`Makeprintable user ${fake.user.id}`).state).toHaveText(/Linked/)
  expectNoErrors(app)
})
