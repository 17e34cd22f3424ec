/**
 * Composes the per-domain handler maps into the full map. Adding a channel to the contract without
 * a handler is a compile error here.
 */
import { accountHandlers, type AccountHandlerDeps } from './account-handlers'
import { appHandlers, type AppHandlerDeps } from './app-handlers'
import type { HandlerMap } from './handler-types'
import { leaseHandlers, type LeaseHandlerDeps } from './lease-handlers'
import { obicoAiHandlers, type ObicoAiHandlerDeps } from './obico-ai-handlers'
import { printerHandlers, type PrinterHandlerDeps } from './printer-handlers'

import { repairHandlers, type RepairHandlerDeps } from './repair-handlers'
import { providerPageHandlers, type ProviderPageHandlerDeps } from './provider-page-handlers'
import { libraryHandlers, type LibraryHandlerDeps } from './library-handlers'

/** Everything the handlers need. */
export type HandlerDeps = AppHandlerDeps &
  AccountHandlerDeps &
  LeaseHandlerDeps &
  PrinterHandlerDeps &
  RepairHandlerDeps &
  ProviderPageHandlerDeps &
  ObicoAiHandlerDeps &
  LibraryHandlerDeps

/** The full handler map, used by the Electron binding and the end-to-end harness alike. */
export function createHandlerMap(deps: HandlerDeps): HandlerMap {
  const map = {
    ...appHandlers(deps),
    ...accountHandlers(deps),
    ...leaseHandlers(deps),
    ...printerHandlers(deps),
    ...repairHandlers(deps),
    ...providerPageHandlers(deps),
    ...obicoAiHandlers(deps),
    ...libraryHandlers(deps)
  } satisfies HandlerMap
  return map
}
