/**
 * Page modules for the providers' own pages that the app opens in the "system browser" (a
 * Playwright page opened by the harness's BrowserLauncher twin): sign-in, consent, and the
 * loopback listener's closing page.
 */
import { expect, type Page } from '@playwright/test'

/** The custom scheme the app registers with the OS (docs/decisions/0004). */
const APP_SCHEME = 'printdock:'

/**
 * Runs `action` and returns the `printdock://…` address the provider redirected to.
 *
 * Chromium cannot open the custom scheme (no OS handler here), just as a browser hands it to the OS
 * instead of loading it, so the address is read from the redirect's Location header.
 */
export async function captureAppSchemeRedirect(
  page: Page,
  action: () => Promise<void>
): Promise<string> {
  const redirect = page.waitForResponse((response) =>
    (response.headers()['location'] ?? '').startsWith(APP_SCHEME)
  )
  await action()
  const location = (await redirect).headers()['location']
  if (!location) throw new Error('the redirect lost its Location header')
  return location
}

/** Obico (django-allauth login + django-oauth-toolkit consent, test/fakes/obico/pages.ts). */
export class ObicoBrowserPage {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign In' })).toBeVisible()
    await this.page.getByLabel('Email').fill(email)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Sign In' }).click()
  }

  /** Waits for "Authorize <app>?". */
  async expectConsent(appName: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: `Authorize ${appName}?` })).toBeVisible()
  }

  async approve(): Promise<void> {
    await this.page.getByRole('button', { name: 'Authorize' }).click()
  }

  /** DOT's Cancel: a submit without `allow`, which redirects with `error=access_denied`. */
  async deny(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel' }).click()
  }
}

/** Octoblu's sign-in and consent pages (test/fakes/octoblu/oauth-routes.ts). */
export class OctobluBrowserPage {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign in to Octoblu' })).toBeVisible()
    await this.page.getByLabel('Username').fill(username)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
  }

  async expectConsent(appName: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Authorize' })).toBeVisible()
    await expect(
      this.page.getByText(`${appName} would like to access your Octoblu account.`)
    ).toBeVisible()
  }

  async approve(): Promise<void> {
    await this.page.getByRole('button', { name: 'Allow' }).click()
  }
}

/** Makeprintable's sign-in and consent pages (test/fakes/makeprintable/oauth-routes.ts). */
export class MakeprintableBrowserPage {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await this.page.getByLabel('Email').fill(email)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
  }

  async expectConsent(appName: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Authorize application' })).toBeVisible()
    await expect(this.page.getByText(appName, { exact: true })).toBeVisible()
  }

  async approve(): Promise<void> {
    await this.page.getByRole('button', { name: 'Allow' }).click()
  }
}

/** The page Printdock's loopback listener answers the browser with (core/auth/loopback-listener.ts). */
export class LoopbackDonePage {
  constructor(readonly page: Page) {}

  /** The heading every finished attempt shows, and the listener's message. */
  async expectDone(message: string | RegExp): Promise<void> {
    await expect(
      this.page.getByRole('heading', { name: 'You can return to Printdock' })
    ).toBeVisible()
    await expect(this.page.locator('p').filter({ hasText: message })).toBeVisible()
  }
}
