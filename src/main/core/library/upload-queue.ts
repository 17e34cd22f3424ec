/**
 * The upload queue: every upload Printdock runs, in main, for every window and the CLI alike.
 *
 * Items are keyed by the caller's operation id (docs/decisions/0008) and recorded before they
 * start. Uploads to one server run one at a time, in order (a lane per server); many may wait.
 * Each item reports progress, speed and time left; it can be cancelled while it waits or runs, and
 * retried once it failed or was cancelled. State is pushed as revisioned snapshots; the queue does
 * not belong to a screen, so it survives screen switches and window reloads.
 */
import { randomUUID } from 'node:crypto'
import type { UploadItem, UploadLimit } from '../../../shared/models/library'
import type { Snapshot } from '../../../shared/snapshot'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import { Emitter, type Event } from '../events'
import type { Logger } from '../logger'
import type { GcodeFacts, InspectGcode } from './gcode-check'
import type { ObicoLibraryClient, SendAuthorized } from './obico-library-client'
import { uploadFile } from './upload-file'

/** One upload to add. */
export interface UploadRequest {
  /** The caller's operation id; made up when absent (the CLI). */
  id?: string
  accountId: string
  /** The local file; read only, never changed. */
  path: string
  /** Its name on the server. */
  filename: string
  targetFolderId: number | null
  /** Folders to create (or reuse) under the target first, root first. */
  folderPath?: string[]
  printOnPrinterId?: number | null
}

/** What the queue needs for one account. */
export interface AccountLibrary {
  send: SendAuthorized
  client: ObicoLibraryClient
  limit(): Promise<UploadLimit>
  /** Uploads with the same key run one at a time: the account's server. */
  laneKey: string
  /** Starts a print of an uploaded file; resolves with what happened, in words. */
  startPrint(printerId: number, fileId: number, filename: string): Promise<string>
}

export interface UploadQueueDeps {
  clock: Clock
  logger: Logger
  inspect: InspectGcode
  library(accountId: string): Promise<AccountLibrary>
  /** Told of every confirmed upload, with what the local file said about itself (its thumbnail). */
  onUploaded?(accountId: string, fileId: number, facts: GcodeFacts): void
  /** Attempts per upload for a dropped connection or a stall (default 2: one automatic retry). */
  attempts?: number
  /** Pause before the automatic retry (default 2 s). */
  retryDelayMs?: number
}

interface Entry {
  item: UploadItem
  path: string
  laneKey: string | null
  controller: AbortController | null
  waiters: ((item: UploadItem) => void)[]
}

const TERMINAL = new Set(['done', 'failed', 'cancelled'])
const SPEED_WINDOW_MS = 3000

export class UploadQueue {
  private readonly entries = new Map<string, Entry>()
  private readonly lanes = new Map<string, string[]>()
  private readonly runningLanes = new Set<string>()
  private revision = 0
  private readonly changed = new Emitter<Snapshot<UploadItem[]>>()
  private disposed = false
  /** Fires with the whole queue after every change (progress included). */
  readonly onDidChange: Event<Snapshot<UploadItem[]>> = this.changed.event

  constructor(private readonly deps: UploadQueueDeps) {}

  /** The queue now, oldest first. */
  snapshot(): Snapshot<UploadItem[]> {
    return {
      revision: ++this.revision,
      value: [...this.entries.values()].map((e) => ({ ...e.item }))
    }
  }

  get(id: string): UploadItem | undefined {
    const entry = this.entries.get(id)
    return entry ? { ...entry.item } : undefined
  }

  /** Adds an upload; it starts when its server's earlier uploads are done. */
  enqueue(request: UploadRequest): UploadItem {
    const id = request.id ?? randomUUID()
    const existing = this.entries.get(id)
    if (existing && !TERMINAL.has(existing.item.state)) {
      throw new AppError('ipc/duplicate-operation', 'That upload is already in the queue.')
    }
    const entry: Entry = {
      path: request.path,
      laneKey: null,
      controller: null,
      waiters: [],
      item: {
        id,
        accountId: request.accountId,
        filename: request.filename,
        folderPath: request.folderPath ?? [],
        targetFolderId: request.targetFolderId,
        state: 'queued',
        sizeBytes: 0,
        sentBytes: 0,
        bytesPerSecond: null,
        secondsLeft: null,
        problem: null,
        fileId: null,
        printOnPrinterId: request.printOnPrinterId ?? null,
        printOutcome: null
      }
    }
    this.entries.set(id, entry)
    this.emit()
    void this.admit(entry)
    return { ...entry.item }
  }

