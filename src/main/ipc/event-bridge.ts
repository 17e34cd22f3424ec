/**
 * Forwards core events to the renderer through an `EventSink` (Electron window or harness socket).
 */
import type { Notice } from '../../shared/models/app-info'
import type { AccountService } from '../core/accounts/account-service'
import type { Disposable, Event } from '../core/events'
import type { LeaseRegistry } from '../core/leases'
import type { PrinterService } from '../core/printers/printer-service'
import { ACCOUNTS_WATCH } from './account-handlers'
import { PRINTERS_WATCH } from './printer-handlers'
import type { EventSink } from './handler-types'

/**
 * Subscribes the sink to account changes (only to windows watching accounts), link outcomes and
 * notices; dispose to stop.
 */
export function bridgeServiceEvents(
  source: {
    accountService: AccountService
    onNotice: Event<Notice>
    leases: LeaseRegistry
    printers: PrinterService
    /** A desktop notification about this printer was clicked. */
    onOpenPrinter: Event<string>
  },
  sink: EventSink
): Disposable {
  const subscriptions = [
    source.accountService.onDidChangeAccounts((snapshot) => {
      for (const callerId of source.leases.holders(ACCOUNTS_WATCH))
        sink.emitTo(callerId, 'accounts:changed', snapshot)
    }),
    source.accountService.onDidFinishLink((outcome) =>
      sink.emit('accounts:link-finished', outcome)
    ),
    source.onNotice((notice) => sink.emit('app:notice', notice)),
    // Only the printers that changed, only to windows watching printers.
    source.printers.onDidChange((change) => {
      for (const callerId of source.leases.holders(PRINTERS_WATCH))
        sink.emitTo(callerId, 'printers:changed', change)
    }),
    source.onOpenPrinter((printerId) => sink.emit('printers:open', printerId))
  ]
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) }
}
