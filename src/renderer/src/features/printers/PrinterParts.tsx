/**
 * The pieces a printer card, list row and printer page share: state, progress, temperatures,
 * failure detection, the pending command's words.
 *
 * A push brings every field of a printer as a new object, and a farm dashboard takes such pushes
 * for every card on screen each second (issue 9). So the pieces render from the printer's
 * structure (which facts it has, its file, its state) and the values that change with nearly every
 * push (progress, times, layer, temperatures, the gauge) are written by live bindings
 * (`live-fact.ts`); only the facts whose text changed reach the DOM.
 */
import { memo, useRef, type ReactNode } from 'react'
import type { PrinterJob, PrinterState, PrinterSummary } from '@shared/models/printer'
import { usePrintersStore } from '../../stores/printers-store'
import {
  commandNote,
  formatDuration,
  formatPercent,
  formatTemperature,
  STATE_LABEL,
  type CommandNote
} from './format'
import { sameFlatOrBothNull, useFlatFields } from '../../stores/use-flat-fields'
import { useLiveFact, writeText, type ReadFact } from './live-fact'
import { FinishTime } from './TimeText'

/** The state as a coloured label (colour is never the only cue: the word is there). */
export const StateBadge = memo(function StateBadge({ state }: { state: PrinterState }): ReactNode {
  return (
    <span className={`badge printer-state state-${state}`} data-testid="printer-state">
      {STATE_LABEL[state]}
    </span>
  )
})

/** A printer's progress as a bar and a percentage; both follow pushes live (see `live-fact`). */
export const ProgressBar = memo(function ProgressBar({
  printerId,
  label
}: {
  printerId: string
  label: string
}): ReactNode {
  const bar = useRef<HTMLDivElement>(null)
  const text = useRef<HTMLSpanElement>(null)
  useLiveFact(bar, printerId, readProgress, writeProgressBar)
  useLiveFact(text, printerId, readProgressText, writeText)
  return (
    <div className="progress-row">
      <div
        ref={bar}
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="progress-fill" />
      </div>
      <span ref={text} className="progress-text" data-testid="printer-progress" />
    </div>
  )
})

const readProgress: ReadFact<number | null> = (printer) => printer.job?.progressPercent ?? null
const readProgressText: ReadFact<string | null> = (printer) =>
  formatPercent(printer.job?.progressPercent ?? null)

function writeProgressBar(bar: HTMLDivElement, percent: number | null): void {
  if (percent === null) bar.removeAttribute('aria-valuenow')
  else bar.setAttribute('aria-valuenow', String(Math.floor(percent)))
  bar.setAttribute('aria-valuetext', formatPercent(percent) ?? 'unknown')
  const fill = bar.firstElementChild as HTMLElement | null
  if (fill) fill.style.width = `${Math.max(0, Math.min(100, percent ?? 0))}%`
}

/**
 * File, progress, times and layers of the current print. It renders when the print's file or the
 * set of facts known changes; the facts' values follow pushes live.
 */
export const JobDetails = memo(function JobDetails({
  printerId,
  compact
}: {
  printerId: string
  compact?: boolean
}): ReactNode {
  const { fileName, hasElapsed, hasRemaining, hasLayers } = usePrintersStore(
    useFlatFields((s) => {
      const job = s.byId[printerId]?.job
      return {
        fileName: job?.fileName ?? null,
        hasElapsed: readElapsed(job) !== null,
        hasRemaining: readRemaining(job) !== null,
        hasLayers: readLayers(job) !== null
      }
    })
  )
  return (
    <div className="job">
      <p className="job-file" title={fileName ?? undefined} data-testid="printer-file">
        {fileName ?? 'Unnamed file'}
      </p>
      <ProgressBar printerId={printerId} label={`Progress of ${fileName ?? 'the print'}`} />
      {!compact && (
        <dl className="facts">
          {hasElapsed && <LiveFact printerId={printerId} label="Elapsed" read={elapsedOf} />}
          {hasRemaining && <RemainingFact printerId={printerId} />}
          {hasLayers && <LiveFact printerId={printerId} label="Layer" read={layersOf} />}
        </dl>
      )}
    </div>
  )
})