  /** Cancels a waiting or running upload; false when it had already ended. */
  cancel(id: string): boolean {
    const entry = this.entries.get(id)
    if (!entry || TERMINAL.has(entry.item.state)) return false
    if (entry.controller) {
      entry.controller.abort()
    } else {
      this.finish(entry, 'cancelled', cancelledProblem())
      if (entry.laneKey) this.removeFromLane(entry.laneKey, id)
    }
    return true
  }

  /** Queues a failed or cancelled upload again, from the start. */
  retry(id: string): UploadItem {
    const entry = this.entries.get(id)
    if (!entry)
      throw new AppError('ipc/invalid-arguments', 'That upload is no longer in the queue.')
    if (entry.item.state !== 'failed' && entry.item.state !== 'cancelled') {
      throw new AppError(
        'ipc/invalid-arguments',
        'Only a failed or cancelled upload can be retried.'
      )
    }
    Object.assign(entry.item, {
      state: 'queued',
      sentBytes: 0,
      bytesPerSecond: null,
      secondsLeft: null,
      problem: null,
      fileId: null,
      printOutcome: null
    })
    this.emit()
    void this.admit(entry)
    return { ...entry.item }
  }

  /** Forgets finished uploads (done, failed, cancelled); returns how many. */
  clearFinished(): number {
    let count = 0
    for (const [id, entry] of this.entries) {
      if (TERMINAL.has(entry.item.state)) {
        this.entries.delete(id)
        count++
      }
    }
    if (count > 0) this.emit()
    return count
  }

  /** Resolves once the upload has ended (done, failed or cancelled). */
  waitFor(id: string): Promise<UploadItem> {
    const entry = this.entries.get(id)
    if (!entry) return Promise.reject(new AppError('ipc/invalid-arguments', 'No such upload.'))
    if (TERMINAL.has(entry.item.state)) return Promise.resolve({ ...entry.item })
    return new Promise((resolve) => entry.waiters.push(resolve))
  }

  /** Cancels everything (the app is quitting). */
  dispose(): void {
    this.disposed = true
    for (const entry of this.entries.values()) this.cancel(entry.item.id)
    this.changed.dispose()
  }

  private emit(): void {
    if (this.disposed) return
    this.changed.fire(this.snapshot())
  }

  /** Puts the entry in its server's lane and starts the lane if idle. */
  private async admit(entry: Entry): Promise<void> {
    try {
      const library = await this.deps.library(entry.item.accountId)
      entry.laneKey = library.laneKey
    } catch (error) {
      this.fail(entry, error)
      return
    }
    if (entry.item.state !== 'queued') return // cancelled meanwhile
    const lane = this.lanes.get(entry.laneKey) ?? []
    lane.push(entry.item.id)
    this.lanes.set(entry.laneKey, lane)
    void this.pump(entry.laneKey)
  }

  private removeFromLane(laneKey: string, id: string): void {
    const lane = this.lanes.get(laneKey)
    if (lane)
      this.lanes.set(
        laneKey,
        lane.filter((other) => other !== id)
      )
  }

  /** Runs a lane's uploads one after another. */
  private async pump(laneKey: string): Promise<void> {
    if (this.runningLanes.has(laneKey)) return
    this.runningLanes.add(laneKey)
    try {
      for (;;) {
        const lane = this.lanes.get(laneKey) ?? []
        const id = lane.shift()
        if (id === undefined) break
        const entry = this.entries.get(id)
        if (!entry || entry.item.state !== 'queued') continue
        await this.run(entry)
      }
    } finally {
      this.runningLanes.delete(laneKey)
    }
  }

