/**
 * Words and numbers for printer data: states, durations, clock times, temperatures, commands.
 * Pure functions (the clock and locale are parameters) so they are tested as tables.
 */
import type {
  CommandState,
  PrinterCommand,
  PrinterState,
  TemperatureReading
} from '@shared/models/printer'

/**
 * Intl formatters are costly to create (a locale lookup each time); `toLocaleTimeString` makes one
 * per call. Cards format on every update, so formatters are made once per locale and options.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()
function dateFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options)
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * Builds the clock-time formatter the cards use and formats once. The first Intl date formatter of
 * a page costs 40–100 ms (the engine loads its date and time-zone data); done while the app waits
 * for main's first answers, that cost is off the path to the first painted dashboard (issue 9).
 */
export function prewarmClockFormat(locale?: string): void {
  dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(Date.now())
}

/** The label of each state, as the dashboard shows it. */
export const STATE_LABEL: Record<PrinterState, string> = {
  offline: 'Offline',
  disconnected: 'Printer disconnected',
  idle: 'Idle',
  printing: 'Printing',
  pausing: 'Pausing',
  paused: 'Paused',
  resuming: 'Resuming',
  cancelling: 'Cancelling',
  error: 'Error'
}

/** States in which a print is current (pause/resume/cancel and alerts make sense). */
export function hasCurrentPrint(state: PrinterState): boolean {
  return (
    state === 'printing' ||
    state === 'pausing' ||
    state === 'paused' ||
    state === 'resuming' ||
    state === 'cancelling'
  )
}

/** "1 h 05 min", "12 min", "40 s"; null for unknown. */
export function formatDuration(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null
  const total = Math.round(seconds)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`
  if (minutes > 0) return `${minutes} min`
  return `${total} s`
}

/**
 * The clock time a print should finish: "14:05" today, "Tue 09:10" within a week, a date after.
 */
export function formatFinishTime(iso: string | null, now: Date, locale?: string): string | null {
  if (!iso) return null
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return null
  const time = dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at)
  if (sameDay(at, now)) return time
  const days = (at.getTime() - now.getTime()) / 86_400_000
  if (days > 0 && days < 6) {
    return `${dateFormat(locale, { weekday: 'short' }).format(at)} ${time}`
  }
  return `${dateFormat(locale, { month: 'short', day: 'numeric' }).format(at)} ${time}`
}

function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() &&
    a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate()
  )
}

/** "just now", "5 min ago", "3 h ago", then a date; "never" for null. */
export function formatLastSeen(iso: string | null, now: Date, locale?: string): string {
  if (!iso) return 'never'
  const at = new Date(iso)
  const seconds = (now.getTime() - at.getTime()) / 1000
  if (Number.isNaN(seconds)) return 'unknown'
  if (seconds < 60) return 'just now'
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  return dateFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit'
  }).format(at)
}

/** "214 / 215 °C", "38 °C" (a sensor, or a heater that is off), null when not reported. */
export function formatTemperature(reading: TemperatureReading | null): string | null {
  if (!reading || reading.actual === null) return null
  const actual = Math.round(reading.actual)
  if (reading.target === null || reading.target === 0) return `${actual} °C`
  return `${actual} / ${Math.round(reading.target)} °C`
}

/** "42 %" with no decimals below 1 % steps; null for unknown. */
export function formatPercent(percent: number | null): string | null {
  if (percent === null || !Number.isFinite(percent)) return null
  return `${Math.floor(Math.max(0, Math.min(100, percent)))} %`
}

/** The -ing word shown while a command waits for the printer. */
const COMMAND_PROGRESS: Record<PrinterCommand, string> = {
  pause: 'Pausing…',
  resume: 'Resuming…',
  cancel: 'Cancelling…'
}

/** The noun for "has not confirmed the …". */
const COMMAND_NOUN: Record<PrinterCommand, string> = {
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancellation'
}

/** What a card says about a command, or null when there is nothing to say. */
export interface CommandNote {
  tone: 'progress' | 'warning' | 'error'
  text: string
}

/**
 * The words for a command in a given state. Confirmed commands need no words: the state shows it.
 * Main's message wins where it has one (it knows why a request failed).
 */
export function commandNote(
  command: PrinterCommand,
  state: CommandState,
  message?: string
): CommandNote | null {
  switch (state) {
    case 'sending':
    case 'awaiting-confirmation':
      return { tone: 'progress', text: COMMAND_PROGRESS[command] }
    case 'confirmed':
      return null
    case 'not-confirmed':
      return {
        tone: 'warning',
        text: `The printer has not confirmed the ${COMMAND_NOUN[command]}. It may be offline.`
      }
    case 'rejected':
      return {
        tone: 'error',
        text: message ?? `Obico refused the ${COMMAND_NOUN[command]}: nothing is printing.`
      }
    case 'failed':
      return {
        tone: 'error',
        text: message ?? `The ${COMMAND_NOUN[command]} did not reach Obico. Nothing was sent.`
      }
  }
}

/** "Printer A", "Printer A and Printer B", "A, B and C" for confirmations. */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
