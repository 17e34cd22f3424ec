/**
 * The pieces a printer card, list row and printer page share: state, progress, temperatures,
 * failure detection, the pending command's words.
 */
import type { ReactNode } from 'react'
import type {
  FailureDetection,
  PrinterJob,
  PrinterState,
  PrinterSummary,
  PrinterTemperatures
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
import { FinishTime } from './TimeText'

/** The state as a coloured label (colour is never the only cue: the word is there). */
export function StateBadge({ state }: { state: PrinterState }): ReactNode {
  return (
    <span className={`badge printer-state state-${state}`} data-testid="printer-state">
      {STATE_LABEL[state]}
    </span>
  )
}

/** A progress bar with its percentage as text. */
export function ProgressBar({ percent, label }: { percent: number | null; label: string }) {
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
}

/** File, progress, times and layers of the current print. */
export function JobDetails({ job, compact }: { job: PrinterJob; compact?: boolean }): ReactNode {
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
          {elapsed && (
            <div>
              <dt>Elapsed</dt>
              <dd>{elapsed}</dd>
            </div>
          )}
          {remaining && (
            <div>
              <dt>Remaining</dt>
              <dd data-testid="printer-remaining">
                {remaining}
                {job.expectedFinishAt && (
                  <>
                    {' '}
                    · done at <FinishTime iso={job.expectedFinishAt} />
                  </>
                )}
              </dd>
            </div>
          )}
          {layers && (
            <div>
              <dt>Layer</dt>
              <dd>{layers}</dd>
            </div>
          )}
        </dl>
      )}
    </div>
  )
}

/** Tool, bed and chamber: actual / target, only those the printer reports. */
export function Temperatures({ temperatures }: { temperatures: PrinterTemperatures }): ReactNode {
  const rows = (
    [
      ['Tool', temperatures.tool],
      ['Bed', temperatures.bed],
      ['Chamber', temperatures.chamber]
    ] as const
  )
    .map(([label, reading]) => [label, formatTemperature(reading)] as const)
    .filter(([, text]) => text !== null)
  if (rows.length === 0) return null
  return (
    <dl className="facts temperatures" aria-label="Temperatures">
      {rows.map(([label, text]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={`temperature-${label.toLowerCase()}`}>{text}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Obico's failure gauge (0–1) and whether detection is watching, and why not. */
export function FailureDetectionView({ detection }: { detection: FailureDetection }): ReactNode {
  const level = detection.gauge >= 0.66 ? 'high' : detection.gauge >= 0.33 ? 'medium' : 'low'
  const levelText = { low: 'looks fine', medium: 'some signs of trouble', high: 'likely failing' }[
    level
  ]
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
}

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
export function CommandNoteView({ note }: { note: CommandNote | null }): ReactNode {
  return (
    <p
      className={note ? `command-note tone-${note.tone}` : 'command-note empty'}
      role="status"
      data-testid="command-note"
    >
      {note?.text}
    </p>
  )
}
