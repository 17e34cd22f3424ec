/**
 * Printers and prints as terminal text: a table (name, state, progress, time left, temperatures)
 * and one plain line per printer for logs. Summaries only: no secret to leak.
 */
import type {
  AccountPrinters,
  PrinterSummary,
  PrintRecord,
  TemperatureReading
} from '../shared/models/printer'
import { formatWhen } from './format'

const STATE_WORDS: Record<PrinterSummary['state'], string> = {
  offline: 'offline',
  disconnected: 'disconnected',
  idle: 'idle',
  printing: 'printing',
  pausing: 'pausing…',
  paused: 'paused',
  resuming: 'resuming…',
  cancelling: 'cancelling…',
  error: 'error'
}

/** "1 h 05 min", "12 min", "45 s"; "—" when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  const minutes = Math.floor(s / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

function formatTemperature(label: string, reading: TemperatureReading | null): string | undefined {
  if (!reading || reading.actual === null) return undefined
  const target = reading.target ? `/${Math.round(reading.target)}` : ''
  return `${label} ${Math.round(reading.actual)}${target}°C`
}

/** The state as words, with the command in flight or its outcome. */
export function stateWords(printer: PrinterSummary): string {
  let words = STATE_WORDS[printer.state]
  if (printer.stale) words += ' (not current)'
  if (printer.alert && !printer.alert.muted) words += ' ⚠ alert'
  const pending = printer.pendingCommand
  if (pending?.state === 'awaiting-confirmation' || pending?.state === 'sending') {
    words += ` (${pending.command} sent, waiting)`
  } else if (pending?.state === 'not-confirmed') {
    words += ` (${pending.command} not confirmed)`
  }
  return words
}

/** The printers as an aligned table. */
export function printersTable(printers: PrinterSummary[]): string {
  if (printers.length === 0)
    return 'No printers. Link an Obico account with: printdock link obico-cloud'
  const rows = printers.map((printer) => [
    printer.name,
    stateWords(printer),
    printer.job?.progressPercent === null || printer.job === null
      ? '—'
      : `${printer.job.progressPercent.toFixed(0)}%`,
    formatDuration(printer.job?.remainingSeconds),
    [
      formatTemperature('tool', printer.temperatures.tool),
      formatTemperature('bed', printer.temperatures.bed),
      formatTemperature('chamber', printer.temperatures.chamber)
    ]
      .filter(Boolean)
      .join('  ') || (printer.lastSeen ? `last seen ${formatWhen(printer.lastSeen)}` : '—')
  ])
  return table(['PRINTER', 'STATE', 'PROGRESS', 'TIME LEFT', 'TEMPERATURES'], rows)
}

/** One plain line about a printer (for `watch` when stdout is not a terminal). */
export function printerLine(printer: PrinterSummary, at: Date): string {
  const job = printer.job
  const progress =
    job?.progressPercent === null || !job ? '' : ` ${job.progressPercent.toFixed(1)}%`
  const left = job?.remainingSeconds ? `, ${formatDuration(job.remainingSeconds)} left` : ''
  return `${at.toISOString()} ${printer.name}: ${stateWords(printer)}${progress}${left}`
}

/** A note per account that could not be read. */
export function accountProblems(accounts: AccountPrinters[]): string[] {
  return accounts
    .filter((account) => account.status !== 'ok')
    .map(
      (account) =>
        `Note: ${account.displayName} (${account.providerLabel}): ${account.detail ?? account.status}`
    )
}

/** The print history as a table. */
export function printsTable(prints: PrintRecord[]): string {
  if (prints.length === 0) return 'No prints.'
  return table(
    ['STARTED', 'PRINTER', 'FILE', 'OUTCOME', 'DURATION'],
    prints.map((print) => [
      print.startedAt ? formatWhen(print.startedAt) : '—',
      print.printerName ?? '(deleted printer)',
      print.fileName,
      print.outcome,
      formatDuration(print.printTimeSeconds)
    ])
  )
}

function table(headings: string[], rows: string[][]): string {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column].length))
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
  return [line(headings), ...rows.map(line)].join('\n')
}
