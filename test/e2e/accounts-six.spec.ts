/// <reference path="../../src/preload/index.d.ts" />
/**
 * The Accounts screen with six accounts, end to end in real Chromium: the demo linked through
 * "Try the demo" and the browser, the rest linked against the fakes (two Obico servers, one of
 * them with two users, Makeprintable with its API key, Zebbra with a password). Checks that the
 * compact list fits above the link section, that look-alike and demo accounts are told apart, and
 * takes the README's screenshots of it in light and dark:
 *
 *   PRINTDOCK_UPDATE_SCREENSHOTS=1 npx playwright test test/e2e/accounts-six.spec.ts
 *
 * writes docs/images/accounts-six-light.png and docs/images/accounts-six-dark.png.
 */
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import {
  InMemoryTokenVault,
  type StoredSecret,
  type TokenVault
} from '../../src/main/core/vault/token-vault'
import { DEMO_FREE_USER, DEMO_USER, startObicoFake } from '../fakes/obico'
import { startMakeprintableFake } from '../fakes/makeprintable'
import { startZebbraFake } from '../fakes/zebbra'
import { REPO_ROOT, startHarness } from '../harness'
import { LoopbackDonePage, ObicoBrowserPage } from './pages/consent-pages'

/**
 * The vault twin posing as a system keychain, so the screen shows what most users see. The
 * secrets stay in this process's memory like the harness's default vault.
 */
class KeychainTwin implements TokenVault {
  readonly kind = 'keychain' as const
  readonly description = 'Secret Service (GNOME Keyring, KWallet or KeePassXC)'
  private readonly inner = new InMemoryTokenVault()
  get(accountId: string): Promise<StoredSecret | undefined> {
    return this.inner.get(accountId)
  }
  set(accountId: string, secret: StoredSecret): Promise<void> {
    return this.inner.set(accountId, secret)
  }
  delete(accountId: string): Promise<void> {
    return this.inner.delete(accountId)
  }
}

const VIEWPORT = { width: 1200, height: 760 }
/**
 * The README's pictures are rewritten only on request, so a test run leaves the tree clean (the
 * fakes' ports change every run); otherwise the screenshots go to the test's output folder.
 */
const UPDATE_SCREENSHOTS = process.env.PRINTDOCK_UPDATE_SCREENSHOTS === '1'

let cleanups: (() => Promise<unknown>)[] = []
test.afterEach(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined)
  cleanups = []
})

/** "Try the demo" from the welcome screen, signed in and approved in the "system browser". */
async function linkDemo(page: Page, openedPages: Page[]): Promise<void> {
  await page.getByTestId('first-run-demo').click()
  await expect.poll(() => openedPages.length).toBe(1)
  const browserPage = openedPages[0]!
  const username = (await browserPage.locator('#demo-username').textContent()) ?? ''
  const password = (await browserPage.locator('#demo-password').textContent()) ?? ''
  const obico = new ObicoBrowserPage(browserPage)
  await obico.signIn(username, password)
  await obico.approve()
  await new LoopbackDonePage(browserPage).expectDone(new RegExp(username.replace('.', '\\.')))
  await browserPage.close()
}

