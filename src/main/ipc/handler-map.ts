/**
 * Composes the per-domain handler maps into the full map. Adding a channel to the contract without
 * a handler is a compile error here.
 */
import { accountHandlers, type AccountHandlerDeps } from './account-handlers'
import { appHandlers, type AppHandlerDeps } from './app-handlers'
import type { HandlerMap } from './handler-types'
import { leaseHandlers, type LeaseHandlerDeps } from './lease-handlers'
import { libraryHandlers, type LibraryHandlerDeps } from './library-handlers'

/** Everything the handlers need. */
export type HandlerDeps = AppHandlerDeps &
  AccountHandlerDeps &
  LeaseHandlerDeps &
  LibraryHandlerDeps

/** The full handler map, used by the Electron binding and the end-to-end harness alike. */
export function createHandlerMap(deps: HandlerDeps): HandlerMap {
  const map = {
    ...appHandlers(deps),
    ...accountHandlers(deps),
    ...leaseHandlers(deps),
    ...libraryHandlers(deps)
  } satisfies HandlerMap
  return map
}
