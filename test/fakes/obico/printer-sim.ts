import type { Clock } from '../../../src/main/core/clock'
import type { ObicoStore } from './store'
import type { ObicoPrinterEvent } from './types'

/** What the simulated agent is doing. */
export type SimPhase = 'idle' | 'printing' | 'pausing' | 'paused' | 'resuming' | 'cancelling'

/** A downlink frame exactly as Obico publishes it to the agent's group (obico-api.md §2.8). */
export interface CommandFrame {
  commands: {
    cmd: 'pause' | 'resume' | 'cancel'
    args: Record<string, unknown>
    initiator: 'api' | 'system'
  }[]
  type: 'printer.message'
}

/** One published command; `delivered` is false when no agent was connected (the frame is dropped). */
export interface PublishedCommand {
  at: number
  frame: CommandFrame
  delivered: boolean
}

/**
 * How the simulated agent treats the commands Obico publishes to it. The real server only
 * publishes and answers at once (obico-api.md §2.8, §7): the status changes only when the agent
 * acts and reports, and an offline or stuck agent never does.
 * - `acts`: the agent acts `delayMs` after the command was published;
 * - `ignores`: the agent drops every command (stuck agent; the reply is still `succeeded: true`).
 */
export interface AgentBehaviour {
  mode: 'acts' | 'ignores'
  delayMs: number
}

/** The default: the agent acts on a command one second after Obico published it. */
export const DEFAULT_AGENT_BEHAVIOUR: Readonly<AgentBehaviour> = Object.freeze({
  mode: 'acts',
  delayMs: 1_000
})

interface QueuedCommand {
  at: number
  cmd: 'pause' | 'resume' | 'cancel'
  args: Record<string, unknown>
}

/** A print job running on the simulated printer. */
export interface SimJob {
  printId: number
  fileName: string
  fileSize: number
  gcodeFileId: number | null
  totalMs: number
  layers: number
  layerHeight: number
  filamentMm: number
  elapsedMs: number
  startedAt: number
}

/** Options for starting a job on a simulated printer. */
export interface SimJobOptions {
  fileName: string
  durationSeconds?: number
  layers?: number
  fileSize?: number
  gcodeFileId?: number | null
  /** How far into the job the printer already is, 0..1 (seed data). */
  startFraction?: number
}

/** Transitional states last this long before the agent reports the settled state. */
export const PAUSING_MS = 2_000
export const RESUMING_MS = 1_500
export const CANCELLING_MS = 2_000
const HEATER_TAU_MS = 20_000
const AMBIENT = 24

/** A heater whose temperature approaches its target exponentially (computed lazily). */
class Heater {
  private anchorValue: number
  private anchorAt: number
  constructor(
    public target: number,
    at: number
  ) {
    this.anchorValue = target || AMBIENT
    this.anchorAt = at
  }

  value(t: number): number {
    const goal = this.target || AMBIENT
    const dt = Math.max(0, t - this.anchorAt)
    return goal + (this.anchorValue - goal) * Math.exp(-dt / HEATER_TAU_MS)
  }

