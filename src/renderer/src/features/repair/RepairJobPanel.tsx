import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { MeshInspection } from '@shared/models/mesh'
import type { RepairJobView } from '@shared/models/repair'
import { errorText } from '../../lib/error-text'
import { toUiError, UiError } from '../../lib/ui-error'
import { HealthReport } from './HealthReport'
import { MeshPreview } from './MeshPreview'
import { cancelRepair, chooseDestination, loadResultPreview, useRepairStore } from './repair-store'

const PHASE_WORDS: Record<RepairJobView['phase'], string> = {
  uploading: 'Uploading to Makeprintable',
  queued: 'Waiting in Makeprintable’s queue',
  fixing: 'Makeprintable is repairing it',
  downloading: 'Downloading the repaired model',
  checking: 'Checking the repaired model',
  'needs-destination': 'Repaired: choose a file name',
  done: 'Repaired',
  failed: 'Repair failed',
  cancelled: 'Stopped'
}

const RUNNING: RepairJobView['phase'][] = [
  'uploading',
  'queued',
  'fixing',
  'downloading',
  'checking'
]

/**
 * One repair job: its progress, then either the name question (the default name exists), the
 * error, or the before/after comparison.
 *
 * Test ids: `repair-job`, `repair-progress`, `repair-cancel`, `repair-destination`,
 * `repair-before-after`, `repair-error`.
 */
export function RepairJobPanel({
  job,
  before,
  beforePreviews
}: {
  job: RepairJobView
  before: MeshInspection
  beforePreviews: ArrayBuffer[]
}): ReactNode {
  const running = RUNNING.includes(job.phase)
  const afterPreviews = useRepairStore((s) => s.resultPreviews[job.operationId])
  const [previewError, setPreviewError] = useState<UiError | null>(null)

  useEffect(() => {
    if (job.phase !== 'done') return
    loadResultPreview(job.operationId).catch((caught: unknown) =>
      setPreviewError(toUiError(caught))
    )
  }, [job.phase, job.operationId])

  return (
    <section
      className="repair-job"
      data-testid="repair-job"
      data-phase={job.phase}
      aria-live="polite"
    >
      <div className="inline-row">
        <strong>{PHASE_WORDS[job.phase]}</strong>
        {job.retrying && (
          <span className="hint">Makeprintable is not answering; Printdock keeps trying.</span>
        )}
        {running && (
          <button
            type="button"
            className="button small"
            onClick={() => void cancelRepair(job.operationId)}
            data-testid="repair-cancel"
          >
            Stop watching
          </button>
        )}
      </div>
      {running && (
        <progress
          className="repair-progress"
          data-testid="repair-progress"
          max={1}
          value={job.progress ?? undefined}
          aria-label={PHASE_WORDS[job.phase]}
        />
      )}
      {job.phase === 'needs-destination' && <DestinationForm job={job} />}
      {job.phase === 'failed' && job.error && (
        <p className="error-box" role="alert" data-testid="repair-error">
          {job.error.message || errorText(UiError.fromDto(job.error))}
        </p>
      )}
      {job.phase === 'done' && job.after && (
        <div className="before-after" data-testid="repair-before-after">
          <div>
            <h4>Before: {before.fileName}</h4>
            {before.entries.map((entry, i) => (
              <div key={entry.name}>
                <HealthReport report={entry.report} />
                {beforePreviews[i] && <MeshPreview buffer={beforePreviews[i]} label={entry.name} />}
              </div>
            ))}
          </div>
          <div>
            <h4>After: {job.outputName}</h4>
            <p className="hint">Saved beside the original.</p>
            {job.after.entries.map((entry, i) => (
              <div key={entry.name}>
                <HealthReport report={entry.report} />
                {afterPreviews?.[i] && <MeshPreview buffer={afterPreviews[i]} label={entry.name} />}
              </div>
            ))}
            {previewError && <p className="error-text">{errorText(previewError)}</p>}
          </div>
        </div>
      )}
    </section>
  )
}

/** The default `<name>-repaired.<ext>` exists: ask for another name (suggested), never overwrite. */
function DestinationForm({ job }: { job: RepairJobView }): ReactNode {
  const [name, setName] = useState(job.outputName ?? '')
  const [error, setError] = useState<UiError | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => inputRef.current?.focus(), [])
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    setBusy(true)
    chooseDestination(job.operationId, name)
      .catch((caught: unknown) => setError(toUiError(caught)))
      .finally(() => setBusy(false))
  }
  return (
    <form className="destination-form" onSubmit={submit} data-testid="repair-destination">
      <p>
        A file named like the repaired model already exists beside the original. Printdock never
        overwrites files: choose a new name (same folder).
      </p>
      <label htmlFor={inputId}>File name</label>
      <div className="inline-row">
        <input
          id={inputId}
          ref={inputRef}
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="button primary" disabled={busy || !name.trim()}>
          Save
        </button>
        <button type="button" className="button" onClick={() => void cancelRepair(job.operationId)}>
          Discard
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error.message || errorText(error)}
        </p>
      )}
    </form>
  )
}
