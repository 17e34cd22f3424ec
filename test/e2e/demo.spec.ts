/// <reference path="../../src/preload/index.d.ts" />
/**
 * "Try the demo" from the first-run screen, end to end in real Chromium: main starts the demo
 * Obico server in a child process (the app: a utility process), the "system browser" (a
 * Playwright page) shows that server's sign-in page with the demo credentials, the user signs in
 * and consents, the loopback redirect brings the code back, and the app shows the linked demo
 * account and, on the Printers screen, the demo server's printers. The demo server is the demo-only build of the Obico fake; the rest is the app's code.
 */
import { expect, test } from '@playwright/test'
import { startHarness } from '../harness'
import { LoopbackDonePage, ObicoBrowserPage } from './pages/consent-pages'

test('Try the demo links the demo Obico server through the real browser flow', async ({
  context
}) => {
  const harness = await startHarness({ context, env: {} })
  try {
    const { page, consoleErrors, pageErrors } = await harness.openApp()
    await page.getByTestId('first-run-demo').click()

    await expect.poll(() => harness.openedPages.length).toBe(1)
    const browserPage = harness.openedPages[0]!
    // The demo server is on this machine, on a port of its own.
    await expect(browserPage).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\//)
    // The demo's sign-in page says which credentials to use; the user reads them off the page.
    const username = (await browserPage.locator('#demo-username').textContent()) ?? ''
    const password = (await browserPage.locator('#demo-password').textContent()) ?? ''
    expect(username).toContain('@')
    expect(password.length).toBeGreaterThan(0)

    const obico = new ObicoBrowserPage(browserPage)
    await obico.signIn(username, password)
    await obico.expectConsent('Printdock')
    await obico.approve()
    await new LoopbackDonePage(browserPage).expectDone(new RegExp(username.replace('.', '\\.')))

    // Back in the app: the demo account is linked, with the demo user's email.
    await page.getByRole('button', { name: 'Accounts' }).click()
    const card = page.getByTestId('account-card').filter({ hasText: username })
    await expect(card).toBeVisible()
    await expect(card).toContainText('Linked')

    // Main holds a working credential for it: the real service answers an API call with it.
    const [account] = await harness.services.accountService.listAccounts()
    const printers = await harness.services.accountService.authorizedRequest(account!.id, {
      method: 'GET',
      url: '/api/v1/printers/'
    })
    expect(printers.status).toBe(200)
    const served = JSON.parse(printers.text) as { name: string }[]
    expect(served.length).toBeGreaterThan(0)

    // The Printers screen shows the demo server's printers as soon as the demo links: the account
    // appearing starts a read, without waiting for the next poll.
    await page.getByTestId('nav-printers').click()
    await expect(page.getByTestId('printer-card')).toHaveCount(served.length, { timeout: 10_000 })
    for (const { name } of served) {
      await expect(page.getByTestId('printer-card').filter({ hasText: name })).toBeVisible()
    }

    expect(pageErrors).toEqual([])
    expect(consoleErrors).toEqual([])
  } finally {
    await harness.close()
  }
})
