/**
 * Obico's Printer JSON (parsed) → Printdock's `PrinterSummary`, minus what only the service knows
 * (the pending command, staleness, revision). Pure: the same input gives the same output, so a
 * read that changed nothing compares equal and is not pushed.
 */
import { createHash } from 'node:crypto'
import type {
  PrinterAgent,
  PrinterJob,
  PrinterSummary,
  PrinterTemperatures
} from '../../../shared/models/printer'
import { ACTIVE_STATES, derivePrinterState } from './derive-state'
import { temperatureOf, type AgentStatus, type ObicoPrinter } from './obico-schemas'

/** The part of a summary that comes from one read of the server. */
export type PrinterReading = Omit<
  PrinterSummary,
  'pendingCommand' | 'stale' | 'revision' | 'lastSeen'
>

/** The app-wide id of Obico printer `obicoId` on account `accountId`. */
export function printerIdOf(accountId: string, obicoId: number): string {
  return `${accountId}#${obicoId}`
}

/** Splits an app-wide printer id; undefined when it is not one. */
export function parsePrinterId(
  printerId: string
): { accountId: string; obicoId: number } | undefined {
  const at = printerId.lastIndexOf('#')
  if (at <= 0) return undefined
  const obicoId = Number(printerId.slice(at + 1))
  if (!Number.isSafeInteger(obicoId) || obicoId < 0) return undefined
  return { accountId: printerId.slice(0, at), obicoId }
}

/** Normalises one printer read at `readAt` (epoch ms). */
export function normalisePrinter(
  accountId: string,
  printer: ObicoPrinter,
  readAt: number
): PrinterReading {
  const status = printer.status
  const state = derivePrinterState(status)
  const print = printer.current_print
  const alert =
    print && print.alerted_at && !print.alert_acknowledged_at
      ? { printId: print.id, alertedAt: print.alerted_at, muted: print.alert_muted_at !== null }
      : null
  return {
    id: printerIdOf(accountId, printer.id),
    accountId,
    obicoId: printer.id,
    name: printer.name,
    agent: agentOf(printer.agent_name),
    state,
    stateText: status?.state?.text ?? null,
    errorText: state === 'error' ? (status?.state?.error ?? status?.state?.text ?? null) : null,
    job: jobOf(status, printer, state, readAt),
    temperatures: temperaturesOf(status),
    hasSnapshot: printer.pic !== null,
    snapshotKey: printer.pic ? snapshotKeyOf(printer.pic.img_url) : null,
    failureDetection: {
      watching: printer.watching_enabled && printer.not_watching_reason === null && print !== null,
      notWatchingReason: printer.not_watching_reason,
      gauge: clamp(printer.normalized_p, 0, 1)
    },
    alert,
    settings: {
      name: printer.name,
      actionOnFailure: printer.action_on_failure,
      watchingEnabled: printer.watching_enabled,
      detectiveSensitivity: printer.detective_sensitivity,
      toolsOffOnPause: printer.tools_off_on_pause,
      bedOffOnPause: printer.bed_off_on_pause,
      retractOnPause: printer.retract_on_pause,
      liftZOnPause: printer.lift_z_on_pause
    }
  }
}

/**
 * An opaque key that changes with the snapshot URL (its path and digest change per upload), so
 * the page knows when to fetch it again without ever seeing the signed URL.
 */
export function snapshotKeyOf(imageUrl: string): string {
  return createHash('sha256').update(imageUrl).digest('hex').slice(0, 16)
}

function agentOf(name: string | null): PrinterAgent {
  if (name === 'octoprint_obico') return 'octoprint'
  if (name === 'moonraker_obico') return 'klipper'
  return 'unknown'
}

function jobOf(
  status: AgentStatus | null,
  printer: ObicoPrinter,
  state: PrinterSummary['state'],
  readAt: number
): PrinterJob | null {
  const print = printer.current_print
  // A print is on the printer when the agent says so, or (agent offline or disconnected) when
  // Obico still has a current print: the card keeps showing what was printing.
  if (!ACTIVE_STATES.has(state) && print === null) return null
  const active = ACTIVE_STATES.has(state)
  const progress = active ? status?.progress : undefined
  const file = status?.job?.file
  const remaining = nonNegative(progress?.printTimeLeft ?? null)
  const totalLayers = status?.file_metadata?.obico?.totalLayerCount ?? null
  return {
    printId: print?.id ?? null,
    fileName: (active ? (file?.display ?? file?.name) : null) ?? print?.filename ?? null,
    progressPercent:
      progress?.completion === null || progress?.completion === undefined
        ? null
        : clamp(progress.completion, 0, 100),
    elapsedSeconds: nonNegative(progress?.printTime ?? null),
    remainingSeconds: remaining,
    // Only while the print moves: a paused print has no finish time to promise.
    expectedFinishAt:
      state === 'printing' && remaining !== null
        ? new Date(roundToMinute(readAt + remaining * 1000)).toISOString()
        : null,
    currentLayer: active ? wholeOrNull(status?.currentLayerHeight ?? null) : null,
    totalLayers: wholeOrNull(totalLayers),
    startedAt: print?.started_at ?? null
  }
}

function temperaturesOf(status: AgentStatus | null): PrinterTemperatures {
  if (status === null) return { tool: null, bed: null, chamber: null }
  return {
    tool: temperatureOf(status, 'tool0'),
    bed: temperatureOf(status, 'bed'),
    chamber: temperatureOf(status, 'chamber')
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

function nonNegative(value: number | null): number | null {
  return value === null || value < 0 ? null : Math.round(value)
}

function wholeOrNull(value: number | null): number | null {
  return value === null || value < 0 ? null : Math.round(value)
}

/** The finish time moves by seconds between reads; to the minute, it changes only when it matters. */
function roundToMinute(ms: number): number {
  return Math.round(ms / 60_000) * 60_000
}
