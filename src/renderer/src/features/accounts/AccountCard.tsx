import { useId, useRef, useState, type ReactNode } from 'react'
import { assertNever } from '@shared/assert-never'
import type { AccountSummary, ProviderOption, SecretStorageKind } from '@shared/models/account'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { errorText } from '../../lib/error-text'
import {
  profileForAccount,
  startLink,
  unlinkAccount,
  useAccountsStore
} from '../../stores/accounts-store'
import { accountPlace, providerName, serverText } from './account-names'
import { credentialLabel, formatWhen, stateLabel, storageNote } from './account-text'
import { PendingLinkPanel } from './PendingLinkPanel'
import { RedirectDisclosure, useRedirectOverride } from './RedirectDisclosure'

interface Props {
  account: AccountSummary
  providers: ProviderOption[]
  /** Another account has the same name: the server goes next to the name to tell them apart. */
  lookAlike: boolean
  /** Where this app keeps sign-ins (the screen says it once); a different place is said here. */
  screenStorage: SecretStorageKind | undefined
  /** Opens the provider's link form (re-link for accounts that did not use the browser). */
  onOpenProvider: (profileKey: string) => void
  /** Opens the account's page (Octoblu, Omniport, Zebbra: issue 13); absent for the others. */
  onOpenPage?: () => void
}

/**
 * One linked account as a compact row: name, provider, server and state, with the details
 * (identity, how and when it was linked, Re-link, Unlink) behind a disclosure. Accounts that need
 * attention open their details by themselves; a re-link in progress and errors show in the row.
 */
export function AccountCard(props: Props): ReactNode {
  const { account, providers, onOpenProvider } = props
  const busy = useAccountsStore((s) => s.busy[account.id])
  const pending = useAccountsStore((s) => s.pending[account.id])
  const error = useAccountsStore((s) => s.errors[account.id])
  const [confirming, setConfirming] = useState(false)
  const [openChoice, setOpenChoice] = useState<boolean | null>(null)
  const row = useRef<HTMLLIElement>(null)
  const state = stateLabel(account.state)
  const profile = profileForAccount(account, providers)
  // useId, not the account id: ids hold URLs and spaces, which break IDREF lists.
  const headingId = useId()
  const detailsId = useId()
  const open = openChoice ?? account.state !== 'linked'
  const relinksInBrowser = account.credential === 'oauth' && profile?.supportsOAuth === true
  const redirect = useRedirectOverride(profile?.defaultRedirect ?? 'loopback', { relink: true })
  const server = serverText(account.serverOrigin)
  const storageDiffers =
    props.screenStorage !== undefined && account.storage !== props.screenStorage

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
    // Chosen now, while this row is still in the list: where focus goes once it is gone.
    const neighbour = neighbourRowId(row.current)
    // On failure the dialog closes too; the error shows in the row next to Unlink.
    const unlinked = await unlinkAccount(account.id)
    setConfirming(false)
    if (unlinked) focusAfterRemoval(neighbour)
  }

  return (
    <li
      ref={row}
      className={`account-row state-${account.state}`}
      data-testid="account-card"
      data-account-id={account.id}
      aria-labelledby={headingId}
    >
      <div className="account-summary">
        <div className="account-title">
          <h3 id={headingId} className="account-name">
            {account.displayName}
            {props.lookAlike && (
              // Heard, not seen: the line below shows the server; a list of headings needs it too.
              <span className="visually-hidden" data-testid="account-name-server">
                {` at ${server}`}
              </span>
            )}
            {account.demo && (
              <>
                {' '}
                <span className="tag" data-testid="account-demo">
                  Demo
                </span>
              </>
            )}
          </h3>
          <p className="account-where">
            <span className="account-provider">{providerName(account)}</span>
            {' · '}
            <span
              className={props.lookAlike ? 'account-server mono look-alike' : 'account-server mono'}
              data-testid="account-server"
            >
              {server}
            </span>
          </p>
        </div>
        <span className={`badge badge-${account.state}`} data-testid="account-state">
          <span aria-hidden="true">{state.symbol}</span> {state.text}
        </span>
        <button
          type="button"
          className="button ghost small details-toggle"
          aria-expanded={open}
          aria-controls={detailsId}
          aria-describedby={headingId}
          onClick={() => setOpenChoice(!open)}
          data-testid="account-details-toggle"
        >
          Details
          {/* Every row has one: the hidden words make each button's name its own. */}{' '}
          <span className="visually-hidden">of {account.displayName}</span>
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
        </button>
      </div>
      {storageDiffers && account.storage === 'memory' && (
        <p className="storage-note warning" data-testid="account-storage-note">
          {storageNote(account.storage)}
        </p>
      )}
      {pending && <PendingLinkPanel attempt={pending} autoFocus />}
      {error && (
        <p className="error-text" role="alert" data-testid="link-error" data-code={error.code}>
          {errorText(error)}
        </p>
      )}
      <div id={detailsId} className="account-details" hidden={!open} data-testid="account-details">
        {open && (
          <>
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
              {account.demo && ' The demo account goes away when Printdock quits.'}
            </p>
            {storageDiffers && account.storage !== 'memory' && (
              <p className="storage-note" data-testid="account-storage-note">
                {storageNote(account.storage)}
              </p>
            )}
            <div className="account-actions">
              {props.onOpenPage && (
                <button
                  type="button"
                  className="button"
                  onClick={props.onOpenPage}
                  aria-describedby={headingId}
                  data-testid="open-page-button"
                >
                  Open page
                </button>
              )}
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
          </>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Unlink ${account.displayName}${props.lookAlike ? ` at ${server}` : ''}?`}
          confirmLabel="Unlink"
          danger
          busy={busy === 'unlinking'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void confirmUnlink()}
          confirmTestId="confirm-unlink"
          testId="unlink-dialog"
        >
          <p>{unlinkConsequence(account)}</p>
          <p>Your printers and files stay on the server; you can link the account again later.</p>
        </ConfirmDialog>
      )}
    </li>
  )
}

/** What Unlink does to this account's credential, in one sentence. */
function unlinkConsequence(account: AccountSummary): string {
  const place = accountPlace(account)
  switch (account.credential) {
    case 'oauth':
    case 'password-grant':
      return `Printdock will revoke this account's token at ${place} where the server allows it, and forget it on this computer.`
    case 'pasted-token':
      return `Printdock will forget the access token you pasted. It stays valid at ${place} until you delete it there.`
    case 'api-key':
      return `Printdock will forget the API key. It stays valid at ${place} until you delete it there.`
    default:
      return assertNever(account.credential, 'credential kind')
  }
}

/** The id of the row after this one, or before it when it is the last; none when it is alone. */
function neighbourRowId(row: HTMLLIElement | null): string | undefined {
  const next = row?.nextElementSibling ?? row?.previousElementSibling
  return next instanceof HTMLElement ? next.dataset.accountId : undefined
}

/**
 * After an unlink the row and its Unlink button are gone: focus moves to the neighbouring row's
 * Details button, or to the list's heading when no account is left.
 */
function focusAfterRemoval(neighbourId: string | undefined): void {
  const rows = document.querySelectorAll<HTMLElement>('[data-testid="account-card"]')
  const neighbour = [...rows].find((candidate) => candidate.dataset.accountId === neighbourId)
  const target =
    neighbour?.querySelector<HTMLElement>('[data-testid="account-details-toggle"]') ??
    document.getElementById('linked-title')
  target?.focus()
}
