/**
 * When a printer's status confirms a command (docs/decisions/0017). Obico answers `succeeded: true`
 * as soon as it has published a command (obico-api.md §2.8), so only a status read after the
 * command was sent can say it happened:
 * - pause: the printer reports Paused;
 * - resume: the printer reports Printing;
 * - cancel: the print the command was sent for is no longer on the printer.
 * Transitional states (Pausing, Resuming, Cancelling) show the agent acting, not the result: the
 * command stays awaiting confirmation through them.
 */
import type { PrinterCommand, PrinterJob, PrinterState } from '../../../shared/models/printer'

/** What a read says about a printer, as far as confirmation is concerned. */
export interface ConfirmationView {
  state: PrinterState
  job: Pick<PrinterJob, 'printId'> | null
}

/** Whether `view` shows `command` done. `printIdAtSend` is the print the command was sent for. */
export function confirms(
  command: PrinterCommand,
  view: ConfirmationView,
  printIdAtSend: number | null
): boolean {
  switch (command) {
    case 'pause':
      return view.state === 'paused'
    case 'resume':
      return view.state === 'printing'
    case 'cancel': {
      if (view.state === 'offline' || view.state === 'cancelling') return false
      if (view.job === null) return true
      return printIdAtSend !== null && view.job.printId !== printIdAtSend
    }
  }
}

/** The words for a command that was not confirmed in time. */
export function notConfirmedMessage(command: PrinterCommand): string {
  const noun = { pause: 'pause', resume: 'resume', cancel: 'cancellation' }[command]
  return `The printer has not confirmed the ${noun}. It may be offline.`
}

/** The words for a command Obico answered with `succeeded: false` (nothing was printing). */
export function rejectedMessage(command: PrinterCommand, printerName: string): string {
  return `${printerName} is not printing anything, so there was nothing to ${command}.`
}
