/**
 * Handlers for `mesh:*` and `repair:*`: the health check of a dropped model and the Makeprintable
 * repair jobs. Files arrive as references the calling window registered (FileRefs); the page never
 * names a path and never sees one.
 */
import { basename } from 'node:path'
import type { OperationId } from '../../shared/ipc/contract'
import { AppError } from '../core/errors'
import type { FileRefs } from '../core/files/file-refs'
import type { LeaseRegistry } from '../core/leases'
import type { MeshInspector } from '../core/mesh/mesh-inspector'
import type { RepairService } from '../core/repair/repair-service'
import type { HandlerMap } from './handler-types'

export interface RepairHandlerDeps {
  meshInspector: MeshInspector
  repairs: RepairService
  files: FileRefs
  leases: LeaseRegistry
}

/** The lease kind of `repair:watch`; the event bridge pushes `repair:changed` to its holders. */
export const REPAIR_WATCH = 'repair'

type RepairChannels =
  | 'mesh:inspect'
  | 'mesh:cancel-inspect'
  | 'repair:status'
  | 'repair:watch'
  | 'repair:start'
  | 'repair:cancel'
  | 'repair:choose-destination'
  | 'repair:result-preview'
  | 'repair:history'

export function repairHandlers(deps: RepairHandlerDeps): Pick<HandlerMap, RepairChannels> {
  const inspections = new Map<OperationId, AbortController>()
  return {
    'mesh:inspect': async (operationId, fileRef, call) => {
      if (inspections.has(operationId)) {
        throw new AppError('ipc/duplicate-operation', 'That check is already running.')
      }
      const path = deps.files.resolve(call.callerId, fileRef)
      const controller = new AbortController()
      inspections.set(operationId, controller)
      try {
        return await deps.meshInspector.inspect(path, basename(path), {
          signal: controller.signal
        })
      } finally {
        inspections.delete(operationId)
      }
    },
    'mesh:cancel-inspect': (operationId) => {
      inspections.get(operationId)?.abort()
    },
    'repair:status': async () => {
      try {
        const account = await deps.repairs.account()
        return { linked: true, accountName: account.displayName, problem: null }
      } catch (error) {
        if (error instanceof AppError) {
          return { linked: false, accountName: null, problem: error.message }
        }
        throw error
      }
    },
    'repair:watch': async (call) => {
      const leaseId = deps.leases.acquire(call.callerId, REPAIR_WATCH)
      return { leaseId, snapshot: await deps.repairs.snapshot() }
    },
    'repair:start': (operationId, request, call) => {
      const path = deps.files.resolve(call.callerId, request.fileRef)
      return deps.repairs.start(operationId, {
        path,
        fileName: basename(path),
        options: request.options
      })
    },
    'repair:cancel': (operationId) => deps.repairs.cancel(operationId),
    'repair:choose-destination': (operationId, fileName) =>
      deps.repairs.chooseDestination(operationId, fileName),
    'repair:result-preview': async (operationId) => {
      const path = deps.repairs.savedPath(operationId)
      return (await deps.meshInspector.inspect(path, basename(path))).previews
    },
    'repair:history': () => deps.repairs.history()
  }
}