  /** One upload: folders first, then the file (with one automatic retry), then the print. */
  private async run(entry: Entry): Promise<void> {
    const controller = new AbortController()
    entry.controller = controller
    const item = entry.item
    try {
      const library = await this.deps.library(item.accountId)
      this.update(entry, { state: 'checking' })
      let folderId = item.targetFolderId
      for (const name of item.folderPath) {
        if (controller.signal.aborted) throw cancelledError()
        folderId = (await library.client.ensureFolder(name, folderId)).id
      }
      const limit = await library.limit()
      const attempts = Math.max(1, this.deps.attempts ?? 2)
      let uploaded: { fileId: number; facts: GcodeFacts } | null = null
      for (let attempt = 1; uploaded === null; attempt++) {
        try {
          uploaded = await this.attempt(entry, library, limit, folderId, controller.signal)
        } catch (error) {
          const again = attempt < attempts && !controller.signal.aborted && isTransient(error)
          if (!again) throw error
          this.deps.logger.info('upload: retrying after a transient failure', { attempt })
          this.update(entry, {
            state: 'queued',
            sentBytes: 0,
            bytesPerSecond: null,
            secondsLeft: null
          })
          await this.pause(this.deps.retryDelayMs ?? 2000, controller.signal)
        }
      }
      const { fileId } = uploaded
      item.fileId = fileId
      this.deps.onUploaded?.(item.accountId, fileId, uploaded.facts)
      if (item.printOnPrinterId !== null) {
        item.printOutcome = await library
          .startPrint(item.printOnPrinterId, fileId, item.filename)
          .catch((error: unknown) =>
            error instanceof AppError
              ? `Uploaded, but the print did not start: ${error.message}`
              : 'Uploaded, but the print did not start.'
          )
      }
      this.finish(entry, 'done', null)
    } catch (error) {
      if (controller.signal.aborted) this.finish(entry, 'cancelled', cancelledProblem())
      else this.fail(entry, error)
    } finally {
      entry.controller = null
    }
  }

  private async attempt(
    entry: Entry,
    library: AccountLibrary,
    limit: UploadLimit,
    folderId: number | null,
    signal: AbortSignal
  ): Promise<{ fileId: number; facts: GcodeFacts }> {
    const samples: { at: number; sent: number }[] = []
    return uploadFile(
      {
        path: entry.path,
        filename: entry.item.filename,
        folderId,
        signal,
        onProgress: (sent, total) => {
          const now = this.deps.clock.now()
          samples.push({ at: now, sent })
          while (samples.length > 2 && now - samples[0].at > SPEED_WINDOW_MS) samples.shift()
          const first = samples[0]
          const elapsed = (now - first.at) / 1000
          const speed = elapsed > 0.2 ? (sent - first.sent) / elapsed : null
          this.update(entry, {
            state: sent >= total ? 'confirming' : 'uploading',
            sizeBytes: total,
            sentBytes: sent,
            bytesPerSecond: speed === null ? null : Math.round(speed),
            secondsLeft: speed ? Math.ceil((total - sent) / speed) : null
          })
        }
      },
      { send: library.send, client: library.client, inspect: this.deps.inspect, limit }
    ).then((result) => {
      this.update(entry, { state: 'confirming', sentBytes: entry.item.sizeBytes })
      return result
    })
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const cancelTimer = this.deps.clock.schedule(ms, () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      })
      const onAbort = () => {
        cancelTimer()
        reject(cancelledError())
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private update(entry: Entry, patch: Partial<UploadItem>): void {
    if (TERMINAL.has(entry.item.state)) return
    Object.assign(entry.item, patch)
    this.emit()
  }

  private fail(entry: Entry, error: unknown): void {
    if (!(error instanceof AppError))
      this.deps.logger.error('upload failed unexpectedly', { error })
    const appError =
      error instanceof AppError
        ? error
        : new AppError(
            'internal/unexpected',
            `Printdock could not upload “${entry.item.filename}”.`
          )
    this.finish(entry, 'failed', {
      code: appError.code,
      message: appError.message,
      retryable: appError.retryable || appError.code.startsWith('network/')
    })
  }

  private finish(
    entry: Entry,
    state: 'done' | 'failed' | 'cancelled',
    problem: UploadItem['problem']
  ): void {
    Object.assign(entry.item, { state, problem, bytesPerSecond: null, secondsLeft: null })
    this.emit()
    for (const resolve of entry.waiters.splice(0)) resolve({ ...entry.item })
  }
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === 'network/offline' ||
      error.code === 'network/timeout' ||
      error.code === 'library/unconfirmed')
  )
}

function cancelledError(): AppError {
  return new AppError('operation/cancelled', 'The upload was cancelled.')
}

function cancelledProblem(): UploadItem['problem'] {
  return {
    code: 'operation/cancelled',
    message: 'Cancelled. Nothing incomplete was kept on the server.',
    retryable: true
  }
}
