/**
 * Repair jobs: upload a model to Makeprintable, create the fix with the user's options, poll it
 * with backoff, download the result beside the original as `<name>-repaired.<ext>` (never over an
 * existing file), then give the result the same health check as the original.
 *
 * Jobs follow decision 0008: the caller names each one with an operation id, and the list of jobs
 * is published as snapshots. A job whose fix exists is kept in settings (`repairJobs`), so after a
 * restart `resume()` watches it again and saves its result.
 */
import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { AppErrorDto } from '../../../shared/errors'
import type { MeshInspection } from '../../../shared/models/mesh'
import type { PastRepair, RepairJobView, RepairOptions } from '../../../shared/models/repair'
import type { Snapshot } from '../../../shared/snapshot'
import type { AccountSummary } from '../../../shared/models/account'
import type { Clock } from '../clock'
import { AppError, toErrorDto } from '../errors'
import type { Logger } from '../logger'
import type { PersistedRepairJob } from '../settings/settings-schema'
import type { SettingsStore } from '../settings/settings-store'
import { SnapshotSource } from '../snapshots'
import type { FixState, MakeprintableApi } from './makeprintable-api'
import { destinationInFolder, exists, nextFreeName, repairedPathFor } from './output-path'

/** How often a fix is polled: from `initialMs`, growing by `factor` up to `maxMs`. */
export interface PollingPolicy {
  initialMs: number
  factor: number
  maxMs: number
  /** Consecutive failed polls (server down) before the job gives up. */
  maxFailures: number
}

export const DEFAULT_POLLING: PollingPolicy = {
  initialMs: 1_000,
  factor: 1.5,
  maxMs: 15_000,
  maxFailures: 40
}

export interface RepairServiceDeps {
  api: MakeprintableApi
  listAccounts(): Promise<AccountSummary[]>
  /** The health check (a worker thread in the app and the CLI). */
  inspect(path: string, name: string): Promise<MeshInspection>
  settings: SettingsStore<{ repairJobs: PersistedRepairJob[] }>
  clock: Clock
  logger: Logger
  polling?: PollingPolicy
  /** Keep running jobs in settings (the app: yes; the CLI: no, it waits for its one job). */
  persist?: boolean
}

export interface StartRepairRequest {
  path: string
  fileName: string
  options: RepairOptions
  /** Save here instead of beside the original (CLI `--out`). */
  outputPath?: string
  /** Replace an existing output file (CLI `--force`). */
  overwrite?: boolean
}

interface Job {
  view: RepairJobView
  accountId: string | null
  sourcePath: string
  outputPath: string | null
  overwrite: boolean
  /** Where the result was saved, once it was. */
  savedPath?: string
  controller: AbortController
  /** The downloaded result while the user chooses where it goes. */
  pending?: { bytes: Buffer; ext: string }
  settled: Promise<RepairJobView>
}

const NOT_LINKED =
  'No Makeprintable account is linked. Link one on the Accounts screen (or run: printdock link makeprintable), with OAuth or your API key.'

export class RepairService {
  private readonly jobs = new Map<string, Job>()
  private readonly listeners = new Set<(snapshot: Snapshot<RepairJobView[]>) => void>()
  private readonly source = new SnapshotSource(() => this.views())
  private readonly polling: PollingPolicy
  /** Set by dispose: jobs stop, but stay in settings to be resumed by the next run. */
  private disposed = false

  constructor(private readonly deps: RepairServiceDeps) {
    this.polling = deps.polling ?? DEFAULT_POLLING
  }

  /** The Makeprintable account repairs use: the first linked one. */
  async account(): Promise<AccountSummary> {
    const accounts = (await this.deps.listAccounts()).filter((a) => a.provider === 'makeprintable')
    const usable = accounts.find((a) => a.state === 'linked' || a.state === 'unreachable')
    if (usable) return usable
    if (accounts.length > 0) {
      throw new AppError(
        'auth/needs-relink',
        'The Makeprintable account needs to be linked again (Accounts screen).'
      )
    }
    throw new AppError('repair/not-linked', NOT_LINKED)
  }

