/**
 * Every printer of every linked Obico account, kept current by polling (docs/decisions/0017).
 *
 * One `GET /api/v1/printers/` per account per interval (`PollScheduler`); each reply is validated
 * and normalised into `PrinterSummary`s; only printers whose data changed are pushed
 * (`onDidChange`, with a revision). Commands are sent once and then tracked until a later status
 * confirms them or their time runs out. Electron-free: the app, the harness and the CLI share it.
 */
import type { OperationId } from '../../../shared/ipc/contract'
import type { AccountSummary } from '../../../shared/models/account'
import {
  SNAPSHOT_IMAGE_MAX_BYTES,
  type AccountPrinters,
  type AccountPrintersStatus,
  type AlertVerdict,
  type CommandReceipt,
  type PendingCommand,
  type PrinterCommand,
  type PrinterSettingsPatch,
  type PrinterSummary,
  type PrintersChange,
  type PrintersView,
  type PrintPage,
  type PrintQuery,
  type PrintStats,
  type PrintStatsQuery,
  type SnapshotImage,
  type TemperatureSample
} from '../../../shared/models/printer'
import type { Snapshot } from '../../../shared/snapshot'
import type { AuthorizedRequest, PrintdockAccountService } from '../accounts/service-types'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import { Emitter, type Disposable, type Event } from '../events'
import type { HttpClient, HttpResponse } from '../http'
import { nullLogger, type Logger } from '../logger'
import { confirms, notConfirmedMessage, rejectedMessage } from './command-confirmation'
import {
  acknowledgeAlert,
  deletePrints,
  fetchPrint,
  fetchPrinterList,
  fetchPrints,
  fetchPrintStats,
  muteCurrentPrint,
  patchPrinterSettings,
  sendPrinterCommand,
  ServerAnswerError,
  type AccountCall
} from './obico-printers-api'
import type { ObicoPrinter } from './obico-schemas'
import { normalisePrinter, parsePrinterId, type PrinterReading } from './normalise-printer'
import { fetchSnapshotImage } from './snapshot-image'
import {
  DEFAULT_POLL_INTERVALS,
  PollScheduler,
  retryAfterMs,
  type PollIntervals,
  type ReadOutcome
} from './poll-scheduler'
import {
  endedPrintId,
  PrinterEventDetector,
  type EndedPrintRecord,
  type PrinterEvent
} from './printer-events'
import { toPrintRecord, toPrintStats } from './prints'

/** What the service needs from the account service. */
export type PrinterAccounts = Pick<
  PrintdockAccountService,
  'listAccounts' | 'onDidChangeAccounts' | 'authorizedRequest'
>

/** What the printer service needs. */
export interface PrinterServiceDeps {
  accounts: PrinterAccounts
  /** For snapshot images on another host than the account's server (no credentials sent). */
  http: HttpClient
  clock: Clock
  logger?: Logger
  intervals?: Partial<PollIntervals>
  /** How long a command may go unconfirmed before it is "not confirmed" (default 60 s). */
  confirmTimeoutMs?: number
  random?: () => number
}

/** Samples kept per printer for the temperature chart (an hour at 5 s, ten at 30 s). */
const MAX_TEMPERATURE_SAMPLES = 1200

interface PrinterEntry {
  summary: PrinterSummary
  /** The signed snapshot URL (never leaves core: the page gets a data URL). */
  pictureUrl: string | null
  lastOnlineAt: number | null
  temperatures: TemperatureSample[]
}

interface TrackedCommand {
  pending: PendingCommand
  printIdAtSend: number | null
  sentAtMs: number
  cancelTimer?: () => void
}

interface AccountEntry {
  account: AccountSummary
  status: AccountPrintersStatus
  detail?: string
  lastReadAt: number | null
  printers: Map<string, PrinterEntry>
}

/** The printers of all linked Obico accounts. */
export class PrinterService implements Disposable {
  private readonly accountsById = new Map<string, AccountEntry>()
  private readonly commands = new Map<string, TrackedCommand>()
  private readonly changes = new Emitter<PrintersChange>()
  private readonly events = new Emitter<PrinterEvent[]>()
  private readonly detector = new PrinterEventDetector()
  private readonly scheduler: PollScheduler
  private readonly logger: Logger
  private readonly confirmTimeoutMs: number
  private readonly subscriptions: Disposable[] = []
  private revision = 0
  private watched = false
  private visible = true
  private started = false