  setTarget(t: number, target: number): void {
    this.anchorValue = this.value(t)
    this.anchorAt = t
    this.target = target
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/**
 * A printer with a connected agent (OctoPrint-Obico or moonraker-obico), simulated lazily from the
 * clock: every read first replays the transitions that fell due since the last read, so no real
 * timers are needed. Commands take effect only when "delivered" to a connected agent, and show in
 * the next status, never in the command's own response (obico-api.md §2.8, §6 items 10–11).
 */
export class SimulatedPrinter {
  agentOnline = true
  firmwareConnected = true
  /** When the agent went away; the snapshot lingers 30 minutes after (obico-api.md §2.3). */
  offlineSince: number | null = null
  phase: SimPhase = 'idle'
  job: SimJob | null = null
  alertP: number | null = null
  /** The printer reports this error (`state.text` "Error: …") until cleared. */
  errorText: string | null = null
  readonly published: PublishedCommand[] = []
  behaviour: AgentBehaviour = { ...DEFAULT_AGENT_BEHAVIOUR }
  /** Commands the agent received and will act on once their time comes. */
  private queued: QueuedCommand[] = []
  private phaseUntil = 0
  private lastSync: number
  private pauseArgs: Record<string, unknown> = {}
  private readonly tool0: Heater
  private readonly bed: Heater

  constructor(
    private readonly store: ObicoStore,
    private readonly clock: Clock,
    readonly printerId: number,
    readonly agentName: 'octoprint_obico' | 'moonraker_obico'
  ) {
    this.lastSync = clock.now()
    this.tool0 = new Heater(0, this.lastSync)
    this.bed = new Heater(0, this.lastSync)
  }

  /** Replays every transition due up to now. */
  sync(): void {
    const now = this.clock.now()
    for (;;) {
      const next = this.queued[0]
      const settleAt = this.isTransitional() ? this.phaseUntil : Infinity
      const finishAt =
        this.phase === 'printing' && this.job
          ? this.lastSync + (this.job.totalMs - this.job.elapsedMs)
          : Infinity
      // A command the agent acts on before anything else falls due is applied first.
      if (next && next.at <= now && next.at <= settleAt && next.at <= finishAt) {
        this.queued.shift()
        this.accumulate(next.at)
        this.act(next)
        continue
      }
      if (this.isTransitional() && this.phaseUntil <= now) {
        this.accumulate(this.phaseUntil)
        this.settle(this.phaseUntil)
        continue
      }
      if (this.phase === 'printing' && this.job) {
        const finishAt = this.lastSync + (this.job.totalMs - this.job.elapsedMs)
        if (finishAt <= now) {
          this.accumulate(finishAt)
          this.endJob(finishAt, 'finished')
          continue
        }
      }
      this.accumulate(now)
      return
    }
  }

  /** Starts a job for an existing Print row (the Print is the server's record of it). */
  startJob(printId: number, options: SimJobOptions): void {
    this.sync()
    const now = this.clock.now()
    const totalMs = Math.max(1, Math.round((options.durationSeconds ?? 3600) * 1000))
    const elapsedMs = Math.min(totalMs - 1, Math.round(totalMs * (options.startFraction ?? 0)))
    this.job = {
      printId,
      fileName: options.fileName,
      fileSize: options.fileSize ?? 2_345_678,
      gcodeFileId: options.gcodeFileId ?? null,
      totalMs,
      layers: options.layers ?? 120,
      layerHeight: 0.2,
      filamentMm: round(totalMs / 1000 / 1.7, 1),
      elapsedMs,
      startedAt: now - elapsedMs
    }
    this.phase = 'printing'
    this.alertP = null
    this.tool0.setTarget(now, 215)
    this.bed.setTarget(now, 60)
    if (elapsedMs > 0) {
      // A job seeded mid-way has long been at temperature.
      this.tool0.setTarget(now - 10 * HEATER_TAU_MS, 215)
      this.bed.setTarget(now - 10 * HEATER_TAU_MS, 60)
    }
    this.addEvent('STARTED', 'INFO', `Print job started`, printId, now)
  }

  /** Puts a running job straight into Paused (seed data: a printer found paused at start-up). */
  seedPaused(): void {
    this.sync()
    if (!this.job) return
    const now = this.clock.now()
    this.phase = 'paused'
    this.tool0.setTarget(now - 10 * HEATER_TAU_MS, 0)
  }

  /** Drops the job without touching its Print (the server closed it: start_print/finish_print). */
  abortJob(): void {
    this.sync()
    const now = this.clock.now()
    this.job = null
    this.phase = 'idle'
    this.alertP = null
    this.tool0.setTarget(now, 0)
    this.bed.setTarget(now, 0)
  }

  /** Publishes a command frame; a connected agent acts on it (obico-api.md §2.8). */
  publish(
    cmd: 'pause' | 'resume' | 'cancel',
    args: Record<string, unknown>,
    initiator: 'api' | 'system'
  ): void {
    this.sync()
    const now = this.clock.now()
    const delivered = this.agentOnline
    this.published.push({
      at: now,
      frame: { commands: [{ cmd, args, initiator }], type: 'printer.message' },
      delivered
    })
    // Channel messages are not stored for offline agents (obico-api.md §2.8); a stuck agent drops them.
    if (!delivered || this.behaviour.mode === 'ignores') return
    this.queued.push({ at: now + Math.max(0, this.behaviour.delayMs), cmd, args })
    this.queued.sort((a, b) => a.at - b.at)
  }

  /** Sets how the agent treats later commands (already received ones keep their time). */
  setBehaviour(behaviour: Partial<AgentBehaviour>): void {
    this.sync()
    this.behaviour = { ...this.behaviour, ...behaviour }
    if (this.behaviour.mode === 'ignores') this.queued = []
  }

  /** The agent acts on a received command, as the real agents do: only where it makes sense. */
  private act(command: QueuedCommand): void {
    const at = command.at
    if (!this.agentOnline || !this.firmwareConnected || !this.job) return
    if (command.cmd === 'pause' && this.phase === 'printing') {
      this.phase = 'pausing'
      this.phaseUntil = at + PAUSING_MS
      this.pauseArgs = command.args
    } else if (command.cmd === 'resume' && this.phase === 'paused') {
      this.phase = 'resuming'
      this.phaseUntil = at + RESUMING_MS
    } else if (command.cmd === 'cancel' && this.phase !== 'idle' && this.phase !== 'cancelling') {
      this.phase = 'cancelling'
      this.phaseUntil = at + CANCELLING_MS
    }
  }

  /**
   * The printer fails mid-print (thermal runaway, a firmware halt): the agent reports PrintFailed,
   * which Obico records as cancelled (obico-ai-and-stats.md §3.1), and an error state after it.
   */
  failPrint(message: string): boolean {
    this.sync()
    if (!this.job) return false
    const now = this.clock.now()
    this.endJob(now, 'failed')
    this.errorText = message
    return true
  }

  /** The user cleared the printer's error (reconnected it). */
  clearError(): void {
    this.sync()
    this.errorText = null
  }

  /** The agent disconnects (status becomes null) or comes back. The printer keeps printing. */
  setAgentOnline(online: boolean): void {
    this.sync()
    // A command published while the agent was away never reaches it (§2.8).
    if (!online) this.queued = []
    if (this.agentOnline && !online) this.offlineSince = this.clock.now()
    if (online) this.offlineSince = null
    this.agentOnline = online
  }

  /** The printer's serial link drops (closedOrError) or returns; a running job fails. */
  setFirmwareConnected(connected: boolean): void {
    this.sync()
    const now = this.clock.now()
    if (!connected && this.job) this.endJob(now, 'cancelled')
    this.firmwareConnected = connected
  }

  /** Obico's failure gauge for this printer (0–1). */
  normalizedP(): number {
    this.sync()
    if (!this.job) return 0
    if (this.alertP !== null) return this.alertP
    return round(0.04 + 0.04 * ((Math.sin(this.job.elapsedMs / 90_000) + 1) / 2), 4)
  }

  /** The agent's last status, as Obico stores it, or null when the agent is offline (§2.3). */
  status(): Record<string, unknown> | null {
    this.sync()
    if (!this.agentOnline) return null
    const now = this.clock.now()
    const base = { _ts: this.agentName === 'moonraker_obico' ? now / 1000 : Math.floor(now / 1000) }
    if (!this.firmwareConnected) {
      return {
        ...base,
        state: {
          text: 'Offline',
          flags: this.flags({ operational: false, closedOrError: true }),
          error: null
        },
        job: this.jobJson(),
        progress: this.progressJson(),
        temperatures: {},
        currentZ: null,
        currentLayerHeight: null
      }
    }
    if (this.errorText !== null) {
      return {
        ...base,
        state: {
          text: `Error: ${this.errorText}`,
          flags: this.flags({ operational: false, error: true, closedOrError: true }),
          error: this.errorText
        },
        job: this.jobJson(),
        progress: this.progressJson(),
        temperatures: {
          tool0: { actual: round(this.tool0.value(now), 2), target: 0, offset: 0 },
          bed: { actual: round(this.bed.value(now), 2), target: 0, offset: 0 }
        },
        currentZ: null,
        currentLayerHeight: null
      }
    }
    const texts: Record<SimPhase, string> = {
      idle: 'Operational',
      printing: 'Printing',
      pausing: 'Pausing',
      paused: 'Paused',
      resuming: 'Resuming',
      cancelling: 'Cancelling'
    }
    const job = this.job
    const layer = job ? Math.max(1, Math.ceil((job.elapsedMs / job.totalMs) * job.layers)) : null
    const temperatures: Record<string, unknown> = {
      tool0: { actual: round(this.tool0.value(now), 2), target: this.tool0.target, offset: 0 },
      bed: { actual: round(this.bed.value(now), 2), target: this.bed.target, offset: 0 }
    }
    if (this.agentName === 'moonraker_obico') {
      // A sensor, not a heater: its target is null (obico-api.md §2.3).
      temperatures.chamber = { actual: 27.5, target: null, offset: 0 }
    }
    const status: Record<string, unknown> = {
      ...base,
      state: {
        text: texts[this.phase],
        flags: this.flags({
          operational: true,
          printing: this.phase === 'printing',
          pausing: this.phase === 'pausing',
          paused: this.phase === 'paused',
          resuming: this.phase === 'resuming',
          cancelling: this.phase === 'cancelling',
          ready: this.phase === 'idle'
        }),
        error: null
      },
      job: this.jobJson(),
      progress: this.progressJson(),
      temperatures,
      currentZ: job && layer !== null ? round(layer * job.layerHeight, 2) : null,
      currentLayerHeight: layer,
      currentFeedRate: job ? 1 : null,
      currentFlowRate: job ? 1 : null
    }
    if (job) {
      status.file_metadata = {
        analysis: { printingArea: { maxZ: round(job.layers * job.layerHeight, 2) } },
        obico: { totalLayerCount: job.layers }
      }
    }
    return status
  }

  /** Raises the AI failure gauge and alerts the current print; pauses it when the printer says so. */
  raiseFailureAlert(p: number): boolean {
    this.sync()
    const printer = this.store.printer(this.printerId)
    const print = this.store.print(printer?.current_print_id ?? null)
    if (!printer || !print || !this.job) return false
    const now = this.clock.now()
    this.alertP = p
    print.alerted_at = now
    this.addEvent('FAILURE_ALERTED', 'WARNING', 'Possible failure detected', print.id, now)
    if (printer.action_on_failure === 'PAUSE' && !print.alert_muted_at) {
      // The AI auto-pause: initiator "system", and the only path that sets paused_at (§2.4, §2.8).
      print.paused_at = now
      this.publish('pause', pauseArgs(printer), 'system')
    }
    return true
  }

  private isTransitional(): boolean {
    return this.phase === 'pausing' || this.phase === 'resuming' || this.phase === 'cancelling'
  }

  /** Adds print time up to `to` when the nozzle is moving. */
  private accumulate(to: number): void {
    if (this.job && (this.phase === 'printing' || this.phase === 'pausing')) {
      this.job.elapsedMs = Math.min(
        this.job.totalMs,
        this.job.elapsedMs + Math.max(0, to - this.lastSync)
      )
    }
    this.lastSync = Math.max(this.lastSync, to)
  }

  /** A transitional state settles at time `at`. */
  private settle(at: number): void {
    if (this.phase === 'pausing') {
      this.phase = 'paused'
      if (this.pauseArgs.tools_off) this.tool0.setTarget(at, 0)
      if (this.pauseArgs.bed_off) this.bed.setTarget(at, 0)
      this.addEvent('PAUSED', 'WARNING', 'Print job paused', this.job?.printId ?? null, at)
    } else if (this.phase === 'resuming') {
      this.phase = 'printing'
      this.tool0.setTarget(at, 215)
      this.bed.setTarget(at, 60)
      this.addEvent('RESUMED', 'INFO', 'Print job resumed', this.job?.printId ?? null, at)
    } else if (this.phase === 'cancelling') {
      this.endJob(at, 'cancelled')
    }
  }

  /** The agent reports PrintDone/PrintCancelled: Obico closes the Print (obico-api.md §4). */
  private endJob(at: number, how: 'finished' | 'cancelled' | 'failed'): void {
    const job = this.job
    if (!job) return
    this.queued = []
    const print = this.store.print(job.printId)
    if (print && print.finished_at === null && print.cancelled_at === null) {
      // PrintFailed sets cancelled_at too (obico-ai-and-stats.md §3.1).
      if (how === 'finished') print.finished_at = at
      else print.cancelled_at = at
      print.print_time = Math.round(job.elapsedMs / 1000)
      print.filament_used = round((job.filamentMm * job.elapsedMs) / job.totalMs, 1)
    }
    const printer = this.store.printer(this.printerId)
    if (printer && printer.current_print_id === job.printId) printer.current_print_id = null
    this.addEvent(
      'ENDED',
      how === 'finished' ? 'SUCCESS' : how === 'failed' ? 'ERROR' : 'WARNING',
      how === 'finished'
        ? 'Print job finished'
        : how === 'failed'
          ? 'Print job failed'
          : 'Print job cancelled',
      job.printId,
      at
    )
    this.job = null
    this.phase = 'idle'
    this.alertP = null
    this.tool0.setTarget(at, 0)
    this.bed.setTarget(at, 0)
  }

  private flags(set: Record<string, boolean>): Record<string, boolean> {
    return {
      operational: false,
      printing: false,
      cancelling: false,
      pausing: false,
      resuming: false,
      finishing: false,
      closedOrError: false,
      error: false,
      paused: false,
      ready: false,
      sdReady: false,
      ...set
    }
  }

  private jobJson(): Record<string, unknown> {
    const job = this.job
    if (!job) {
      return {
        file: { name: null, path: null, display: null, origin: null, size: null, date: null },
        estimatedPrintTime: null,
        lastPrintTime: null,
        filament: null,
        user: null
      }
    }
    return {
      file: {
        name: job.fileName,
        path: job.fileName,
        display: job.fileName,
        origin: 'local',
        size: job.fileSize,
        date: Math.floor(job.startedAt / 1000) - 600,
        obico_g_code_file_id: job.gcodeFileId
      },
      estimatedPrintTime: Math.round(job.totalMs / 1000),
      lastPrintTime: null,
      filament: { tool0: { length: job.filamentMm, volume: round(job.filamentMm * 0.0024, 2) } },
      user: '_api'
    }
  }

  private progressJson(): Record<string, unknown> {
    const job = this.job
    if (!job) {
      return {
        completion: null,
        filepos: null,
        printTime: null,
        printTimeLeft: null,
        printTimeLeftOrigin: null
      }
    }
    const fraction = job.elapsedMs / job.totalMs
    return {
      completion: round(fraction * 100, 2),
      filepos: Math.floor(job.fileSize * fraction),
      printTime: Math.floor(job.elapsedMs / 1000),
      printTimeLeft: Math.ceil((job.totalMs - job.elapsedMs) / 1000),
      printTimeLeftOrigin: 'estimate',
      filamentUsed: round(job.filamentMm * fraction, 1)
    }
  }

  private addEvent(
    type: string,
    eventClass: ObicoPrinterEvent['event_class'],
    title: string,
    printId: number | null,
    at: number
  ): void {
    const printer = this.store.printer(this.printerId)
    if (!printer) return
    this.store.events.push({
      id: this.store.nextId('event'),
      user_id: printer.user_id,
      printer_id: printer.id,
      print_id: printId,
      event_type: type,
      event_class: eventClass,
      event_title: title,
      event_text: `<div>${title} on ${String(printer.name)}.</div>`,
      created_at: at
    })
  }
}

/** The pause command's arguments, taken from the printer's settings (obico-api.md §2.3). */
export function pauseArgs(printer: {
  retract_on_pause: unknown
  lift_z_on_pause: unknown
  tools_off_on_pause: unknown
  bed_off_on_pause: unknown
}): Record<string, unknown> {
  const args: Record<string, unknown> = {
    retract: printer.retract_on_pause,
    lift_z: printer.lift_z_on_pause
  }
  if (printer.tools_off_on_pause) args.tools_off = true
  if (printer.bed_off_on_pause) args.bed_off = true
  return args
}
