/**
 * Page module for the Accounts screen of the app page: locators by test id (documented at the top
 * of src/renderer/src/features/accounts/AccountsScreen.tsx) and the actions a user takes there.
 */
import { expect, type Locator, type Page } from '@playwright/test'

/** One provider's link form. */
export class ProviderForm {
  readonly root: Locator
  readonly serverUrl: Locator
  /** "Use a different server" on hosted profiles (a button with `aria-expanded`). */
  readonly otherServerToggle: Locator
  readonly httpWarning: Locator
  readonly redirectGuide: Locator
  readonly redirectUri: Locator
  readonly registerUrl: Locator
  readonly clientId: Locator
  readonly clientSecret: Locator
  readonly apiServer: Locator
  /** "Advanced: redirect URI" (a button with `aria-expanded`) and the override field inside it. */
  readonly redirectToggle: Locator
  readonly redirectOverride: Locator
  readonly linkButton: Locator
  /** The form's own error line (`link-error`), in plain words with `data-code`. */
  readonly error: Locator

  constructor(
    readonly page: Page,
    readonly key: string
  ) {
    this.root = page.getByTestId(`provider-form-${key}`)
    this.serverUrl = this.root.getByTestId('server-url-input')
    this.otherServerToggle = this.root.getByRole('button', { name: 'Use a different server' })
    this.httpWarning = this.root.getByTestId('http-warning')
    this.redirectGuide = this.root.getByTestId('redirect-guide')
    this.redirectUri = this.root.getByTestId('redirect-uri')
    this.registerUrl = this.root.getByTestId('register-url')
    this.clientId = this.root.getByTestId('client-id-input')
    this.clientSecret = this.root.getByTestId('client-secret-input')
    this.apiServer = this.root.getByTestId('api-server-input')
    this.redirectToggle = this.root.getByRole('button', { name: 'Advanced: redirect URI' })
    this.redirectOverride = this.root.getByTestId('redirect-override-input')
    this.linkButton = this.root.getByTestId('link-button')
    this.error = this.root.getByTestId('link-error')
  }

  /** Opens the self-hosted Obico registration guide (a `<details>`). */
  async openRedirectGuide(): Promise<void> {
    await this.redirectGuide.locator('summary').click()
    await expect(this.redirectGuide).toHaveAttribute('open', '')
  }

  /**
   * Points a hosted profile at another server like a user would: opens "Use a different server",
   * types the address and leaves the field. Checks the address is accepted.
   */
  async useOtherServer(url: string): Promise<void> {
    await expect(this.serverUrl).toHaveCount(0)
    await expect(this.otherServerToggle).toHaveAttribute('aria-expanded', 'false')
    await this.otherServerToggle.click()
    await expect(this.otherServerToggle).toHaveAttribute('aria-expanded', 'true')
    await this.serverUrl.fill(url)
    await this.serverUrl.blur()
    await expect(this.serverUrl).not.toHaveAttribute('aria-invalid', 'true')
  }

  /**
   * Overrides the redirect like a user would: opens "Advanced: redirect URI", types the URI and
   * leaves the field. Checks the form accepts it.
   */
  async useRedirect(uri: string): Promise<void> {
    await expect(this.redirectToggle).toHaveAttribute('aria-expanded', 'false')
    await this.redirectToggle.click()
    await expect(this.redirectToggle).toHaveAttribute('aria-expanded', 'true')
    await this.redirectOverride.fill(uri)
    await this.redirectOverride.blur()
    await expect(this.redirectOverride).not.toHaveAttribute('aria-invalid', 'true')
  }

  /** "Link with browser". */
  async link(): Promise<void> {
    await this.linkButton.click()
  }
}

/** A link waiting for approval in the browser ("Linking in progress"). */
export class PendingLink {
  readonly root: Locator
  readonly status: Locator
  readonly authUrl: Locator
  readonly callbackInput: Locator
  readonly completeButton: Locator
  readonly cancelButton: Locator
  readonly error: Locator

  constructor(page: Page) {
    this.root = page.getByTestId('pending-link')
    this.status = this.root.getByTestId('pending-status')
    this.authUrl = this.root.getByTestId('auth-url')
    this.callbackInput = this.root.getByTestId('callback-url-input')
    this.completeButton = this.root.getByTestId('complete-link-button')
    this.cancelButton = this.root.getByTestId('cancel-link-button')
    this.error = this.root.getByTestId('link-error')
  }

  /** The paste-the-callback fallback. */
  async pasteCallback(url: string): Promise<void> {
    await this.callbackInput.fill(url)
    await this.completeButton.click()
  }
}

/** One linked account's row. */
export class AccountCard {
  readonly state: Locator
  readonly unlinkButton: Locator

  constructor(
    readonly page: Page,
    readonly root: Locator
  ) {
    this.state = root.getByTestId('account-state')
    this.unlinkButton = root.getByTestId('unlink-button')
  }

  /** The account id main gave the card (not a secret: provider, server and user id). */
  async accountId(): Promise<string> {
    const id = await this.root.getAttribute('data-account-id')
    if (!id) throw new Error('account card has no data-account-id')
    return id
  }

  /** Opens the row's details (Re-link, Unlink, identity) unless they are open already. */
  async openDetails(): Promise<void> {
    const toggle = this.root.getByTestId('account-details-toggle')
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  }

  /** Details → Unlink → the confirmation dialog → confirm. */
  async unlink(): Promise<void> {
    await this.openDetails()
    await this.unlinkButton.click()
    const dialog = this.page.getByTestId('unlink-dialog')
    await expect(dialog).toBeVisible()
    await dialog.getByTestId('confirm-unlink').click()
  }
}

/** The Accounts screen. */
export class AccountsScreen {
  readonly pending: PendingLink
  readonly pendingSection: Locator
  readonly cards: Locator
  readonly empty: Locator

  constructor(readonly page: Page) {
    this.pending = new PendingLink(page)
    this.pendingSection = page.getByTestId('pending-section')
    this.cards = page.getByTestId('account-card')
    this.empty = page.getByTestId('accounts-empty')
  }

  /** From a fresh app page: skips the welcome screen, then opens Accounts from the main menu. */
  static async open(page: Page): Promise<AccountsScreen> {
    await page.getByTestId('first-run-skip').click()
    const item = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Accounts', exact: true })
    await item.click()
    await expect(page.locator('main#main')).toHaveAttribute('data-screen', 'accounts')
    const screen = new AccountsScreen(page)
    await expect(screen.empty).toBeVisible()
    return screen
  }

  /** Opens a provider's disclosure and returns its form. */
  async openProvider(key: string): Promise<ProviderForm> {
    const toggle = this.page.getByTestId(`provider-${key}`)
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    const form = new ProviderForm(this.page, key)
    await expect(form.root).toBeVisible()
    return form
  }

  /** The card whose text mentions `text` (an email, a name). */
  card(text: string): AccountCard {
    return new AccountCard(this.page, this.cards.filter({ hasText: text }))
  }
}