function readElapsed(job: PrinterJob | null | undefined): string | null {
  return formatDuration(job?.elapsedSeconds ?? null)
}
function readRemaining(job: PrinterJob | null | undefined): string | null {
  return formatDuration(job?.remainingSeconds ?? null)
}
function readLayers(job: PrinterJob | null | undefined): string | null {
  if (!job || job.currentLayer === null) return null
  return job.totalLayers !== null
    ? `${job.currentLayer} of ${job.totalLayers}`
    : String(job.currentLayer)
}
const elapsedOf: ReadFact<string | null> = (printer) => readElapsed(printer.job)
const remainingOf: ReadFact<string | null> = (printer) => readRemaining(printer.job)
const layersOf: ReadFact<string | null> = (printer) => readLayers(printer.job)

/** One line of a `<dl className="facts">` whose value follows pushes live. */
const LiveFact = memo(function LiveFact({
  printerId,
  label,
  read,
  testId
}: {
  printerId: string
  label: string
  read: ReadFact<string | null>
  testId?: string
}): ReactNode {
  const value = useRef<HTMLElement>(null)
  useLiveFact(value, printerId, read, writeText)
  return (
    <div>
      <dt>{label}</dt>
      <dd ref={value} data-testid={testId} />
    </div>
  )
})

/** "1 h 05 min · done at 14:05": the time left follows pushes, the clock time the minute. */
function RemainingFact({ printerId }: { printerId: string }): ReactNode {
  const remaining = useRef<HTMLSpanElement>(null)
  useLiveFact(remaining, printerId, remainingOf, writeText)
  // The minute, so a push that moves the estimate by seconds does not render it.
  const finishMinute = usePrintersStore((s) => minuteOf(s.byId[printerId]?.job?.expectedFinishAt))
  return (
    <div>
      <dt>Remaining</dt>
      <dd data-testid="printer-remaining">
        <span ref={remaining} />
        {finishMinute !== null && (
          <>
            {' '}
            · done at <FinishTime iso={new Date(finishMinute * 60_000).toISOString()} />
          </>
        )}
      </dd>
    </div>
  )
}

/** Minutes since the epoch; null for no time or one that does not parse. */
function minuteOf(iso: string | null | undefined): number | null {
  if (!iso) return null
  const at = Date.parse(iso)
  return Number.isNaN(at) ? null : Math.floor(at / 60_000)
}

/** Tool, bed and chamber: actual / target, only those the printer reports; values live. */
export const Temperatures = memo(function Temperatures({
  printerId
}: {
  printerId: string
}): ReactNode {
  const shown = usePrintersStore(
    useFlatFields((s) => {
      const printer = s.byId[printerId]
      return {
        tool: printer ? toolOf(printer) !== null : false,
        bed: printer ? bedOf(printer) !== null : false,
        chamber: printer ? chamberOf(printer) !== null : false
      }
    })
  )
  if (!shown.tool && !shown.bed && !shown.chamber) return null
  return (
    <dl className="facts temperatures" aria-label="Temperatures">
      {TEMPERATURE_ROWS.filter((row) => shown[row.key]).map((row) => (
        <LiveFact
          key={row.key}
          printerId={printerId}
          label={row.label}
          read={row.read}
          testId={`temperature-${row.key}`}
        />
      ))}
    </dl>
  )
})

const toolOf: ReadFact<string | null> = (printer) => formatTemperature(printer.temperatures.tool)
const bedOf: ReadFact<string | null> = (printer) => formatTemperature(printer.temperatures.bed)
const chamberOf: ReadFact<string | null> = (printer) =>
  formatTemperature(printer.temperatures.chamber)
const TEMPERATURE_ROWS = [
  { key: 'tool', label: 'Tool', read: toolOf },
  { key: 'bed', label: 'Bed', read: bedOf },
  { key: 'chamber', label: 'Chamber', read: chamberOf }
] as const

