/**
 * Accounts: link, re-link and unlink accounts at Obico (cloud and self-hosted), Makeprintable,
 * Octoblu/Meshblu, Omniport, Zebbra and generic OAuth providers. Several accounts at once.
 *
 * Test ids (stable, used by renderer and end-to-end tests):
 * - `accounts-status`                 loading / failure message of the lists
 * - `pending-section`                 "Linking in progress" section (new links and the demo)
 * - `pending-link`                    one waiting link: status text, URL, paste field, Cancel
 *   - `pending-status`                "Waiting for you to approve in your browser…"
 *   - `auth-url`, `copy-auth-url`     the authorization URL and its Copy button
 *   - `callback-url-input`, `complete-link-button`   paste-the-callback fallback
 *   - `cancel-link-button`            Cancel linking
 * - `accounts-empty`                  no linked accounts yet
 * - `storage-notice`                  where sign-ins are kept, once for the whole screen
 * - `account-card`                    one linked account's row (attribute `data-account-id`)
 *   - `account-state`                 state badge (Linked / Linking / Needs re-link / Unreachable)
 *   - `account-server`                the server (host; `http://` kept) on the line under the name
 *   - `account-name-server`           the server added to the heading for screen readers, when
 *                                     another account has the same name
 *   - `account-demo`                  "Demo" on the account of "Try the demo"
 *   - `account-details-toggle` (`aria-expanded`), `account-details`   details on demand
 *   - `account-storage-note`          only when this account's secret is kept elsewhere than the
 *                                     screen's notice says (memory → signed out on quit)
 *   - `relink-button`, `unlink-button`  inside the details
 *   - `open-page-button`              Octoblu, Omniport, Zebbra: opens the account's page, which
 *                                     replaces the screen until its `page-back` (features/provider-pages)
 *   - `redirect-toggle`, `redirect-override-input`   redirect override for Re-link (OAuth accounts)
 * - `unlink-dialog`, `confirm-unlink` the unlink confirmation and its confirm button
 * - `provider-<key>`                  provider disclosure button, e.g. `provider-obico-cloud`
 * - `provider-form-<key>`             that provider's link form
 *   - `server-url-input` (+ `server-url-input-error`), `http-warning`, `client-id-input`,
 *     `client-secret-input`, `api-server-input` (Octoblu's Meshblu host)
 *   - `other-server-toggle` (`aria-expanded`), `other-server-panel`, `default-server-note`
 *     "Use a different server" on hosted profiles; `server-url-input` lives inside the panel
 *   - `redirect-guide`, `redirect-uri`, `register-url`, `copy-redirect-uri`   self-hosted Obico guide
 *   - `authorize-url-input`, `token-url-input`, `revoke-url-input`, `scopes-input`   generic OAuth
 *   - `redirect-toggle` (`aria-expanded`, "Advanced: redirect URI"), `redirect-panel`,
 *     `redirect-override-input` (+ `-error`), `redirect-explainer`   OAuth forms only
 *   - `link-button`                   Link with browser
 *   - `token-input`, `link-with-token-button`       paste an access token
 *   - `api-key-input`, `link-with-api-key-button`   use an API key
 *   - `username-input`, `password-input`, `sign-in-button`, `mode-sign-in`, `mode-register`,
 *     `first-name-input`, `last-name-input`, `email-input`   password sign-in (Zebbra)
 *   - `client-id-notice`              why the form asks for a client ID (no built-in one)
 *   - `client-id-source`              where Makeprintable/Octoblu/Omniport hand out client IDs
 *   - `copy-register-url`, `support-route`, `guide-value-*`   Obico registration guide
 *   - `pending-note`                  this provider's link waits for the browser
 * - `jump-to-link`                    "Link an account" at the top (with accounts listed)
 * - `provider-summary-<key>`          a provider's description (says when its link waits)
 * - `link-error`                      a link/unlink failure in plain words (attribute `data-code`)
 */
import { useMemo, useState, type ReactNode } from 'react'
import { hasProviderPage } from '@shared/models/provider-page'
import { ScreenHeading } from '../../components/ScreenHeading'
import { errorText } from '../../lib/error-text'
import { loadAccounts, useAccountsStore } from '../../stores/accounts-store'
import { useSettingsStore } from '../../stores/settings-store'
import { AccountCard } from './AccountCard'
import { lookAlikeIds } from './account-names'
import { storageNotice } from './account-text'
import { PendingLinkPanel } from './PendingLinkPanel'
import {
  LINK_SECTION_HEADING_ID,
  LinkAccountSection,
  likelyProviderKey
} from './LinkAccountSection'
import { ProviderPageView } from '../provider-pages/ProviderPageView'