test('six linked accounts fit above "Link an account", told apart, in light and dark', async ({
  browser
}, testInfo) => {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
  cleanups.push(() => context.close())
  const farm = await startObicoFake()
  cleanups.push(() => farm.close())
  const garage = await startObicoFake()
  cleanups.push(() => garage.close())
  const makeprintable = await startMakeprintableFake()
  cleanups.push(() => makeprintable.close())
  const zebbra = await startZebbraFake()
  cleanups.push(() => zebbra.close())

  const harness = await startHarness({ context, tokenVault: new KeychainTwin(), env: {} })
  cleanups.push(() => harness.close())
  const { page, pageErrors, consoleErrors } = await harness.openApp()

  await linkDemo(page, harness.openedPages)
  const service = harness.services.accountService
  // Two Obico servers with the same user's email: rows that must be told apart.
  for (const fake of [farm, garage]) {
    await service.linkWithSecret({
      profileKey: 'obico-self-hosted',
      serverUrl: fake.baseUrl,
      kind: 'access-token',
      secret: fake.createAdminToken(1)
    })
  }
  await service.linkWithSecret({
    profileKey: 'obico-self-hosted',
    serverUrl: farm.baseUrl,
    kind: 'access-token',
    secret: farm.createAdminToken(2)
  })
  await service.linkWithSecret({
    profileKey: 'makeprintable',
    serverUrl: makeprintable.baseUrl,
    kind: 'api-key',
    secret: makeprintable.user.apiKey
  })
  await service.signInWithPassword({
    profileKey: 'zebbra',
    serverUrl: zebbra.baseUrl,
    username: zebbra.user.username,
    password: zebbra.user.password
  })

  const rows = page.getByTestId('account-card')
  await expect(rows).toHaveCount(6)
  await expect(page.getByTestId('pending-section')).toHaveCount(0)

  // Three accounts share the demo user's email: each says its server beside the name.
  const sameEmail = rows.filter({ hasText: DEMO_USER.email })
  await expect(sameEmail).toHaveCount(3)
  await expect(sameEmail.getByTestId('account-name-server')).toHaveCount(3)
  const hosts = await sameEmail.getByTestId('account-name-server').allTextContents()
  expect(new Set(hosts).size).toBe(3)
  await expect(
    rows.filter({ hasText: DEMO_FREE_USER.email }).getByTestId('account-name-server')
  ).toHaveCount(0)
  // The demo account, and only it, says Demo.
  await expect(page.getByTestId('account-demo')).toHaveCount(1)
  await expect(rows.filter({ has: page.getByTestId('account-demo') })).toContainText(
    DEMO_USER.email
  )
  // One storage notice for the screen, none per row.
  await expect(page.getByTestId('storage-notice')).toContainText('system keychain')
  await expect(page.getByTestId('account-storage-note')).toHaveCount(0)

  // Without scrolling: all six rows and the "Link an account" section's first choice are in view.
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  for (const row of await rows.all()) await expect(row).toBeInViewport({ ratio: 1 })
  const linkHeading = page.getByRole('heading', { level: 2, name: 'Link an account' })
  await expect(linkHeading).toBeInViewport({ ratio: 1 })
  await expect(page.getByTestId('provider-obico-cloud')).toBeInViewport({ ratio: 1 })
  const lastRow = await rows.last().boundingBox()
  const heading = await linkHeading.boundingBox()
  expect(lastRow!.y + lastRow!.height).toBeLessThan(heading!.y)

  // The keyboard reaches the details: Enter opens them, with the identity and the actions.
  const zebbraRow = rows.filter({ hasText: zebbra.user.username })
  const toggle = zebbraRow.getByTestId('account-details-toggle')
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(zebbraRow.getByTestId('unlink-button')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')

  // A notice from main lands in the sidebar, clear of the screen and its forms, and closes.
  await page.getByTestId('provider-obico-cloud').click()
  harness.services.notify({ id: 'e2e-notice', level: 'error', message: 'A problem to read.' })
  const toast = page.getByTestId('toast').filter({ hasText: 'A problem to read.' })
  await expect(toast).toBeVisible()
  const toastBox = (await toast.boundingBox())!
  const mainBox = (await page.locator('main#main').boundingBox())!
  expect(toastBox.x + toastBox.width).toBeLessThanOrEqual(mainBox.x)
  await toast.getByTestId('toast-close').click()
  await expect(toast).toHaveCount(0)
  await page.getByTestId('provider-obico-cloud').click()

  // A clean picture: no toast from the demo link, focus off the rows.
  for (const close of await page.getByTestId('toast-close').all()) await close.click()
  await expect(page.getByTestId('toast')).toHaveCount(0)
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).focus()

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme)
    const name = `accounts-six-${scheme}.png`
    await page.screenshot({
      path: UPDATE_SCREENSHOTS ? resolve(REPO_ROOT, 'docs/images', name) : testInfo.outputPath(name)
    })
  }

  expect(pageErrors).toEqual([])
  expect(consoleErrors).toEqual([])
})