  /** Only the printers that changed, after every read that changed something. */
  readonly onDidChange: Event<PrintersChange> = this.changes.event
  /** Happenings worth a notification, once each. */
  readonly onDidDetectEvents: Event<PrinterEvent[]> = this.events.event

  constructor(private readonly deps: PrinterServiceDeps) {
    this.logger = deps.logger ?? nullLogger
    this.confirmTimeoutMs = deps.confirmTimeoutMs ?? 60_000
    this.scheduler = new PollScheduler({
      clock: deps.clock,
      intervals: { ...DEFAULT_POLL_INTERVALS, ...deps.intervals },
      read: (accountId) => this.readAccount(accountId),
      random: deps.random
    })
  }

  /** Starts polling every linked Obico account, and follows accounts as they change. */
  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    this.subscriptions.push(
      this.deps.accounts.onDidChangeAccounts((snapshot) => this.syncAccounts(snapshot.value))
    )
    this.syncAccounts(await this.deps.accounts.listAccounts())
  }

  /** Whether some window watches the printers (a `printers:watch` lease is held). */
  setWatched(watched: boolean): void {
    this.watched = watched
    this.scheduler.setFast(this.watched && this.visible)
  }

  /** Whether the app's window is visible (minimised or hidden: slow polling). */
  setVisible(visible: boolean): void {
    this.visible = visible
    this.scheduler.setFast(this.watched && this.visible)
  }

  /** The current interval of a healthy account, in ms (for diagnostics and tests). */
  get pollIntervalMs(): number {
    return this.scheduler.intervalMs
  }

  /** Every printer as last read, with the current revision. */
  snapshot(): Snapshot<PrintersView> {
    return { revision: this.revision, value: this.view() }
  }

  /** Reads every account now and answers with the result. */
  async refresh(): Promise<Snapshot<PrintersView>> {
    await Promise.all([...this.accountsById.keys()].map((id) => this.scheduler.readNow(id)))
    return this.snapshot()
  }

  /** One printer's summary; throws 'printers/not-found'. */
  printer(printerId: string): PrinterSummary {
    return this.requireEntry(printerId).entry.summary
  }

  /**
   * Sends `command` to each printer once. Never retried: the answer and then the printer's status
   * say what happened (`pendingCommand`).
   */
  async command(
    operationId: OperationId,
    printerIds: string[],
    command: PrinterCommand
  ): Promise<CommandReceipt[]> {
    const unique = [...new Set(printerIds)]
    const receipts = await Promise.all(
      unique.map((printerId) => this.commandOne(operationId, printerId, command))
    )
    const accounts = new Set(
      unique.map((id) => parsePrinterId(id)?.accountId).filter((id) => id !== undefined)
    )
    for (const accountId of accounts) this.scheduler.burst(accountId)
    return receipts
  }

  /** Resolves when the command `operationId` on this printer is confirmed, not confirmed, or failed. */
  waitForCommand(printerId: string, operationId: OperationId): Promise<PendingCommand> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const pending = this.commands.get(printerId)?.pending
        if (!pending || pending.operationId !== operationId) return false
        if (pending.state === 'sending' || pending.state === 'awaiting-confirmation') return false
        resolve(pending)
        return true
      }
      if (check()) return
      const subscription = this.onDidChange(() => {
        if (check()) subscription.dispose()
      })
    })
  }

  /** "It failed" / "Not a failure" on the current print's alert. */
  async acknowledgeAlert(printerId: string, verdict: AlertVerdict): Promise<PrinterSummary> {
    const { accountId, entry } = this.requireEntry(printerId)
    if (!entry.summary.alert) {
      throw new AppError('printers/not-printing', `${entry.summary.name} has no open alert.`)
    }
    await acknowledgeAlert(this.call(accountId), entry.summary.obicoId, verdict)
    await this.scheduler.readNow(accountId)
    return this.printer(printerId)
  }

  /** Mutes alerts for the current print; refused when nothing is printing (the server would crash). */
  async mute(printerId: string, mute: boolean): Promise<PrinterSummary> {
    const { accountId, entry } = this.requireEntry(printerId)
    // mute_current_print with no current print is a 500 on the real server (§2.3, §6 item 12).
    if (entry.summary.job?.printId === null || entry.summary.job === null) {
      throw new AppError('printers/not-printing', `${entry.summary.name} is not printing anything.`)
    }
    await muteCurrentPrint(this.call(accountId), entry.summary.obicoId, mute)
    await this.scheduler.readNow(accountId)
    return this.printer(printerId)
  }

  /** Changes the settings Obico allows (known keys only). */
  async updateSettings(printerId: string, patch: PrinterSettingsPatch): Promise<PrinterSummary> {
    const { accountId, entry } = this.requireEntry(printerId)
    await patchPrinterSettings(this.call(accountId), entry.summary.obicoId, patch)
    await this.scheduler.readNow(accountId)
    return this.printer(printerId)
  }

  /** The latest webcam snapshot as a bounded data URL, or why there is none. */
  async snapshotImage(printerId: string): Promise<SnapshotImage> {
    const { accountId, entry } = this.requireEntry(printerId)
    const account = this.accountsById.get(accountId)
    if (!entry.pictureUrl || !account || !entry.summary.snapshotKey) {
      return { ok: false, reason: 'no-snapshot', message: 'There is no recent snapshot.' }
    }
    return fetchSnapshotImage({
      url: entry.pictureUrl,
      snapshotKey: entry.summary.snapshotKey,
      serverOrigin: account.account.serverOrigin,
      maxBytes: SNAPSHOT_IMAGE_MAX_BYTES,
      withCredentials: this.call(accountId),
      withoutCredentials: (request) => this.deps.http.request(request)
    })
  }

  /** Temperatures read since the app started, oldest first. */
  temperatureHistory(printerId: string): TemperatureSample[] {
    return [...this.requireEntry(printerId).entry.temperatures]
  }

  /** A page of one account's print history. */
  async listPrints(query: PrintQuery): Promise<PrintPage> {
    const account = this.requireAccount(query.accountId)
    const obicoIds = this.obicoIdsOf(query.accountId, query.printerIds)
    // One more than asked tells whether another page follows (the list has no total, §2.4).
    const prints = await fetchPrints(
      this.call(query.accountId),
      { ...query, limit: query.limit + 1 },
      obicoIds
    )
    return {
      prints: prints.slice(0, query.limit).map((print) => toPrintRecord(account.account.id, print)),
      hasMore: prints.length > query.limit
    }
  }

  /** Deletes prints from an account's history. */
  async deletePrints(accountId: string, printIds: number[]): Promise<{ deleted: number }> {
    this.requireAccount(accountId)
    await deletePrints(this.call(accountId), printIds)
    return { deleted: printIds.length }
  }

  /** Totals and periods from `prints/stats/`. */
  async stats(query: PrintStatsQuery): Promise<PrintStats> {
    this.requireAccount(query.accountId)
    const obicoIds = this.obicoIdsOf(query.accountId, query.printerIds)
    return toPrintStats(await fetchPrintStats(this.call(query.accountId), query, obicoIds))
  }

  dispose(): void {
    this.scheduler.dispose()
    for (const tracked of this.commands.values()) tracked.cancelTimer?.()
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose()
    this.changes.dispose()
    this.events.dispose()
  }

  // -------------------------------------------------------------------------------------------

  private syncAccounts(accounts: AccountSummary[]): void {
    const obico = accounts.filter((account) => account.provider === 'obico')
    const wanted = new Set(obico.map((account) => account.id))
    const removed: string[] = []
    for (const [id, entry] of this.accountsById) {
      if (wanted.has(id)) continue
      removed.push(...entry.printers.keys())
      this.accountsById.delete(id)
    }
    for (const account of obico) {
      const existing = this.accountsById.get(account.id)
      if (existing) {
        const relinked = existing.account.state !== 'linked' && account.state === 'linked'
        existing.account = account
        // A re-linked account is read at once rather than after its backoff.
        if (relinked) void this.scheduler.readNow(account.id)
      } else {
        this.accountsById.set(account.id, {
          account,
          status: 'ok',
          lastReadAt: null,
          printers: new Map()
        })
      }
    }
    this.scheduler.setAccounts([...wanted])
    if (removed.length > 0) {
      this.detector.forget(removed)
      for (const id of removed) this.dropCommand(id)
      this.emit([], removed)
    }
  }

  /** One read of one account's printers; never throws. */
  private async readAccount(accountId: string): Promise<ReadOutcome> {
    const startedAt = this.deps.clock.now()
    // A credential the server refused stays refused until the user links again (which reads at
    // once): no point sending it, nor refreshing it, every backoff period.
    if (this.accountsById.get(accountId)?.account.state === 'needs-relink') {
      return this.readFailed(
        accountId,
        new AppError('auth/needs-relink', 'The account needs to be linked again.')
      )
    }
    let printers: ObicoPrinter[]
    try {
      printers = await fetchPrinterList(this.call(accountId))
    } catch (error) {
      return this.readFailed(accountId, error)
    }
    const entry = this.accountsById.get(accountId)
    if (!entry) return { ok: true } // unlinked meanwhile
    const readAt = this.deps.clock.now()
    const previousStatus = entry.status
    entry.status = 'ok'
    delete entry.detail
    entry.lastReadAt = readAt

    const changed: PrinterSummary[] = []
    const seen = new Set<string>()
    const ended = new Map<number, PrinterSummary>()
    for (const printer of printers) {
      const reading = normalisePrinter(accountId, printer, readAt)
      seen.add(reading.id)
      const before = entry.printers.get(reading.id)
      const next = this.merge(before, reading, printer, readAt, startedAt)
      entry.printers.set(reading.id, next)
      if (before && endedPrintId(before.summary, next.summary) !== null) {
        ended.set(before.summary.job?.printId as number, next.summary)
      }
      if (!before || !sameSummary(before.summary, next.summary)) changed.push(next.summary)
    }
    const removed = [...entry.printers.keys()].filter((id) => !seen.has(id))
    for (const id of removed) {
      entry.printers.delete(id)
      this.dropCommand(id)
    }
    this.detector.forget(removed)

    this.emit(changed, removed, previousStatus !== 'ok')
    await this.detect(
      accountId,
      [...entry.printers.values()].map((p) => p.summary),
      ended
    )
    return { ok: true }
  }

  private merge(
    before: PrinterEntry | undefined,
    reading: PrinterReading,
    printer: ObicoPrinter,
    readAt: number,
    readStartedAt: number
  ): PrinterEntry {
    const online = reading.state !== 'offline'
    const lastOnlineAt = online ? readAt : (before?.lastOnlineAt ?? null)
    const temperatures = before?.temperatures ?? []
    if (online && (reading.temperatures.tool || reading.temperatures.bed)) {
      temperatures.push({ at: readAt, ...reading.temperatures })
      if (temperatures.length > MAX_TEMPERATURE_SAMPLES) temperatures.shift()
    }
    const pendingCommand = this.confirmCommand(reading, readStartedAt)
    const summary: PrinterSummary = {
      ...reading,
      pendingCommand,
      stale: false,
      lastSeen: online || lastOnlineAt === null ? null : new Date(lastOnlineAt).toISOString(),
      revision: before?.summary.revision ?? 0
    }
    if (!before || !sameSummary(before.summary, summary)) summary.revision = this.revision + 1
    return { summary, pictureUrl: printer.pic?.img_url ?? null, lastOnlineAt, temperatures }
  }

  /** Updates the printer's tracked command from a read that started at `readStartedAt`. */
  private confirmCommand(reading: PrinterReading, readStartedAt: number): PendingCommand | null {
    const tracked = this.commands.get(reading.id)
    if (!tracked) return null
    const pending = tracked.pending
    // Only a read that began after the command was sent can confirm it.
    if (
      pending.state === 'awaiting-confirmation' &&
      readStartedAt >= tracked.sentAtMs &&
      confirms(pending.command, reading, tracked.printIdAtSend)
    ) {
      tracked.cancelTimer?.()
      tracked.pending = { ...pending, state: 'confirmed' }
      delete tracked.pending.message
    }
    return tracked.pending
  }

  private readFailed(accountId: string, error: unknown): ReadOutcome {
    const entry = this.accountsById.get(accountId)
    if (!entry) return { ok: false }
    const { status, detail } = failureStatus(error, entry.account)
    this.logger.warn('printers: reading an account failed', {
      accountId,
      status,
      error
    })
    const statusChanged = entry.status !== status || entry.detail !== detail
    entry.status = status
    entry.detail = detail
    const changed: PrinterSummary[] = []
    for (const printer of entry.printers.values()) {
      const lastSeen =
        printer.lastOnlineAt === null ? null : new Date(printer.lastOnlineAt).toISOString()
      if (printer.summary.stale && printer.summary.lastSeen === lastSeen) continue
      printer.summary = { ...printer.summary, stale: true, lastSeen, revision: this.revision + 1 }
      changed.push(printer.summary)
    }
    this.emit(changed, [], statusChanged)
    const retryAfter =
      error instanceof ServerAnswerError
        ? retryAfterMs(error.retryAfter, this.deps.clock.now())
        : undefined
    return { ok: false, retryAfterMs: retryAfter }
  }

  private async commandOne(
    operationId: OperationId,
    printerId: string,
    command: PrinterCommand
  ): Promise<CommandReceipt> {
    const found = this.findEntry(printerId)
    if (!found) {
      return { printerId, state: 'rejected', message: 'That printer is not on any linked account.' }
    }
    const { accountId, entry } = found
    const now = this.deps.clock.now()
    this.dropCommand(printerId)
    const tracked: TrackedCommand = {
      pending: {
        operationId,
        command,
        state: 'sending',
        sentAt: new Date(now).toISOString(),
        confirmBy: new Date(now + this.confirmTimeoutMs).toISOString()
      },
      printIdAtSend: entry.summary.job?.printId ?? null,
      sentAtMs: now
    }
    this.commands.set(printerId, tracked)
    this.updatePending(printerId)
    let receipt: CommandReceipt
    try {
      const { succeeded } = await sendPrinterCommand(
        this.call(accountId),
        entry.summary.obicoId,
        command
      )
      if (succeeded) {
        tracked.pending = { ...tracked.pending, state: 'awaiting-confirmation' }
        const remaining = Math.max(
          0,
          tracked.sentAtMs + this.confirmTimeoutMs - this.deps.clock.now()
        )
        tracked.cancelTimer = this.deps.clock.schedule(remaining, () =>
          this.expire(printerId, tracked)
        )
        receipt = { printerId, state: 'awaiting-confirmation' }
      } else {
        const message = rejectedMessage(command, entry.summary.name)
        tracked.pending = { ...tracked.pending, state: 'rejected', message }
        receipt = { printerId, state: 'rejected', message }
      }
    } catch (error) {
      // Not retried: the command may have reached Obico before the connection failed.
      const reason = error instanceof AppError ? error.message : 'The request failed.'
      const message = `The ${command} did not reach the server: ${reason} It was not sent again; check the printer before trying again.`
      tracked.pending = { ...tracked.pending, state: 'failed', message }
      receipt = { printerId, state: 'failed', message }
      this.logger.warn('printers: a command failed', { command, printerId, error })
    }
    if (this.commands.get(printerId) === tracked) this.updatePending(printerId)
    return receipt
  }

  /** The confirmation time ran out. */
  private expire(printerId: string, tracked: TrackedCommand): void {
    if (this.commands.get(printerId) !== tracked) return
    if (tracked.pending.state !== 'awaiting-confirmation') return
    tracked.pending = {
      ...tracked.pending,
      state: 'not-confirmed',
      message: notConfirmedMessage(tracked.pending.command)
    }
    this.updatePending(printerId)
  }

  private dropCommand(printerId: string): void {
    this.commands.get(printerId)?.cancelTimer?.()
    this.commands.delete(printerId)
  }

  /** Pushes a printer whose pending command changed. */
  private updatePending(printerId: string): void {
    const found = this.findEntry(printerId)
    if (!found) return
    const pendingCommand = this.commands.get(printerId)?.pending ?? null
    found.entry.summary = {
      ...found.entry.summary,
      pendingCommand,
      revision: this.revision + 1
    }
    this.emit([found.entry.summary], [])
  }

  private async detect(
    accountId: string,
    summaries: PrinterSummary[],
    ended: Map<number, PrinterSummary>
  ): Promise<void> {
    const records = new Map<number, EndedPrintRecord>()
    // How Obico recorded each ended print tells finished from cancelled (one read per ended print).
    await Promise.all(
      [...ended.keys()].map(async (printId) => {
        try {
          const print = await fetchPrint(this.call(accountId), printId)
          if (print?.finished_at) records.set(printId, 'finished')
          else if (print?.cancelled_at) records.set(printId, 'cancelled')
        } catch (error) {
          this.logger.debug('printers: could not read an ended print', { printId, error })
        }
      })
    )
    const events = this.detector.observe(summaries, records)
    if (events.length > 0) this.events.fire(events)
  }

  private emit(changed: PrinterSummary[], removed: string[], accountsChanged = false): void {
    if (changed.length === 0 && removed.length === 0 && !accountsChanged) return
    this.revision += 1
    for (const summary of changed) summary.revision = this.revision
    const view = this.view()
    this.changes.fire({
      revision: this.revision,
      accounts: view.accounts,
      changed,
      removed,
      openAlerts: view.openAlerts
    })
  }

  private view(): PrintersView {
    const accounts: AccountPrinters[] = []
    const printers: PrinterSummary[] = []
    for (const entry of this.accountsById.values()) {
      const next = this.scheduler.nextReadAt(entry.account.id)
      accounts.push({
        accountId: entry.account.id,
        displayName: entry.account.displayName,
        providerLabel: entry.account.providerLabel,
        status: entry.status,
        ...(entry.detail ? { detail: entry.detail } : {}),
        lastReadAt: entry.lastReadAt === null ? null : new Date(entry.lastReadAt).toISOString(),
        nextReadAt: next === undefined ? null : new Date(next).toISOString()
      })
      for (const printer of entry.printers.values()) printers.push(printer.summary)
    }
    return { accounts, printers, openAlerts: countOpenAlerts(printers) }
  }

  private call(accountId: string): AccountCall {
    return (request: AuthorizedRequest): Promise<HttpResponse> =>
      this.deps.accounts.authorizedRequest(accountId, request)
  }

  private findEntry(printerId: string): { accountId: string; entry: PrinterEntry } | undefined {
    const parsed = parsePrinterId(printerId)
    if (!parsed) return undefined
    const entry = this.accountsById.get(parsed.accountId)?.printers.get(printerId)
    return entry ? { accountId: parsed.accountId, entry } : undefined
  }

  private requireEntry(printerId: string): { accountId: string; entry: PrinterEntry } {
    const found = this.findEntry(printerId)
    if (!found) {
      throw new AppError('printers/not-found', 'That printer is no longer on any linked account.')
    }
    return found
  }

  private requireAccount(accountId: string): AccountEntry {
    const entry = this.accountsById.get(accountId)
    if (!entry) {
      throw new AppError(
        'printers/unsupported-account',
        'Printers and prints come from linked Obico accounts only.'
      )
    }
    return entry
  }

  private obicoIdsOf(accountId: string, printerIds: string[] | undefined): number[] {
    return (printerIds ?? []).map((printerId) => {
      const parsed = parsePrinterId(printerId)
      if (!parsed || parsed.accountId !== accountId) {
        throw new AppError('printers/not-found', 'That printer is not on this account.')
      }
      return parsed.obicoId
    })
  }
}