  views(): RepairJobView[] {
    return [...this.jobs.values()].map((job) => ({ ...job.view }))
  }

  snapshot(): Promise<Snapshot<RepairJobView[]>> {
    return this.source.snapshot()
  }

  onChange(listener: (snapshot: Snapshot<RepairJobView[]>) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts a job; resolves once it is registered (its end comes through snapshots / `settled`). */
  start(operationId: string, request: StartRepairRequest): RepairJobView {
    if (this.jobs.has(operationId)) {
      throw new AppError('ipc/duplicate-operation', 'That repair is already running.')
    }
    const job: Job = {
      view: {
        operationId,
        fileName: request.fileName,
        phase: 'uploading',
        progress: 0,
        retrying: false,
        fixId: null,
        outputName: null,
        after: null,
        error: null,
        startedAt: this.deps.clock.now()
      },
      accountId: null,
      sourcePath: request.path,
      outputPath: request.outputPath ?? null,
      overwrite: request.overwrite ?? false,
      controller: new AbortController(),
      settled: Promise.resolve(undefined as never)
    }
    this.jobs.set(operationId, job)
    job.settled = this.run(job, () => this.submit(job, request))
    this.publish()
    return { ...job.view }
  }

  /** Resolves with the job's final view (done, failed, cancelled or needs-destination). */
  settled(operationId: string): Promise<RepairJobView> {
    const job = this.jobs.get(operationId)
    if (!job) throw new AppError('ipc/invalid-arguments', 'There is no such repair.')
    return job.settled
  }

  /** Watches again the jobs a previous run left in settings. */
  resume(): void {
    for (const saved of this.deps.settings.get('repairJobs')) {
      if (this.jobs.has(saved.operationId)) continue
      const job: Job = {
        view: {
          operationId: saved.operationId,
          fileName: saved.fileName,
          phase: 'queued',
          progress: null,
          retrying: false,
          fixId: saved.fixId,
          outputName: null,
          after: null,
          error: null,
          startedAt: saved.startedAt
        },
        accountId: saved.accountId,
        sourcePath: saved.sourcePath,
        outputPath: saved.outputPath,
        overwrite: saved.overwrite,
        controller: new AbortController(),
        settled: Promise.resolve(undefined as never)
      }
      this.jobs.set(saved.operationId, job)
      job.settled = this.run(job, () => this.follow(job, saved.fixId))
    }
    this.publish()
  }

  /** Stops watching a job (the fix itself keeps running at Makeprintable). */
  cancel(operationId: string): void {
    const job = this.jobs.get(operationId)
    if (!job) return
    job.controller.abort()
    if (job.view.phase === 'needs-destination') {
      job.pending = undefined
      this.finish(job, { phase: 'cancelled' })
    }
  }

  /** Saves a result that was waiting because `<name>-repaired.<ext>` exists, under `fileName`. */
  async chooseDestination(operationId: string, fileName: string): Promise<RepairJobView> {
    const job = this.jobs.get(operationId)
    if (!job || job.view.phase !== 'needs-destination' || !job.pending) {
      throw new AppError('ipc/invalid-arguments', 'That repair is not waiting for a file name.')
    }
    const path = destinationInFolder(job.sourcePath, fileName)
    if (await exists(path)) {
      throw new AppError(
        'repair/file-exists',
        `${fileName} already exists. Choose another name; Printdock never overwrites a file.`
      )
    }
    const { bytes } = job.pending
    job.pending = undefined
    job.settled = this.run(job, () => this.save(job, path, bytes, false))
    return job.settled
  }

  /** The saved result of a finished job (for its preview). */
  savedPath(operationId: string): string {
    const path = this.jobs.get(operationId)?.savedPath
    if (!path) throw new AppError('ipc/invalid-arguments', 'That repair has no saved result.')
    return path
  }

  /** Past repairs from the API (the linked account's). */
  async history(signal?: AbortSignal): Promise<PastRepair[]> {
    const account = await this.account()
    const fixes = await this.deps.api.listFixes(account.id, signal)
    return fixes.map(({ error: _error, ...repair }) => repair)
  }

  dispose(): void {
    this.disposed = true
    for (const job of this.jobs.values()) job.controller.abort()
    this.listeners.clear()
  }

  // ---- the job's steps ------------------------------------------------------------------------

  private async run(job: Job, step: () => Promise<void>): Promise<RepairJobView> {
    try {
      await step()
    } catch (error) {
      if (this.disposed) return { ...job.view }
      if (job.controller.signal.aborted) this.finish(job, { phase: 'cancelled' })
      else this.fail(job, error)
    }
    return { ...job.view }
  }

  private async submit(job: Job, request: StartRepairRequest): Promise<void> {
    const account = await this.account()
    job.accountId = account.id
    const signal = job.controller.signal
    if (job.outputPath && !job.overwrite && (await exists(job.outputPath))) {
      throw new AppError(
        'repair/file-exists',
        'The output file already exists. Choose another, or allow replacing it.'
      )
    }
    let lastPublished = 0
    const itemId = await this.deps.api.uploadItem(
      account.id,
      { path: request.path, name: request.fileName },
      (sent, total) => {
        job.view.progress = total > 0 ? sent / total : null
        // A few updates a second are plenty for a progress bar.
        const now = this.deps.clock.now()
        if (now - lastPublished >= 200 || sent === total) {
          lastPublished = now
          this.publish()
        }
      },
      signal
    )
    const base = request.fileName.replace(/\.[^.]+$/, '')
    const fix = await this.deps.api.createFix(
      account.id,
      itemId,
      `${base} (Printdock)`,
      request.options,
      signal
    )
    job.view.fixId = fix.fixId
    this.persist(job)
    this.update(job, fix)
    await this.follow(job, fix.fixId)
  }

  /** Polls the fix until it ends, with backoff; keeps trying through a server outage. */
  private async follow(job: Job, fixId: number): Promise<void> {
    const signal = job.controller.signal
    const accountId = job.accountId ?? (await this.account()).id
    job.accountId = accountId
    let delay = this.polling.initialMs
    let failures = 0
    let lastProgress: number | null = -1
    for (;;) {
      let fix: FixState
      try {
        fix = await this.deps.api.getFix(accountId, fixId, signal)
        failures = 0
        if (job.view.retrying) job.view.retrying = false
      } catch (error) {
        if (signal.aborted || !isTransient(error)) throw error
        failures++
        if (failures >= this.polling.maxFailures) throw error
        job.view.retrying = true
        this.publish()
        await this.sleep(delay, signal)
        delay = Math.min(this.polling.maxMs, delay * this.polling.factor)
        continue
      }
      if (fix.status === 'done') return this.collect(job, fix)
      if (fix.status === 'failed') {
        throw new AppError(
          'repair/failed',
          fix.error
            ? `Makeprintable could not repair ${job.view.fileName}: ${fix.error}.`
            : `Makeprintable could not repair ${job.view.fileName}.`
        )
      }
      this.update(job, fix)
      // Back off while nothing changes; look again soon after it moved.
      delay =
        fix.progress !== lastProgress
          ? this.polling.initialMs
          : Math.min(this.polling.maxMs, delay * this.polling.factor)
      lastProgress = fix.progress
      await this.sleep(delay, signal)
    }
  }

  private async collect(job: Job, fix: FixState): Promise<void> {
    const link = preferredDownload(fix, job.sourcePath)
    if (!link) {
      throw new AppError('repair/failed', 'Makeprintable finished the repair but offered no file.')
    }
    this.setPhase(job, 'downloading', null)
    const bytes = await this.deps.api.download(job.accountId!, link.url, job.controller.signal)
    const ext = link.ext
    const target = job.outputPath ?? repairedPathFor(job.sourcePath, ext)
    if (!job.overwrite && (await exists(target))) {
      job.pending = { bytes, ext }
      job.view.outputName = await nextFreeName(target)
      this.setPhase(job, 'needs-destination', null)
      return
    }
    await this.save(job, target, bytes, job.overwrite)
  }

  private async save(job: Job, path: string, bytes: Buffer, overwrite: boolean): Promise<void> {
    try {
      // 'wx' fails if the file appeared meanwhile: never overwrite unless told to.
      await writeFile(path, bytes, { flag: overwrite ? 'w' : 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        job.pending = { bytes, ext: extname(path).slice(1) }
        job.view.outputName = await nextFreeName(path)
        this.setPhase(job, 'needs-destination', null)
        return
      }
      throw new AppError('files/unreadable', 'Printdock could not save the repaired model there.', {
        cause: error
      })
    }
    job.savedPath = path
    job.view.outputName = path.split(/[/\\]/).pop() ?? path
    this.setPhase(job, 'checking', null)
    const after = await this.deps.inspect(path, job.view.outputName)
    job.view.after = after
    this.finish(job, { phase: 'done' })
  }

  // ---- state --------------------------------------------------------------------------------

  private update(job: Job, fix: FixState): void {
    const phase = fix.status === 'fixing' ? 'fixing' : 'queued'
    this.setPhase(job, phase, fix.progress === null ? null : fix.progress / 100)
  }

  private setPhase(job: Job, phase: RepairJobView['phase'], progress: number | null): void {
    job.view.phase = phase
    job.view.progress = progress
    this.publish()
  }

  private fail(job: Job, error: unknown): void {
    const dto: AppErrorDto = toErrorDto(error)
    if (dto.code === 'internal/unexpected') this.deps.logger.error('repair failed', { error })
    this.finish(job, { phase: 'failed', error: dto })
  }

  private finish(job: Job, change: Partial<RepairJobView>): void {
    Object.assign(job.view, { progress: null, retrying: false, ...change })
    this.forget(job)
    this.publish()
  }

  private persist(job: Job): void {
    if (!this.deps.persist || job.view.fixId === null || !job.accountId) return
    const others = this.deps.settings
      .get('repairJobs')
      .filter((saved) => saved.operationId !== job.view.operationId)
    this.deps.settings.set('repairJobs', [
      ...others,
      {
        operationId: job.view.operationId,
        accountId: job.accountId,
        fixId: job.view.fixId,
        sourcePath: job.sourcePath,
        fileName: job.view.fileName,
        outputPath: job.outputPath,
        overwrite: job.overwrite,
        startedAt: job.view.startedAt
      }
    ])
  }

  private forget(job: Job): void {
    if (!this.deps.persist) return
    const saved = this.deps.settings.get('repairJobs')
    if (saved.some((entry) => entry.operationId === job.view.operationId)) {
      this.deps.settings.set(
        'repairJobs',
        saved.filter((entry) => entry.operationId !== job.view.operationId)
      )
    }
  }

  private publish(): void {
    if (this.listeners.size === 0) return
    void this.source.snapshot().then((snapshot) => {
      for (const listener of this.listeners) listener(snapshot)
    })
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new AppError('operation/cancelled', 'The repair was cancelled.'))
        return
      }
      const cancel = this.deps.clock.schedule(ms, () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      })
      const onAbort = (): void => {
        cancel()
        reject(new AppError('operation/cancelled', 'The repair was cancelled.'))
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/** Network trouble and server errors are worth another try; the rest is final. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === 'network/offline' ||
      error.code === 'network/timeout' ||
      error.code === 'network/server-error' ||
      error.code === 'network/rate-limited')
  )
}

const MODEL_TYPES = ['stl', '3mf', 'obj']

/** The download to take: the original's type when offered, else STL, else any model type. */
function preferredDownload(
  fix: FixState,
  sourcePath: string
): { url: string; ext: string } | undefined {
  const want = extname(sourcePath).slice(1).toLowerCase()
  const typed = fix.downloads.map(({ type, url }) => {
    const fromUrl = /\.([a-z0-9]+)(?:$|\?)/i.exec(new URL(url).pathname)?.[1]?.toLowerCase()
    const ext = MODEL_TYPES.includes(type.toLowerCase()) ? type.toLowerCase() : (fromUrl ?? 'stl')
    return { url, ext }
  })
  return (
    typed.find((d) => d.ext === want) ??
    typed.find((d) => d.ext === 'stl') ??
    typed.find((d) => MODEL_TYPES.includes(d.ext)) ??
    typed[0]
  )
}
