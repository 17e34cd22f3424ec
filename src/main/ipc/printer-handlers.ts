/**
 * Handlers for `printers:*` and `prints:*`: thin calls into the PrinterService.
 */
import type { PrinterPreferencesStore } from '../core/printers/printer-preferences'
import type { PrinterService } from '../core/printers/printer-service'
import type { LeaseRegistry } from '../core/leases'
import type { HandlerMap } from './handler-types'

/** What the printer handlers need. */
export interface PrinterHandlerDeps {
  printers: PrinterService
  printerPreferences: PrinterPreferencesStore
  leases: LeaseRegistry
}

/**
 * The lease kind of `printers:watch`: the event bridge pushes `printers:changed` to its holders,
 * and the composition polls fast while one is held.
 */
export const PRINTERS_WATCH = 'printers'

type PrinterChannels = Extract<keyof HandlerMap, `printers:${string}` | `prints:${string}`>

/** The printer handlers. Arguments arrive already validated by `dispatchInvoke`. */
export function printerHandlers(deps: PrinterHandlerDeps): Pick<HandlerMap, PrinterChannels> {
  const printers = deps.printers
  return {
    'printers:list': () => printers.snapshot(),
    'printers:watch': (call) => {
      // The lease first, then the read: a change after the snapshot's revision is pushed.
      const leaseId = deps.leases.acquire(call.callerId, PRINTERS_WATCH)
      return { leaseId, snapshot: printers.snapshot() }
    },
    'printers:refresh': () => printers.refresh(),
    'printers:command': (operationId, request) =>
      printers.command(operationId, request.printerIds, request.command),
    'printers:acknowledge-alert': (printerId, verdict) =>
      printers.acknowledgeAlert(printerId, verdict),
    'printers:mute': (printerId, mute) => printers.mute(printerId, mute),
    'printers:update-settings': (printerId, patch) => printers.updateSettings(printerId, patch),
    'printers:snapshot-image': (printerId) => printers.snapshotImage(printerId),
    'printers:temperature-history': (printerId) => printers.temperatureHistory(printerId),
    'printers:get-preferences': () => deps.printerPreferences.get(),
    'printers:update-preferences': (patch) => deps.printerPreferences.update(patch),
    'prints:list': (query) => printers.listPrints(query),
    'prints:delete': (accountId, printIds) => printers.deletePrints(accountId, printIds),
    'prints:stats': (query) => printers.stats(query)
  }
}
