/**
 * Forwards core events to the renderer through an `EventSink` (Electron window or harness socket).
 */
import type { Notice } from '../../shared/models/app-info'
import type { AccountService } from '../core/accounts/account-service'
import type { Disposable, Event } from '../core/events'
import type { LeaseRegistry } from '../core/leases'
import type { PrinterService } from '../core/printers/printer-service'
import type { ProviderPageService } from '../core/provider-pages'
import { ACCOUNTS_WATCH } from './account-handlers'
import { PRINTERS_WATCH } from './printer-handlers'
import type { RepairService } from '../core/repair/repair-service'
import { REPAIR_WATCH } from './repair-handlers'
import type { LibraryService } from '../core/library'
import { UPLOADS_WATCH } from './library-handlers'
import type { EventSink } from './handler-types'
import { bridgePageEvents } from './provider-page-handlers'

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
    /** Repair jobs (the composed app's core); absent in tests of the other events. */
    core?: { repairs: RepairService }
    /** Provider pages (issue 13): each read goes to the windows watching that page. */
    providerPages?: ProviderPageService
    /** The upload queue's changes go to windows watching uploads. */
    library?: LibraryService
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
    source.onOpenPrinter((printerId) => sink.emit('printers:open', printerId)),
    {
      dispose:
        source.core?.repairs.onChange((snapshot) => {
          for (const callerId of source.leases.holders(REPAIR_WATCH))
            sink.emitTo(callerId, 'repair:changed', snapshot)
        }) ?? (() => undefined)
    }
  ]
  if (source.providerPages) {
    subscriptions.push(bridgePageEvents(source.providerPages, source.leases, sink))
  }
  if (source.library) {
    subscriptions.push(
      source.library.uploads.onDidChange((snapshot) => {
        for (const callerId of source.leases.holders(UPLOADS_WATCH))
          sink.emitTo(callerId, 'uploads:changed', snapshot)
      })
    )
  }
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) }
}
