/**
 * A printer's state, derived from the agent's status as Obico's own web client derives it
 * (`frontend/src/lib/normalizers.js`, summarised in obico-api.md §2.3):
 * - `status == null` → offline;
 * - an error flag, or a state text starting with "Error" → error;
 * - `closedOrError` true, or missing → disconnected (a missing flag counts as disconnected);
 * - then the transitional flags (cancelling, pausing, resuming), paused, printing; else idle.
 *
 * Both agents send OctoPrint's flags, but moonraker-obico has no `resuming` flag and older
 * agents may lack `pausing`; the state text fills those gaps.
 */
import type { PrinterState } from '../../../shared/models/printer'
import type { AgentStatus } from './obico-schemas'

/** The derived state of a printer whose agent sent `status` (null: offline). */
export function derivePrinterState(status: AgentStatus | null): PrinterState {
  if (status === null) return 'offline'
  const text = (status.state?.text ?? '').trim()
  const flags = status.state?.flags
  if (flags?.error === true || /^error\b/i.test(text)) return 'error'
  if (flags === undefined || flags.closedOrError !== false) return 'disconnected'
  const said = text.toLowerCase()
  if (flags.cancelling === true || said === 'cancelling') return 'cancelling'
  if (flags.pausing === true || said === 'pausing') return 'pausing'
  if (flags.resuming === true || said === 'resuming') return 'resuming'
  if (flags.paused === true) return 'paused'
  if (flags.printing === true) return 'printing'
  return 'idle'
}

/** States in which a print is on the printer. */
export const ACTIVE_STATES: ReadonlySet<PrinterState> = new Set([
  'printing',
  'pausing',
  'paused',
  'resuming',
  'cancelling'
])
