import { useEffect, useMemo, type ReactNode } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ScreenHeading } from '../../components/ScreenHeading'
import { errorText } from '../../lib/error-text'
import { useAccountsStore } from '../../stores/accounts-store'
import { startClock } from '../../stores/clock-store'
import { navigate } from '../../stores/navigation-store'
import {
  startWatchingPrinters,
  stopWatchingPrinters,
  usePrintersStore
} from '../../stores/printers-store'
import { Dashboard } from './Dashboard'
import { PrintHistory } from './PrintHistory'
import { PrinterPage } from './PrinterPage'

/**
 * Printers: the dashboard, a printer's page, or print history. While this screen is open the page
 * watches printers (main polls every 5 s and pushes changes); leaving it ends the watch, and main
 * falls back to its slow rate.
 *
 * Test ids: `printers-empty`, `printers-go-accounts`, `printers-loading`, `printers-failed`.
 */
export function PrintersScreen(): ReactNode {
  // Select the stable array, filter outside: a selector returning a new array would re-render forever.
  const accounts = useAccountsStore((s) => s.accounts.value)
  const obicoAccounts = useMemo(() => accounts.filter((a) => a.provider === 'obico'), [accounts])
  const hasAccounts = obicoAccounts.length > 0
  const accountsLoaded = useAccountsStore((s) => s.status.kind !== 'loading')
  const status = usePrintersStore((s) => s.status)
  const page = usePrintersStore((s) => s.page)
  const printerCount = usePrintersStore((s) => s.ids.length)

  // Watches once an Obico account is known (not while the app starts on another screen).
  // The bridge starts the watch at launch, before accounts are known; leaving the screen always
  // ends it, whoever started it.
  useEffect(() => () => void stopWatchingPrinters(), [])
  useEffect(() => {
    if (!hasAccounts) return
    void startWatchingPrinters()
    const stopClock = startClock()
    return () => {
      stopClock()
      void stopWatchingPrinters()
    }
  }, [hasAccounts])

  if (page.kind === 'printer') return <PrinterPage printerId={page.printerId} />
  if (page.kind === 'history')
    return <PrintHistory accountId={page.accountId} printerId={page.printerId} />

  return (
    <>
      <ScreenHeading lead="Live status of the printers in your Obico accounts.">
        Printers
      </ScreenHeading>
      {!hasAccounts && !accountsLoaded ? (
        <p role="status" aria-busy="true" data-testid="printers-loading">
          Reading your printers…
        </p>
      ) : !hasAccounts ? (
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
      ) : status.kind === 'failed' ? (
        <div className="error-box" role="alert" data-testid="printers-failed">
          <p>Printers could not be loaded. {errorText(status.error)}</p>
          <button type="button" className="button" onClick={() => void startWatchingPrinters()}>
            Try again
          </button>
        </div>
      ) : status.kind !== 'ready' && printerCount === 0 ? (
        <p role="status" aria-busy="true" data-testid="printers-loading">
          Reading your printers…
        </p>
      ) : (
        <Dashboard />
      )}
    </>
  )
}
