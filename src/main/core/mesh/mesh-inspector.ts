/**
 * Runs mesh inspections on worker threads, so neither the app's main process nor the CLI blocks
 * while a large model is parsed. One worker per job, at most `concurrency` at once (p-limit): a
 * worker starts in tens of milliseconds, a job takes far longer, and a fresh worker per job
 * gives its memory back to the system as soon as the job ends.
 */
import { Worker } from 'node:worker_threads'
import pLimit from 'p-limit'
import type { MeshInspection } from '../../../shared/models/mesh'
import { AppError } from '../errors'
import type { InspectedFile } from './inspect-mesh'
import type { MeshJob, MeshJobReply } from './mesh-worker-protocol'

/** Where the worker script is and how to start it. */
export interface MeshWorkerScript {
  /** A built script (`out/main/mesh-worker.js`, `out/cli/mesh-worker.mjs`) or the TS source. */
  path: string | URL
  /** e.g. `['--import', 'tsx']` to run the TS source in tests. */
  execArgv?: string[]
}

export interface MeshInspectorOptions {
  script: MeshWorkerScript
  /** Jobs at once (default 2: the app shares the machine with the slicer the user has open). */
  concurrency?: number
}

export interface MeshInspector {
  /** Inspects the file at `path`; `name` is what the report calls it. */
  inspect(
    path: string,
    name: string,
    options?: { preview?: boolean; signal?: AbortSignal }
  ): Promise<InspectedFile>
}

export function createMeshInspector(options: MeshInspectorOptions): MeshInspector {
  const limit = pLimit(options.concurrency ?? 2)
  let nextId = 1
  return {
    inspect(path, name, { preview = true, signal } = {}) {
      return limit(
        () =>
          new Promise<InspectedFile>((resolve, reject) => {
            if (signal?.aborted) {
              reject(new AppError('operation/cancelled', 'The inspection was cancelled.'))
              return
            }
            const worker = new Worker(options.script.path, {
              execArgv: options.script.execArgv
            })
            const job: MeshJob = { id: nextId++, path, name, preview }
            let settled = false
            const finish = (outcome: () => void): void => {
              if (settled) return
              settled = true
              signal?.removeEventListener('abort', onAbort)
              outcome()
              void worker.terminate()
            }
            const onAbort = (): void =>
              finish(() =>
                reject(new AppError('operation/cancelled', 'The inspection was cancelled.'))
              )
            signal?.addEventListener('abort', onAbort, { once: true })
            worker.on('message', (reply: MeshJobReply) => {
              if (reply.id !== job.id) return
              finish(() => {
                if (reply.ok) {
                  const inspection: MeshInspection = reply.inspection
                  resolve({ inspection, previews: reply.previews })
                } else {
                  reject(new AppError(reply.error.code, reply.error.message))
                }
              })
            })
            worker.on('error', (error) =>
              finish(() =>
                reject(
                  new AppError('internal/unexpected', 'The mesh check stopped unexpectedly.', {
                    cause: error
                  })
                )
              )
            )
            worker.on('exit', () =>
              finish(() =>
                reject(new AppError('internal/unexpected', 'The mesh check stopped unexpectedly.'))
              )
            )
            worker.postMessage(job)
          })
      )
    }
  }
}
