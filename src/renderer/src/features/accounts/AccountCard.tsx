import { useId, useState, type ReactNode } from 'react'
import type { AccountSummary, ProviderOption } from '@shared/models/account'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { errorText } from '../../lib/error-text'
import {
  profileForAccount,
  startLink,
  unlinkAccount,
  useAccountsStore
} from '../../stores/accounts-store'
import { credentialLabel, formatWhen, stateLabel, storageNote } from './account-text'
import { PendingLinkPanel } from './PendingLinkPanel'
import { RedirectDisclosure, useRedirectOverride } from './RedirectDisclosure'

interface Props {
  account: AccountSummary
  providers: ProviderOption[]
  /** Opens the provider's link form (re-link for accounts that did not use the browser). */
  onOpenProvider: (profileKey: string) => void
}

/**
 * One linked account: identity, state badge (text and symbol, not colour alone), where its secret
 * lives, and Re-link / Unlink. A re-link in progress shows its waiting panel inside the card.
 */
export function AccountCard({ account, providers, onOpenProvider }: Props): ReactNode {
  const busy = useAccountsStore((s) => s.busy[account.id])
  const pending = useAccountsStore((s) => s.pending[account.id])
  const error = useAccountsStore((s) => s.errors[account.id])
  const [confirming, setConfirming] = useState(false)
  const state = stateLabel(account.state)
  const profile = profileForAccount(account, providers)
  // useId, not the account id: ids hold URLs and spaces, which break IDREF lists.
  const headingId = useId()
  const relinksInBrowser = account.credential === 'oauth' && profile?.supportsOAuth === true
  const redirect = useRedirectOverride(profile?.defaultRedirect ?? 'loopback', { relink: true })

  const relink = (): void => {
    if (!profile) return
    if (!relinksInBrowser) {
      // Token, key and password accounts re-link by entering the secret again.
      onOpenProvider(profile.key)
      return
    }
    const redirectUri = redirect.forRequest()
    if (redirectUri === null) return
    void startLink({
      profileKey: profile.key,
      accountId: account.id,
      ...(profile.needsServerUrl ? { serverUrl: account.serverOrigin } : {}),
      ...(redirectUri ? { redirectUri } : {})
    })
  }

  const confirmUnlink = async (): Promise<void> => {
    // On failure the dialog closes too; the error shows in the card next to Unlink.
    const unlinked = await unlinkAccount(account.id)
    setConfirming(false)
    // The card (and the button that opened the dialog) is gone: land on the list's heading.
    if (unlinked) document.getElementById('linked-title')?.focus()
  }

  return (
    <li
      className={`account-card state-${account.state}`}
      data-testid="account-card"
      data-account-id={account.id}
      aria-labelledby={headingId}
    >
      <div className="account-head">
        <div>
          <h3 id={headingId} className="account-name">
            {account.displayName}
          </h3>
          <p className="account-provider">
            {account.providerLabel} · <span className="mono">{account.serverOrigin}</span>
          </p>
        </div>
        <span className={`badge badge-${account.state}`} data-testid="account-state">
          <span aria-hidden="true">{state.symbol}</span> {state.text}
        </span>
      </div>
      {account.stateDetail && <p className="state-detail">{account.stateDetail}</p>}
      {account.identity.length > 0 && (
        <dl className="identity">
          {account.identity.map((field) => (
            <div key={`${field.label}:${field.value}`} className="identity-row">
              <dt>{field.label}</dt>
              <dd>{field.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="account-meta">
        {credentialLabel(account.credential)} on {formatWhen(account.linkedAt)}.
      </p>
      <p
        className={account.storage === 'memory' ? 'storage-note warning' : 'storage-note'}
        data-testid="account-storage-note"
      >
        {storageNote(account.storage)}
      </p>
      {pending && <PendingLinkPanel attempt={pending} autoFocus />}
      {error && (
        <p className="error-text" role="alert" data-testid="link-error" data-code={error.code}>
          {errorText(error)}
        </p>
      )}
      <div className="account-actions">
        {!pending && (
          <button
            type="button"
            className={account.state === 'needs-relink' ? 'button primary' : 'button'}
            onClick={relink}
            disabled={busy !== undefined || !profile}
            aria-describedby={headingId}
            data-testid="relink-button"
          >
            {busy === 'starting' ? 'Opening your browser…' : 'Re-link'}
          </button>
        )}
        <button
          type="button"
          className="button danger-outline"
          onClick={() => setConfirming(true)}
          disabled={busy === 'unlinking'}
          aria-describedby={headingId}
          data-testid="unlink-button"
        >
          {busy === 'unlinking' ? 'Unlinking…' : 'Unlink'}
        </button>
      </div>
      {relinksInBrowser && !pending && <RedirectDisclosure state={redirect} />}
      {confirming && (
        <ConfirmDialog
          title={`Unlink ${account.displayName}?`}
          confirmLabel="Unlink"
          danger
          busy={busy === 'unlinking'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void confirmUnlink()}
          confirmTestId="confirm-unlink"
          testId="unlink-dialog"
        >
          <p>
            Printdock will revoke this account's token at {account.providerLabel} (
            <span className="mono">{account.serverOrigin}</span>) and forget it on this computer.
          </p>
          <p>Your printers and files stay on the server; you can link the account again later.</p>
        </ConfirmDialog>
      )}
    </li>
  )
}
