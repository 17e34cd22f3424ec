/**
 * The pieces a printer card, list row and printer page share: state, progress, temperatures,
 * failure detection, the pending command's words.
 *
 * Each piece is memoised on the values it shows, down to single facts: a push brings every field
 * of a printer as a new object, and a farm dashboard commits such pushes for every card on screen
 * each second, so only the facts whose text changed should reach the DOM (issue 9).
 */
import { memo, type ReactNode } from 'react'
import type {
  FailureDetection,
  PrinterJob,
  PrinterState,
  PrinterSummary,
  PrinterTemperatures,
  TemperatureReading
} from '@shared/models/printer'
import { usePrintersStore } from '../../stores/printers-store'
import {
  commandNote,
  formatDuration,
  formatPercent,
  formatTemperature,
  STATE_LABEL,
  type CommandNote
} from './format'
import { sameFlatFields } from '../../stores/use-flat-fields'
import { FinishTime } from './TimeText'

/** The state as a coloured label (colour is never the only cue: the word is there). */
export const StateBadge = memo(function StateBadge({ state }: { state: PrinterState }): ReactNode {
  return (
    <span className={`badge printer-state state-${state}`} data-testid="printer-state">
      {STATE_LABEL[state]}
    </span>
  )
})

/** A progress bar with its percentage as text. */
export const ProgressBar = memo(function ProgressBar({
  percent,
  label
}: {
  percent: number | null
  label: string
}): ReactNode {
  const text = formatPercent(percent)
  return (
    <div className="progress-row">
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent === null ? undefined : Math.floor(percent)}
        aria-valuetext={text ?? 'unknown'}
      >
        <div
          className="progress-fill"
          style={{ width: `${Math.max(0, Math.min(100, percent ?? 0))}%` }}
        />
      </div>
      <span className="progress-text" data-testid="printer-progress">
        {text ?? '—'}
      </span>
    </div>
  )
})

/** File, progress, times and layers of the current print. */
export const JobDetails = memo(
  function JobDetails({ job, compact }: { job: PrinterJob; compact?: boolean }): ReactNode {
    const elapsed = formatDuration(job.elapsedSeconds)
    const remaining = formatDuration(job.remainingSeconds)
    const layers =
      job.currentLayer !== null
        ? job.totalLayers !== null
          ? `${job.currentLayer} of ${job.totalLayers}`
          : String(job.currentLayer)
        : null
    return (
      <div className="job">
        <p className="job-file" title={job.fileName ?? undefined} data-testid="printer-file">
          {job.fileName ?? 'Unnamed file'}
        </p>
        <ProgressBar
          percent={job.progressPercent}
          label={`Progress of ${job.fileName ?? 'the print'}`}
        />
        {!compact && (
          <dl className="facts">
            {elapsed && <Fact label="Elapsed" text={elapsed} />}
            {remaining && <RemainingFact remaining={remaining} finishAt={job.expectedFinishAt} />}
            {layers && <Fact label="Layer" text={layers} />}
          </dl>
        )}
      </div>
    )
  },
  (before, after) => before.compact === after.compact && sameFlatFields(before.job, after.job)
)

/** One line of a `<dl className="facts">`. */
const Fact = memo(function Fact({
  label,
  text,
  testId
}: {
  label: string
  text: string
  testId?: string
}): ReactNode {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{text}</dd>
    </div>
  )
})

const RemainingFact = memo(function RemainingFact({
  remaining,
  finishAt
}: {
  remaining: string
  finishAt: string | null
}): ReactNode {
  return (
    <div>
      <dt>Remaining</dt>
      <dd data-testid="printer-remaining">
        {remaining}
        {finishAt && (
          <>
            {' '}
            · done at <FinishTime iso={finishAt} />
          </>
        )}
      </dd>
    </div>
  )
})

/** Tool, bed and chamber: actual / target, only those the printer reports. */
export const Temperatures = memo(
  function Temperatures({ temperatures }: { temperatures: PrinterTemperatures }): ReactNode {
    const rows = (
      [
        ['Tool', temperatures.tool],
        ['Bed', temperatures.bed],
        ['Chamber', temperatures.chamber]
      ] as const
    )
      .map(([label, reading]) => [label, formatTemperature(reading)] as const)
      .flatMap(([label, text]) => (text === null ? [] : [{ label, text }]))
    if (rows.length === 0) return null
    return (
      <dl className="facts temperatures" aria-label="Temperatures">
        {rows.map(({ label, text }) => (
          <Fact
            key={label}
            label={label}
            text={text}
            testId={`temperature-${label.toLowerCase()}`}
          />
        ))}
      </dl>
    )
  },
  (before, after) => sameTemperatures(before.temperatures, after.temperatures)
)

function sameTemperatures(a: PrinterTemperatures, b: PrinterTemperatures): boolean {
  const same = (x: TemperatureReading | null, y: TemperatureReading | null): boolean =>
    x === y || (x !== null && y !== null && sameFlatFields(x, y))
  return same(a.tool, b.tool) && same(a.bed, b.bed) && same(a.chamber, b.chamber)
}

/** Obico's failure gauge (0–1) and whether detection is watching, and why not. */
export const FailureDetectionView = memo(
  function FailureDetectionView({ detection }: { detection: FailureDetection }): ReactNode {
    const level = detection.gauge >= 0.66 ? 'high' : detection.gauge >= 0.33 ? 'medium' : 'low'
    const levelText = {
      low: 'looks fine',
      medium: 'some signs of trouble',
      high: 'likely failing'
    }[level]
    return (
      <div className="detection" data-testid="failure-detection">
        <div className="gauge-row">
          <span className="gauge-label">Failure detection</span>
          <meter
            className={`gauge gauge-${level}`}
            min={0}
            max={1}
            low={0.33}
            high={0.66}
            optimum={0}
            value={detection.gauge}
            aria-label="AI failure likelihood"
            aria-valuetext={`${Math.round(detection.gauge * 100)} %, ${levelText}`}
          />
        </div>
        <p className="hint" data-testid="detection-status">
          {detection.watching
            ? `Watching: ${levelText}.`
            : `Not watching${detection.notWatchingReason ? `: ${detection.notWatchingReason}` : ''}.`}
        </p>
      </div>
    )
  },
  (before, after) => sameFlatFields(before.detection, after.detection)
)

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
  (before, after) =>
    before.note === after.note ||
    (before.note !== null && after.note !== null && sameFlatFields(before.note, after.note))
)
