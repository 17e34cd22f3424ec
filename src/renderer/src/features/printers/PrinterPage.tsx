import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { ScreenHeading } from '../../components/ScreenHeading'
import { focusScreenHeading } from '../../stores/navigation-store'
import { openHistory, showDashboard, usePrintersStore } from '../../stores/printers-store'
import { AccountBanner } from './AccountBanner'
import { hasCurrentPrint } from './format'
import { AlertPanel, CommandButtons } from './PrinterActions'
import {
  CommandNoteView,
  FailureDetectionView,
  JobDetails,
  StateBadge,
  Temperatures,
  useCommandNote
} from './PrinterParts'
import { PrinterNotificationSwitch } from './NotificationSwitches'
import { PrinterSettingsForm } from './PrinterSettingsForm'
import { SnapshotView } from './SnapshotView'
import { LastSeen } from './TimeText'

// uPlot is only needed here: a separate chunk, fetched the first time a printer page opens.
const TemperatureChart = lazy(() => import('./TemperatureChart'))

/**
 * One printer: a larger snapshot, everything the card shows, the temperature chart since Printdock
 * opened, and the settings Obico lets a client change. Opened from a card, or by clicking a
 * desktop notification about the printer.
 */
export function PrinterPage({ printerId }: { printerId: string }): ReactNode {
  const printer = usePrintersStore((s) => s.byId[printerId])
  const loaded = usePrintersStore((s) => s.status.kind === 'ready')
  const note = useCommandNote(printer)

  // Land keyboard and screen-reader users on the page's heading.
  useEffect(() => focusScreenHeading(), [printerId])

  const back = (
    <button
      type="button"
      className="button ghost small back"
      onClick={showDashboard}
      data-testid="printer-back"
    >
      ← All printers
    </button>
  )
  if (!printer) {
    return (
      <>
        {back}
        <ScreenHeading>Printer</ScreenHeading>
        <p role="status">
          {loaded ? 'This printer is no longer in your accounts.' : 'Reading your printers…'}
        </p>
      </>
    )
  }
  const greyed = printer.stale || printer.state === 'offline'
  return (
    <div
      className={`printer-page${greyed ? ' greyed' : ''}`}
      data-testid="printer-page"
      data-printer-id={printerId}
      data-state={printer.state}
    >
      {back}
      <ScreenHeading lead={<StateBadge state={printer.state} />}>{printer.name}</ScreenHeading>
      <AccountBanner accountId={printer.accountId} />
      {greyed && (
        <p className="hint" data-testid="printer-last-seen">
          Last seen <LastSeen iso={printer.lastSeen} />
        </p>
      )}
      {printer.errorText && <p className="error-text">{printer.errorText}</p>}
      <AlertPanel printer={printer} />
      <div className="printer-page-grid">
        <SnapshotView
          printerId={printerId}
          printerName={printer.name}
          hasSnapshot={printer.hasSnapshot}
          snapshotKey={printer.snapshotKey}
          large
        />
        <div className="printer-page-facts">
          {printer.job && hasCurrentPrint(printer.state) ? (
            <JobDetails printerId={printerId} />
          ) : (
            <p className="hint">
              {printer.state === 'idle' ? 'Ready for a print.' : (printer.stateText ?? '')}
            </p>
          )}
          <Temperatures printerId={printerId} />
          {printer.state !== 'offline' && <FailureDetectionView printerId={printerId} />}
          <CommandNoteView note={note} />
          <CommandButtons printer={printer} />
        </div>
      </div>
      <Suspense fallback={<p className="hint">Loading the chart…</p>}>
        <TemperatureChart
          printerId={printerId}
          printerName={printer.name}
          revision={printer.revision}
        />
      </Suspense>
      <p>
        <button
          type="button"
          className="button"
          onClick={() => openHistory(printer.accountId, printerId)}
          data-testid="printer-history"
        >
          Print history of {printer.name}
        </button>
      </p>
      <p>
        <PrinterNotificationSwitch printerId={printerId} printerName={printer.name} />
      </p>
      {/* Keyed by the saved settings: a change from elsewhere resets the form to what is saved. */}
      <PrinterSettingsForm key={JSON.stringify(printer.settings)} printer={printer} />
    </div>
  )
}