/** Obico's failure gauge (0–1) and whether detection is watching, and why not. */
export const FailureDetectionView = memo(function FailureDetectionView({
  printerId
}: {
  printerId: string
}): ReactNode {
  const { watching, notWatchingReason } = usePrintersStore(
    useFlatFields((s) => {
      const detection = s.byId[printerId]?.failureDetection
      return {
        watching: detection?.watching ?? false,
        notWatchingReason: detection?.notWatchingReason ?? null
      }
    })
  )
  const gauge = useRef<HTMLDivElement>(null)
  useLiveFact(gauge, printerId, gaugeOf, writeGauge)
  return (
    <div className="detection" data-testid="failure-detection">
      <div className="gauge-row">
        <span className="gauge-label">Failure detection</span>
        {/* A drawn bar rather than <meter>: it takes the theme's colours in dark mode, and its
            first layout needs no native form-control theme. */}
        <div
          ref={gauge}
          role="meter"
          aria-label="AI failure likelihood"
          aria-valuemin={0}
          aria-valuemax={100}
          data-testid="failure-gauge"
        >
          <div className="gauge-fill" />
        </div>
      </div>
      <p className="hint" data-testid="detection-status">
        {watching ? (
          <WatchingStatus printerId={printerId} />
        ) : (
          `Not watching${notWatchingReason ? `: ${notWatchingReason}` : ''}.`
        )}
      </p>
    </div>
  )
})

type GaugeLevel = 'low' | 'medium' | 'high'
const GAUGE_WORDS: Record<GaugeLevel, string> = {
  low: 'looks fine',
  medium: 'some signs of trouble',
  high: 'likely failing'
}
function gaugeLevel(gauge: number): GaugeLevel {
  return gauge >= 0.66 ? 'high' : gauge >= 0.33 ? 'medium' : 'low'
}
const gaugeOf: ReadFact<number> = (printer) => printer.failureDetection.gauge
function writeGauge(meter: HTMLDivElement, gauge: number): void {
  const level = gaugeLevel(gauge)
  const percent = Math.round(Math.max(0, Math.min(1, gauge)) * 100)
  meter.className = `gauge gauge-${level}`
  meter.setAttribute('aria-valuenow', String(percent))
  meter.setAttribute('aria-valuetext', `${percent} %, ${GAUGE_WORDS[level]}`)
  const fill = meter.firstElementChild as HTMLElement | null
  if (fill) fill.style.width = `${percent}%`
}

/** "Watching: looks fine.", following the gauge's level. */
function WatchingStatus({ printerId }: { printerId: string }): ReactNode {
  const text = useRef<HTMLSpanElement>(null)
  useLiveFact(text, printerId, watchingTextOf, writeText)
  return <span ref={text} />
}
const watchingTextOf: ReadFact<string> = (printer) =>
  `Watching: ${GAUGE_WORDS[gaugeLevel(printer.failureDetection.gauge)]}.`

/**
 * What the card says about the latest command: "Pausing…" until the printer's status confirms it,
 * plain words when it was not confirmed or failed. The page's own note (sent, not yet answered;
 * refused) comes first, then main's `pendingCommand`.
 */
export function useCommandNote(printer: PrinterSummary | undefined): CommandNote | null {
  const local = usePrintersStore((s) => (printer ? s.commands[printer.id] : undefined))
  if (local) return commandNote(local.command, local.state, local.message)
  const pending = printer?.pendingCommand
  if (!pending) return null
  return commandNote(pending.command, pending.state, pending.message)
}

/** The command note as a live region, so screen readers hear "Pausing…" and its outcome. */
export const CommandNoteView = memo(
  function CommandNoteView({ note }: { note: CommandNote | null }): ReactNode {
    return (
      <p
        className={note ? `command-note tone-${note.tone}` : 'command-note empty'}
        role="status"
        data-testid="command-note"
      >
        {note?.text}
      </p>
    )
  },
  (before, after) => sameFlatOrBothNull(before.note, after.note)
)
