/// <reference path="../../src/preload/index.d.ts" />
/**
 * A new user links Obico Cloud in a build with no baked-in client ID (issue 8), by following the
 * on-screen registration guide.
 *
 * `https://app.obico.io` is pointed at the Obico fake by the harness's host aliases (like an
 * /etc/hosts entry): the app's HTTP client and its browser reach the fake while the app itself
 * still links "Obico Cloud" at app.obico.io. The user registers Printdock on the fake's
 * `/o/applications/register/` page (DOT's form, test/fakes/obico/application-routes.ts) with the
 * exact values the guide shows: name, client type, grant type and redirect URI.
 */
import { expect, test } from '@playwright/test'
import { DEMO_USER, startObicoFake } from '../fakes/obico'
import { startHarness } from '../harness'
import { resolveAlias } from '../harness/host-aliases'
import { AccountsScreen } from './pages/accounts-screen'
import { LoopbackDonePage, ObicoBrowserPage } from './pages/consent-pages'

const CLOUD = 'https://app.obico.io'

let cleanups: (() => Promise<unknown>)[] = []
test.afterEach(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined)
  cleanups = []
})

test('Obico Cloud without a baked-in client ID: register Printdock as the guide says, then link', async ({
  context
}) => {
  const fake = await startObicoFake()
  cleanups.push(() => fake.close())
  // An empty build environment: no PRINTDOCK_OBICO_CLIENT_ID.
  const aliases = { [CLOUD]: fake.baseUrl }
  const harness = await startHarness({ context, env: {}, hostAliases: aliases })
  cleanups.push(() => harness.close())
  const app = await harness.openApp()
  const accounts = await AccountsScreen.open(app.page)

  // The likely choice is already open, and says in one sentence why it asks for a client ID.
  const form = await accounts.openProvider('obico-cloud')
  await expect(form.root.getByTestId('client-id-notice')).toHaveText(
    /no Obico Cloud client ID built in/
  )
  await expect(form.redirectGuide).toHaveAttribute('open', '')
  await expect(form.registerUrl).toHaveText(`${CLOUD}/o/applications/register/`)
  await expect(form.root.getByTestId('support-route')).toContainText('support@obico.io')

  // What the user types into Obico's form, read off the guide.
  const values = {
    name: await form.root.getByTestId('guide-value-name').innerText(),
    clientType: await form.root.getByTestId('guide-value-client-type').innerText(),
    grantType: await form.root.getByTestId('guide-value-grant-type').innerText(),
    redirectUri: await form.redirectUri.innerText()
  }
  expect(values).toEqual({
    name: 'Printdock',
    clientType: 'Public',
    grantType: 'Authorization code',
    redirectUri: 'http://127.0.0.1/printdock/callback'
  })
  // The user opens the address from the guide in their browser (app.obico.io is the fake here),
  // signs in, and fills in Obico's form with those values.
  const registerUrl = await form.registerUrl.innerText()
  const obico = await context.newPage()
  await obico.goto(resolveAlias(registerUrl, aliases))
  await new ObicoBrowserPage(obico).signIn(DEMO_USER.email, DEMO_USER.password)
  await expect(obico.getByRole('heading', { name: 'Register a new application' })).toBeVisible()
  await obico.getByLabel('Name').fill(values.name)
  await obico.getByLabel('Client type').selectOption({ label: values.clientType })
  await obico.getByLabel('Authorization grant type').selectOption({ label: values.grantType })
  await obico.getByLabel('Redirect uris').fill(values.redirectUri)
  await obico.getByRole('button', { name: 'Save' }).click()
  const clientId = await obico.locator('#client-id').innerText()
  const registered = fake.store.clients.find((client) => client.client_id === clientId)
  expect(registered).toMatchObject({ name: 'Printdock', client_type: 'public' })

  // Back in Printdock: the Client id Obico showed goes into the field, then Link.
  await form.clientId.fill(clientId)
  await form.link()
  await expect(accounts.pending.status).toBeVisible()
  await expect.poll(() => harness.openedUrls.length).toBe(1)
  const authorize = new URL(harness.openedUrls[0]!)
  expect(authorize.origin + authorize.pathname).toBe(`${CLOUD}/o/authorize/`)
  expect(authorize.searchParams.get('client_id')).toBe(clientId)

  // Still signed in from registering: Obico goes straight to its consent page.
  const browser = new ObicoBrowserPage(harness.openedPages[0]!)
  await browser.expectConsent('Printdock')
  await browser.approve()
  await new LoopbackDonePage(browser.page).expectDone(
    `Printdock linked ${DEMO_USER.email}. You can close this tab.`
  )

  const card = accounts.card(DEMO_USER.email)
  await expect(card.state).toHaveText(/Linked/)
  await expect(card.root).toContainText('Obico Cloud')
  await expect(card.root).toContainText(new URL(CLOUD).host)
  const [linked] = await harness.services.accountService.listAccounts()
  expect(linked).toMatchObject({ provider: 'obico', serverOrigin: CLOUD })
  // The fake issued the token to the client the user registered.
  expect([...fake.store.accessTokens.values()].map((token) => token.client_id)).toEqual([clientId])
  expect(app.pageErrors).toEqual([])
  expect(app.consoleErrors).toEqual([])
})
