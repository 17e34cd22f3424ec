/**
 * Turns successive printer states into one event per happening (docs/decisions/0017): a print
 * finished, failed or was cancelled; a failure alert was raised; a printer went offline mid-print.
 * Never a stream of progress. Pure: it sees only the summaries it is given and what the service
 * learnt about ended prints, so every rule is a plain test.
 */
import type { PrinterEventKind, PrinterSummary } from '../../../shared/models/printer'
import { ACTIVE_STATES } from './derive-state'

/** One happening worth telling the user about. */
export interface PrinterEvent {
  kind: PrinterEventKind
  printerId: string
  printerName: string
  /** The print concerned, when known. */
  printId: number | null
  fileName: string | null
}

/** How Obico recorded an ended print (`finished_at` or `cancelled_at`), when the service read it. */
export type EndedPrintRecord = 'finished' | 'cancelled'

/**
 * The prints that ended between `previous` and `next`: their ids, so the service can read how
 * Obico recorded them before asking `detect`.
 */
export function endedPrintId(
  previous: PrinterSummary | undefined,
  next: PrinterSummary
): number | null {
  const before = previous?.job?.printId ?? null
  if (before === null || next.state === 'offline' || next.stale) return null
  return next.job?.printId === before ? null : before
}

/**
 * Remembers each printer's last summary and reports what happened since. The first sight of a
 * printer reports nothing (an app start is not an event); its open alert still counts in the badge.
 */
export class PrinterEventDetector {
  private readonly last = new Map<string, PrinterSummary>()

  /**
   * The events between the remembered summaries and `printers` (every printer of one or more
   * accounts just read). `records` holds how Obico recorded prints that ended, by print id.
   */
  observe(
    printers: PrinterSummary[],
    records: ReadonlyMap<number, EndedPrintRecord> = new Map()
  ): PrinterEvent[] {
    const events: PrinterEvent[] = []
    for (const next of printers) {
      const previous = this.last.get(next.id)
      this.last.set(next.id, next)
      if (previous) events.push(...detect(previous, next, records))
    }
    return events
  }

  /** Forgets printers that are gone (so a printer that comes back is a first sight again). */
  forget(printerIds: Iterable<string>): void {
    for (const id of printerIds) this.last.delete(id)
  }
}

/** The events between two summaries of one printer. */
export function detect(
  previous: PrinterSummary,
  next: PrinterSummary,
  records: ReadonlyMap<number, EndedPrintRecord>
): PrinterEvent[] {
  // A stale reading (the account's server did not answer) says nothing about the printer.
  if (next.stale) return []
  const events: PrinterEvent[] = []
  const event = (kind: PrinterEventKind, job: PrinterSummary['job']): PrinterEvent => ({
    kind,
    printerId: next.id,
    printerName: next.name,
    printId: job?.printId ?? null,
    fileName: job?.fileName ?? null
  })

  if (next.alert && next.alert.printId !== previous.alert?.printId) {
    events.push(event('alert', next.job ?? previous.job))
  }
  if (
    next.state === 'offline' &&
    previous.state !== 'offline' &&
    ACTIVE_STATES.has(previous.state)
  ) {
    events.push(event('offline-mid-print', previous.job))
  }
  const ended = endedPrintId(previous, next)
  if (ended !== null) {
    events.push(event(endedKind(previous, next, records.get(ended)), previous.job))
  }
  return events
}

/**
 * How a print ended. Obico records failed prints as cancelled (PrintFailed sets `cancelled_at`,
 * obico-ai-and-stats.md §3.1), so a cancelled record is a failure when the printer is in error or
 * lost its firmware link, and a cancellation otherwise.
 */
function endedKind(
  previous: PrinterSummary,
  next: PrinterSummary,
  record: EndedPrintRecord | undefined
): PrinterEventKind {
  const broke =
    next.state === 'error' ||
    next.state === 'disconnected' ||
    previous.state === 'error' ||
    previous.state === 'disconnected'
  if (record === 'finished') return 'finished'
  if (record === 'cancelled') return broke ? 'failed' : 'cancelled'
  // No record (the read failed): judge from the states alone.
  if (broke) return 'failed'
  if (previous.state === 'cancelling' || previous.pendingCommand?.command === 'cancel') {
    return 'cancelled'
  }
  return (previous.job?.progressPercent ?? 0) >= 99 ? 'finished' : 'cancelled'
}

/** The notification's words for an event. */
export function describeEvent(event: PrinterEvent): { title: string; body: string } {
  const file = event.fileName ? ` ${event.fileName}` : ''
  switch (event.kind) {
    case 'finished':
      return { title: `${event.printerName} finished`, body: `The print${file} is done.` }
    case 'failed':
      return { title: `${event.printerName} failed`, body: `The print${file} failed.` }
    case 'cancelled':
      return {
        title: `${event.printerName}: print cancelled`,
        body: `The print${file} was cancelled.`
      }
    case 'alert':
      return {
        title: `Possible failure on ${event.printerName}`,
        body: `Failure detection flagged the print${file}. Check the printer.`
      }
    case 'offline-mid-print':
      return {
        title: `${event.printerName} went offline`,
        body: `It went offline while printing${file}.`
      }
  }
}
