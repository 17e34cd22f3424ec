/**
 * The buttons that act on a printer: pause, resume, cancel (cancel asks first), and the answers to
 * a failure alert.
 */
import { memo, useState, type ReactNode } from 'react'
import type { PrinterSummary } from '@shared/models/printer'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import {
  acknowledgeAlert,
  muteAlerts,
  sendCommand,
  usePrintersStore
} from '../../stores/printers-store'
import { sameFlatOrBothNull } from '../../stores/use-flat-fields'
import { hasCurrentPrint } from './format'

/** Which commands a printer in this state takes. */
export function commandsFor(printer: PrinterSummary): {
  pause: boolean
  resume: boolean
  cancel: boolean
} {
  const s = printer.state
  return {
    pause: s === 'printing' || s === 'resuming',
    resume: s === 'paused' || s === 'pausing',
    cancel: s === 'printing' || s === 'paused' || s === 'pausing' || s === 'resuming'
  }
}

/** True while a command to this printer waits for an answer or a confirmation. */
function useCommandInFlight(printer: PrinterSummary): boolean {
  const local = usePrintersStore((s) => s.commands[printer.id]?.state === 'sending')
  const state = printer.pendingCommand?.state
  return local || state === 'sending' || state === 'awaiting-confirmation'
}

/** Pause / Resume / Cancel for one printer. */
export const CommandButtons = memo(function CommandButtons({
  printer,
  small
}: {
  printer: PrinterSummary
  small?: boolean
}): ReactNode {
  const [confirmingCancel, setConfirmingCancel] = useState(false)
  const inFlight = useCommandInFlight(printer)
  const allowed = commandsFor(printer)
  // Stale data (the account's server is away) is no basis for a command.
  const disabled = inFlight || printer.stale
  if (!allowed.pause && !allowed.resume && !allowed.cancel) return null
  const size = small ? ' small' : ''
  return (
    <div className="printer-actions" role="group" aria-label={`Control ${printer.name}`}>
      {allowed.pause && (
        <button
          type="button"
          className={`button${size}`}
          disabled={disabled}
          onClick={() => void sendCommand([printer.id], 'pause')}
          data-testid="printer-pause"
        >
          Pause
        </button>
      )}
      {allowed.resume && (
        <button
          type="button"
          className={`button${size}`}
          disabled={disabled}
          onClick={() => void sendCommand([printer.id], 'resume')}
          data-testid="printer-resume"
        >
          Resume
        </button>
      )}
      {allowed.cancel && (
        <button
          type="button"
          className={`button danger-outline${size}`}
          disabled={disabled}
          onClick={() => setConfirmingCancel(true)}
          data-testid="printer-cancel"
        >
          Cancel print
        </button>
      )}
      {confirmingCancel && (
        <ConfirmDialog
          title={`Cancel the print on ${printer.name}?`}
          confirmLabel="Cancel print"
          cancelLabel="Keep printing"
          danger
          testId="cancel-dialog"
          confirmTestId="cancel-confirm"
          onCancel={() => setConfirmingCancel(false)}
          onConfirm={() => {
            setConfirmingCancel(false)
            void sendCommand([printer.id], 'cancel')
          }}
        >
          <p>
            {printer.job?.fileName ? `${printer.job.fileName} will stop. ` : ''}A cancelled print
            can&apos;t be resumed.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}, sameForCommandButtons)

function sameForCommandButtons(
  before: { printer: PrinterSummary; small?: boolean },
  after: { printer: PrinterSummary; small?: boolean }
): boolean {
  return before.small === after.small && sameForCommands(before.printer, after.printer)
}

/**
 * What the command buttons show comes from these fields alone; a push that changes anything else
 * (progress, temperatures) leaves them as they are. The card body compares them too.
 */
export function sameForCommands(a: PrinterSummary, b: PrinterSummary): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.state === b.state &&
    a.stale === b.stale &&
    a.pendingCommand?.state === b.pendingCommand?.state &&
    // The cancel confirmation names the file.
    a.job?.fileName === b.job?.fileName
  )
}

/**
 * An unacknowledged failure alert: prominent, with the user's three answers. "Mute" is offered only
 * while a print is current (Obico's server crashes on a mute with nothing printing).
 */
export const AlertPanel = memo(function AlertPanel({
  printer
}: {
  printer: PrinterSummary
}): ReactNode {
  const busy = usePrintersStore((s) => s.busy[printer.id])
  const alert = printer.alert
  if (!alert) return null
  const printing = hasCurrentPrint(printer.state) && printer.job !== null
  if (alert.muted) {
    return (
      <p className="hint alert-muted" data-testid="alert-muted">
        Alerts are muted for this print.
      </p>
    )
  }
  return (
    <div className="failure-alert" role="alert" data-testid="failure-alert">
      <p className="failure-alert-title">
        <strong>Possible print failure.</strong> Failure detection flagged this print
        {printer.settings.actionOnFailure === 'PAUSE' ? ' and may have paused it' : ''}. Take a
        look.
      </p>
      <div className="printer-actions">
        <button
          type="button"
          className="button small"
          disabled={busy !== undefined}
          onClick={() => void acknowledgeAlert(printer.id, 'not-failed')}
          data-testid="alert-not-failed"
        >
          Not a failure
        </button>
        <button
          type="button"
          className="button small danger-outline"
          disabled={busy !== undefined}
          onClick={() => void acknowledgeAlert(printer.id, 'failed')}
          data-testid="alert-failed"
        >
          It failed
        </button>
        {printing && (
          <button
            type="button"
            className="button small ghost"
            disabled={busy !== undefined}
            onClick={() => void muteAlerts(printer.id)}
            data-testid="alert-mute"
          >
            Mute alerts for this print
          </button>
        )}
      </div>
    </div>
  )
}, sameForAlertPanel)

/** The alert panel shows the alert, whether a print is current, and the action on failure. */
function sameForAlertPanel(
  before: { printer: PrinterSummary },
  after: { printer: PrinterSummary }
): boolean {
  const a = before.printer
  const b = after.printer
  return (
    sameFlatOrBothNull(a.alert, b.alert) &&
    a.id === b.id &&
    a.state === b.state &&
    (a.job === null) === (b.job === null) &&
    a.settings.actionOnFailure === b.settings.actionOnFailure
  )
}