/** Printers with an open failure alert that is not muted: the badge count. */
export function countOpenAlerts(printers: PrinterSummary[]): number {
  return printers.filter((printer) => printer.alert !== null && !printer.alert.muted).length
}

/** Equal but for the revision: a read that changed nothing is not pushed. */
function sameSummary(a: PrinterSummary, b: PrinterSummary): boolean {
  return JSON.stringify({ ...a, revision: 0 }) === JSON.stringify({ ...b, revision: 0 })
}

/** The account's printers status after a failed read, with plain words. */
function failureStatus(
  error: unknown,
  account: AccountSummary
): { status: AccountPrintersStatus; detail: string } {
  const code = error instanceof AppError ? error.code : 'internal/unexpected'
  const server = account.serverOrigin
  if (
    code === 'auth/needs-relink' ||
    code === 'auth/invalid-credentials' ||
    code.startsWith('vault/')
  ) {
    return {
      status: 'needs-relink',
      detail: `${account.providerLabel} no longer accepts this sign-in. Link the account again to see its printers.`
    }
  }
  if (code === 'network/bad-response' && !(error instanceof ServerAnswerError)) {
    return {
      status: 'malformed-reply',
      detail: `${server} answered with something that is not a printer list. Check the server address.`
    }
  }
  if (error instanceof ServerAnswerError && error.status < 500 && error.status !== 429) {
    return {
      status: 'malformed-reply',
      detail: `${server} refused to list the printers (HTTP ${error.status}).`
    }
  }
  if (code === 'network/too-large') {
    return {
      status: 'malformed-reply',
      detail: `${server} sent far more data than a printer list, so Printdock stopped reading.`
    }
  }
  return {
    status: 'unreachable',
    detail: `Printdock could not reach ${server}. The printers show what was last seen.`
  }
}
