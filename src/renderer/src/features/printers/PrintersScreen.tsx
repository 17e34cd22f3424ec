import { useMemo, type ReactNode } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ScreenHeading } from '../../components/ScreenHeading'
import { useAccountsStore } from '../../stores/accounts-store'
import { navigate } from '../../stores/navigation-store'

/**
 * Printers. Printer status comes from Obico accounts; until that arrives this screen says plainly
 * what is there and what is not, and never shows made-up printers.
 *
 * Test ids: `printers-empty`, `printers-go-accounts`.
 */
export function PrintersScreen(): ReactNode {
  // Select the stable array, filter outside: a selector returning a new array would re-render forever.
  const accounts = useAccountsStore((s) => s.accounts.value)
  const obicoAccounts = useMemo(() => accounts.filter((a) => a.provider === 'obico'), [accounts])
  return (
    <>
      <ScreenHeading lead="Live status of the printers in your Obico accounts.">
        Printers
      </ScreenHeading>
      {obicoAccounts.length === 0 ? (
        <EmptyState
          title="No printers yet"
          testId="printers-empty"
          action={
            <button
              type="button"
              className="button primary"
              onClick={() => navigate('accounts', { focusHeading: true })}
              data-testid="printers-go-accounts"
            >
              Link an Obico account
            </button>
          }
        >
          <p>No printers yet — link an Obico account to see your printers.</p>
        </EmptyState>
      ) : (
        <EmptyState title="Printer status is on its way" testId="printers-empty">
          <p>
            {obicoAccounts.length === 1
              ? `Your Obico account ${obicoAccounts[0].displayName} is linked.`
              : `${obicoAccounts.length} Obico accounts are linked.`}{' '}
            Printdock does not show printer status yet; it will appear here in a coming version.
          </p>
        </EmptyState>
      )}
    </>
  )
}
