/**
 * Handlers for `leases:*` and `files:*`: per-window state main keeps on the caller's behalf.
 */
import type { FileRefs } from '../core/files/file-refs'
import type { LeaseRegistry } from '../core/leases'
import type { HandlerMap } from './handler-types'

/** What the lease and file handlers need. */
export interface LeaseHandlerDeps {
  leases: LeaseRegistry
  files: FileRefs
}

/** `leases:release` and `files:register-path`, both scoped to the calling window. */
export function leaseHandlers(
  deps: LeaseHandlerDeps
): Pick<HandlerMap, 'leases:release' | 'files:register-path'> {
  return {
    'leases:release': (leaseId, call) => deps.leases.release(call.callerId, leaseId),
    'files:register-path': (path, call) => deps.files.register(call.callerId, path)
  }
}
