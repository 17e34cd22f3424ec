import type { ReactNode } from 'react'
import { PRINTER_EVENT_KINDS, type PrinterEventKind } from '@shared/models/printer'
import {
  printersStore,
  updatePrinterPreferences,
  usePrintersStore
} from '../../stores/printers-store'

const KIND_LABEL: Record<PrinterEventKind, string> = {
  finished: 'A print finished',
  failed: 'A print failed',
  cancelled: 'A print was cancelled',
  alert: 'Failure detection raised an alert',
  'offline-mid-print': 'A printer went offline while printing'
}

/**
 * Which happenings get a desktop notification, for every printer. Main decides and shows them;
 * these switches are its preferences (`printers:update-preferences`).
 */
export function NotificationKindSwitches(): ReactNode {
  const notify = usePrintersStore((s) => s.preferences.notify)
  return (
    <details className="notification-switches" data-testid="notification-switches">
      <summary>Desktop notifications</summary>
      <fieldset>
        <legend className="visually-hidden">Notify me when</legend>
        {PRINTER_EVENT_KINDS.map((kind) => (
          <label key={kind} className="checkbox-row">
            <input
              type="checkbox"
              checked={notify[kind]}
              onChange={(e) =>
                void updatePrinterPreferences({ notify: { [kind]: e.target.checked } })
              }
              data-testid={`notify-${kind}`}
            />{' '}
            {KIND_LABEL[kind]}
          </label>
        ))}
      </fieldset>
    </details>
  )
}

/** One printer's notifications on or off (the printer page). */
export function PrinterNotificationSwitch({
  printerId,
  printerName
}: {
  printerId: string
  printerName: string
}): ReactNode {
  const muted = usePrintersStore((s) => s.preferences.mutedPrinters.includes(printerId))
  return (
    <label className="checkbox-row">
      <input
        type="checkbox"
        checked={!muted}
        onChange={(e) => {
          const current = printersStore.getState().preferences.mutedPrinters
          const next = e.target.checked
            ? current.filter((id) => id !== printerId)
            : [...current.filter((id) => id !== printerId), printerId]
          void updatePrinterPreferences({ mutedPrinters: next })
        }}
        data-testid="printer-notifications"
      />{' '}
      Desktop notifications about {printerName}
    </label>
  )
}
