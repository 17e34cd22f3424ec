import { useEffect, useRef, type ReactNode } from 'react'
import type { AccountSummary, ProviderOption } from '@shared/models/account'
import type { ProviderPage } from '@shared/models/provider-page'
import { assertNever } from '@shared/assert-never'
import { errorText } from '../../lib/error-text'
import {
  profileForAccount,
  signInWithPassword,
  startLink,
  useAccountsStore
} from '../../stores/accounts-store'
import { formatWhen } from '../accounts/account-text'
import { PasswordForm } from '../accounts/PasswordForm'
import { PendingLinkPanel } from '../accounts/PendingLinkPanel'
import { OctobluPageBody } from './OctobluPageBody'
import { OmniportPageBody } from './OmniportPageBody'
import { useProviderPage } from './use-provider-page'
import { ZebbraPageBody } from './ZebbraPageBody'

interface Props {
  account: AccountSummary
  providers: ProviderOption[]
  onBack: () => void
}

/**
 * One linked account's page (issue 13), opened from its row in Accounts: what the service holds
 * for the user, refreshed while open. When the server is unreachable or the token dead, the last
 * data stays on screen greyed, under a notice that says why and offers the way out (re-link, or
 * Zebbra's sign-in prompt: Zebbra has no refresh, providers.md §4.2).
 *
 * Test ids: `provider-page` (attributes `data-provider`, `data-status`), `page-back`,
 * `page-refresh`, `page-status`, `page-read-at`, `page-data` (attribute `data-stale`),
 * `page-relink`, `page-sign-in`; the bodies add their own.
 */
export function ProviderPageView({ account, providers, onBack }: Props): ReactNode {
  const handle = useProviderPage(account.id)
  const { page } = handle
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const stale = page !== undefined && page.status !== 'ready'

  // Linked again (browser re-link, or Zebbra's sign-in below): read the page at once.
  const { refresh } = handle
  const previousState = useRef(account.state)
  useEffect(() => {
    const before = previousState.current
    previousState.current = account.state
    if (before !== 'linked' && account.state === 'linked') void refresh()
  }, [account.state, account.linkedAt, refresh])

  return (
    <section
      className="provider-page"
      aria-labelledby="provider-page-title"
      data-testid="provider-page"
      data-provider={account.provider}
      data-status={page?.status ?? 'loading'}
    >
      <div className="page-toolbar">
        <button
          type="button"
          className="button ghost small"
          onClick={onBack}
          data-testid="page-back"
        >
          ← Accounts
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => void handle.refresh()}
          disabled={handle.refreshing}
          data-testid="page-refresh"
        >
          {handle.refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <h2 id="provider-page-title" ref={heading} tabIndex={-1}>
        {account.displayName} <span className="page-provider">{account.providerLabel}</span>
      </h2>
      <p className="hint" aria-live="polite" data-testid="page-read-at">
        {page?.readAt
          ? `Read ${formatWhen(page.readAt)}; refreshed every 30 seconds while open.`
          : ''}
      </p>
      {handle.error && (
        <p className="error-text" role="alert">
          {errorText(handle.error)}
        </p>
      )}
      {page === undefined && !handle.error && (
        <p className="hint" role="status" data-testid="page-status">
          Reading {account.providerLabel}…
        </p>
      )}
      {page && page.status !== 'ready' && (
        <StatusNotice page={page} account={account} providers={providers} />
      )}
      {page?.data && (
        <div
          className={stale ? 'page-data stale' : 'page-data'}
          data-testid="page-data"
          data-stale={stale}
          aria-describedby={stale ? 'page-status-text' : undefined}
        >
          <PageBody page={page} account={account} onChanged={handle.apply} disabled={stale} />
        </div>
      )}
    </section>
  )
}

function PageBody(props: {
  page: ProviderPage
  account: AccountSummary
  disabled: boolean
  onChanged: Parameters<typeof OctobluPageBody>[0]['onChanged']
}): ReactNode {
  const data = props.page.data!
  switch (data.provider) {
    case 'octoblu':
      return (
        <OctobluPageBody
          accountId={props.account.id}
          data={data}
          disabled={props.disabled}
          onChanged={props.onChanged}
        />
      )
    case 'omniport':
      return <OmniportPageBody data={data} />
    case 'zebbra':
      return <ZebbraPageBody data={data} />
    default:
      return assertNever(data, 'page provider')
  }
}

/** Why the page is not fresh, and the way out. */
function StatusNotice(props: {
  page: ProviderPage
  account: AccountSummary
  providers: ProviderOption[]
}): ReactNode {
  const { page, account } = props
  const profile = profileForAccount(account, props.providers)
  const busy = useAccountsStore((s) => s.busy[account.id] ?? s.busy[profile?.key ?? ''])
  const linkError = useAccountsStore((s) => s.errors[account.id] ?? s.errors[profile?.key ?? ''])
  // A re-link started here waits in the browser: its status and paste-the-address fallback show here.
  const pending = useAccountsStore((s) => s.pending[account.id])
  const kept = page.data ? ' The last data Printdock read is shown greyed below.' : ''
  const title = {
    loading: 'Reading…',
    ready: '',
    unreachable: 'The server did not answer.',
    'needs-relink': 'This account needs to be linked again.',
    'sign-in-needed': 'Sign in to Zebbra again.',
    failed: 'The answer could not be read.'
  }[page.status]
  return (
    <div
      className={
        page.status === 'unreachable' || page.status === 'failed' ? 'error-box' : 'notice-box'
      }
      role="alert"
      data-testid="page-status"
    >
      <p id="page-status-text">
        <strong>{title}</strong> {page.problem}
        {kept}
      </p>
      {pending && <PendingLinkPanel attempt={pending} autoFocus />}
      {page.status === 'needs-relink' && profile && !pending && (
        <button
          type="button"
          className="button primary"
          disabled={busy !== undefined}
          onClick={() =>
            void startLink({
              profileKey: profile.key,
              accountId: account.id,
              ...(profile.needsServerUrl ? { serverUrl: account.serverOrigin } : {})
            })
          }
          data-testid="page-relink"
        >
          {busy === 'starting' ? 'Opening your browser…' : 'Link again'}
        </button>
      )}
      {page.status === 'sign-in-needed' && profile && (
        <div data-testid="page-sign-in">
          <PasswordForm
            supportsRegistration={false}
            serverLabel={account.serverOrigin}
            disabled={busy !== undefined}
            busy={busy === 'signing-in'}
            onSubmit={(request) =>
              // The password goes to main once and is not kept (the form clears it first).
              signInWithPassword(
                { ...request, profileKey: profile.key, serverUrl: account.serverOrigin },
                account.id
              )
            }
          />
        </div>
      )}
      {linkError && (
        <p className="error-text" data-code={linkError.code}>
          {errorText(linkError)}
        </p>
      )}
    </div>
  )
}
