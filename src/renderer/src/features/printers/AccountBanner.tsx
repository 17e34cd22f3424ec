import type { ReactNode } from 'react'
import { navigate } from '../../stores/navigation-store'
import { refreshPrinters, usePrintersStore } from '../../stores/printers-store'
import { LastSeen } from './TimeText'

/**
 * Says when an account's printers are not current (it needs re-linking, or its server can't be
 * reached or answered nonsense), and leads to the fix. Its printers stay on screen, greyed.
 */
export function AccountBanner({ accountId }: { accountId: string }): ReactNode {
  const account = usePrintersStore((s) => s.accountsById[accountId])
  if (!account || account.status === 'ok') return null
  const name = `${account.displayName} (${account.providerLabel})`
  const lastRead = account.lastReadAt ? (
    <>
      {' '}
      Printers show what was last read <LastSeen iso={account.lastReadAt} />.
    </>
  ) : null
  const goToAccounts = (
    <button
      type="button"
      className="button small primary"
      onClick={() => navigate('accounts', { focusHeading: true })}
      data-testid="banner-go-accounts"
    >
      {account.status === 'needs-relink' ? 'Link again in Accounts' : 'Open Accounts'}
    </button>
  )
  return (
    <div className="account-banner warning" role="status" data-testid="account-banner">
      <p>
        {account.status === 'needs-relink' && (
          <>
            <strong>{name} needs to be linked again.</strong> Obico no longer accepts its sign-in.
          </>
        )}
        {account.status === 'unreachable' && (
          <>
            <strong>{name}&apos;s server can&apos;t be reached.</strong>{' '}
            {account.detail ?? 'Check your connection and the server address.'}
          </>
        )}
        {account.status === 'malformed-reply' && (
          <>
            <strong>{name}&apos;s server sent a reply Printdock could not read.</strong>{' '}
            {account.detail ?? ''}
          </>
        )}
        {lastRead}
      </p>
      <div className="inline-row">
        {account.status !== 'needs-relink' && (
          <button
            type="button"
            className="button small"
            onClick={() => void refreshPrinters()}
            data-testid="banner-retry"
          >
            Try again
          </button>
        )}
        {goToAccounts}
      </div>
    </div>
  )
}
