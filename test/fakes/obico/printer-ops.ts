import type { ObicoContext } from './context'
import { SimulatedPrinter, type SimJobOptions } from './printer-sim'
import type { ObicoPrint, ObicoPrinter } from './types'
import { randomHex } from './util'

/**
 * Printer and Print operations shared by the REST routes, the seed data and the fake controls.
 */

/** Options for a new printer row. */
export interface NewPrinterOptions {
  userId: number
  name: string
  /** With an agent the printer is simulated; `null` is an agentless (OAuth-managed) printer. */
  agent?: 'octoprint_obico' | 'moonraker_obico' | null
  actionOnFailure?: 'PAUSE' | 'NONE'
}

/** Creates a printer with Obico's model defaults (obico-api.md §2.3) and, with an agent, its simulation. */
export function createPrinter(ctx: ObicoContext, options: NewPrinterOptions): ObicoPrinter {
  const agent = options.agent === undefined ? 'octoprint_obico' : options.agent
  const printer: ObicoPrinter = {
    id: ctx.store.nextId('printer'),
    user_id: options.userId,
    name: options.name,
    created_at: ctx.clock.now(),
    action_on_failure: options.actionOnFailure ?? 'PAUSE',
    watching_enabled: true,
    tools_off_on_pause: true,
    bed_off_on_pause: false,
    retract_on_pause: 6.5,
    lift_z_on_pause: 2.5,
    detective_sensitivity: 1.0,
    min_timelapse_secs_on_finish: 600,
    min_timelapse_secs_on_cancel: 300,
    auth_token: randomHex(20),
    archived_at: null,
    agent_name: agent,
    agent_version:
      agent === 'moonraker_obico' ? '2.10.1' : agent === 'octoprint_obico' ? '2.5.3' : null,
    deleted: null,
    current_print_id: null
  }
  ctx.store.printers.push(printer)
  if (agent) {
    const sim = new SimulatedPrinter(ctx.store, ctx.clock, printer.id, agent)
    sim.behaviour = { ...ctx.agentBehaviour }
    ctx.sims.set(printer.id, sim)
  }
  return printer
}

/** The columns a new Print row must be given; the rest default to an open, unalerted print. */
export type NewPrintColumns = Pick<
  ObicoPrint,
  'user_id' | 'printer_id' | 'g_code_file_id' | 'filename' | 'ext_id' | 'started_at'
> &
  Partial<Omit<ObicoPrint, 'id'>>

/** Stores a Print row (for `start_print` and for the demo's print history). */
export function insertPrint(ctx: ObicoContext, columns: NewPrintColumns): ObicoPrint {
  const print: ObicoPrint = {
    id: ctx.store.nextId('print'),
    finished_at: null,
    cancelled_at: null,
    uploaded_at: null,
    alerted_at: null,
    alert_acknowledged_at: null,
    alert_muted_at: null,
    paused_at: null,
    alert_overwrite: null,
    filament_used: null,
    print_time: null,
    access_consented_at: null,
    video_archived_at: null,
    deleted: null,
    ...columns
  }
  ctx.store.prints.push(print)
  return print
}

/** Closes a Print as finished or cancelled, now (no-op if already closed). */
export function closePrint(
  ctx: ObicoContext,
  print: ObicoPrint,
  how: 'finished' | 'cancelled'
): void {
  if (print.finished_at !== null || print.cancelled_at !== null) return
  const now = ctx.clock.now()
  if (how === 'finished') print.finished_at = now
  else print.cancelled_at = now
  print.print_time ??= Math.max(0, Math.round((now - print.started_at) / 1000))
}

/**
 * Obico's `start_print`: closes any current print as finished, creates a Print with
 * `ext_id` = the current epoch second and makes it current (obico-api.md §2.3). The simulated
 * printer (if its agent and firmware are up) starts the job too.
 */
export function startPrint(
  ctx: ObicoContext,
  printer: ObicoPrinter,
  job: SimJobOptions
): ObicoPrint {
  const sim = ctx.sims.get(printer.id)
  sim?.sync()
  const current = ctx.store.print(printer.current_print_id)
  if (current) closePrint(ctx, current, 'finished')
  if (sim?.job) sim.abortJob()
  const now = ctx.clock.now()
  const file =
    job.gcodeFileId !== undefined && job.gcodeFileId !== null
      ? ctx.store.file(job.gcodeFileId)
      : ctx.store.files.find(
          (f) => f.user_id === printer.user_id && f.filename === job.fileName && f.deleted === null
        )
  const fraction = job.startFraction ?? 0
  const durationMs = (job.durationSeconds ?? 3600) * 1000
  const print = insertPrint(ctx, {
    user_id: printer.user_id,
    printer_id: printer.id,
    g_code_file_id: file?.id ?? null,
    filename: job.fileName,
    ext_id: Math.floor(now / 1000),
    started_at: Math.round(now - durationMs * fraction)
  })
  printer.current_print_id = print.id
  if (sim && sim.agentOnline && sim.firmwareConnected) {
    sim.startJob(print.id, {
      ...job,
      gcodeFileId: file?.id ?? null,
      fileSize: job.fileSize ?? file?.num_bytes ?? undefined
    })
  }
  return print
}