/** The Accounts screen. */
export function AccountsScreen(): ReactNode {
  const status = useAccountsStore((s) => s.status)
  const accounts = useAccountsStore((s) => s.accounts.value)
  const providers = useAccountsStore((s) => s.providers)
  const pendingByScope = useAccountsStore((s) => s.pending)
  const secretStorage = useSettingsStore((s) => s.appInfo?.secretStorage)
  // undefined until the user opens or closes one: then the likely choice (Obico) is shown open.
  const [openKey, setOpenKey] = useState<string | null | undefined>(undefined)
  const shownKey = openKey === undefined ? likelyProviderKey(providers) : openKey
  const lookAlikes = useMemo(() => lookAlikeIds(accounts), [accounts])
  const [pageFor, setPageFor] = useState<string | null>(null)
  const pageAccount = accounts.find((account) => account.id === pageFor)

  // New links and the demo; re-links show inside their account's card.
  const accountIds = useMemo(() => new Set(accounts.map((a) => a.id)), [accounts])
  const pending = useMemo(
    () => Object.values(pendingByScope).filter((p) => !p.accountId || !accountIds.has(p.accountId)),
    [pendingByScope, accountIds]
  )

  /** Opens a provider's form and moves focus to its toggle (the toggle exists open or closed). */
  const openProvider = (key: string): void => {
    setOpenKey(key)
    document.querySelector<HTMLElement>(`[data-testid="provider-${key}"]`)?.focus()
  }

  if (pageAccount) {
    const closePage = (): void => {
      setPageFor(null)
      // Back where the user left: the row's button that opened the page.
      requestAnimationFrame(() => {
        const rows = document.querySelectorAll<HTMLElement>('[data-testid="account-card"]')
        const row = [...rows].find((candidate) => candidate.dataset.accountId === pageAccount.id)
        row?.querySelector<HTMLElement>('[data-testid="open-page-button"]')?.focus()
      })
    }
    return <ProviderPageView account={pageAccount} providers={providers} onBack={closePage} />
  }

  return (
    <>
      <ScreenHeading lead="Link the services your printers, files and repairs live in. Several accounts at once are fine.">
        Accounts
      </ScreenHeading>
      {accounts.length > 0 && (
        <p>
          <button
            type="button"
            className="button primary"
            onClick={() => jumpToLinkSection(shownKey)}
            data-testid="jump-to-link"
          >
            Link an account
          </button>
        </p>
      )}
      {secretStorage && (
        <p
          className={secretStorage.kind === 'memory' ? 'storage-banner warning' : 'storage-banner'}
          data-testid="storage-notice"
        >
          {storageNotice(secretStorage)}
        </p>
      )}

      {pending.length > 0 && (
        <section className="section" data-testid="pending-section" aria-labelledby="pending-title">
          <h2 id="pending-title">Linking in progress</h2>
          {pending.map((attempt) => (
            <PendingLinkPanel key={attempt.attemptId} attempt={attempt} autoFocus />
          ))}
        </section>
      )}

      <section className="section" aria-labelledby="linked-title">
        <h2 id="linked-title" tabIndex={-1}>
          Linked accounts
        </h2>
        {status.kind === 'loading' && (
          <p className="hint" role="status" data-testid="accounts-status">
            Loading accounts…
          </p>
        )}
        {status.kind === 'failed' && (
          <div className="error-box" role="alert" data-testid="accounts-status">
            <p>Accounts could not be loaded. {errorText(status.error)}</p>
            <button type="button" className="button" onClick={() => void loadAccounts()}>
              Try again
            </button>
          </div>
        )}
        {status.kind === 'ready' && accounts.length === 0 && (
          <p className="hint" data-testid="accounts-empty">
            No accounts linked yet. Pick a service below to link your first one.
          </p>
        )}
        {accounts.length > 0 && (
          <ul className="account-list">
            {accounts.map((account) => (
              <AccountCard
                key={account.id}
                account={account}
                providers={providers}
                lookAlike={lookAlikes.has(account.id)}
                screenStorage={secretStorage?.kind}
                onOpenProvider={openProvider}
                onOpenPage={
                  hasProviderPage(account.provider) ? () => setPageFor(account.id) : undefined
                }
              />
            ))}
          </ul>
        )}
      </section>

      <LinkAccountSection
        providers={providers}
        openKey={shownKey}
        onToggle={(key) => setOpenKey(shownKey === key ? null : key)}
        pendingByScope={pendingByScope}
        ready={status.kind === 'ready'}
      />
    </>
  )
}

/**
 * Brings "Link an account" into view past however many accounts are listed, and moves focus to
 * the open provider's toggle (or the section heading), so keyboard users land where they act.
 */
function jumpToLinkSection(openKey: string | null): void {
  const heading = document.getElementById(LINK_SECTION_HEADING_ID)
  // Focus alone scrolls too, but to the toggle; the heading at the top shows the whole list.
  heading?.scrollIntoView?.({ block: 'start' })
  const toggle = openKey
    ? document.querySelector<HTMLElement>(`[data-testid="provider-${openKey}"]`)
    : null
  ;(toggle ?? heading)?.focus()
}

export default AccountsScreen
