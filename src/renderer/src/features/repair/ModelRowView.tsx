import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { PRINT_QUALITIES, type PrintQuality, type RepairOptions } from '@shared/models/repair'
import { errorText } from '../../lib/error-text'
import { HealthReport } from './HealthReport'
import { MeshPreview } from './MeshPreview'
import { RepairJobPanel } from './RepairJobPanel'
import { removeRow, startRepair, useRepairStore, type ModelRow } from './repair-store'

const QUALITY_WORDS: Record<PrintQuality, string> = {
  standard: 'Standard',
  prototype: 'Prototype (faster)',
  high: 'High'
}

/**
 * One dropped or picked file: its health report per mesh, its preview, and the repair.
 *
 * Test ids: `model-row`, `model-row-error`, `repair-options`, `repair-submit`, `model-row-remove`.
 */
export function ModelRowView({ row, canRepair }: { row: ModelRow; canRepair: boolean }): ReactNode {
  const job = useRepairStore((s) => s.jobs.value.find((j) => j.operationId === row.jobId))
  const [showPreview, setShowPreview] = useState(true)
  const headingId = useId()
  return (
    <li
      className="model-row card"
      data-testid="model-row"
      data-state={row.state}
      aria-labelledby={headingId}
    >
      <div className="model-row-head">
        <h3 id={headingId}>{row.name}</h3>
        <span className="hint">{formatBytes(row.sizeBytes)}</span>
        <button
          type="button"
          className="button small ghost"
          onClick={() => removeRow(row.rowId)}
          aria-label={`Remove ${row.name} from the list`}
          data-testid="model-row-remove"
        >
          Remove
        </button>
      </div>
      {(row.state === 'registering' || row.state === 'checking') && (
        <p className="hint" role="status">
          Checking the model…
        </p>
      )}
      {row.state === 'failed' && row.error && (
        <p className="error-box" role="alert" data-testid="model-row-error">
          {row.error.message || errorText(row.error)}
        </p>
      )}
      {row.state === 'checked' && row.inspection && (
        <>
          {row.inspection.entries.map((entry, i) => (
            <div key={entry.name} className="model-entry">
              {row.inspection!.entries.length > 1 && <h4>{entry.name}</h4>}
              <HealthReport report={entry.report} />
              {showPreview && row.previews[i] && (
                <MeshPreview buffer={row.previews[i]} label={entry.name} />
              )}
            </div>
          ))}
          <p>
            <button
              type="button"
              className="button small"
              onClick={() => setShowPreview((shown) => !shown)}
              aria-pressed={showPreview}
            >
              {showPreview ? 'Hide 3D preview' : 'Show 3D preview'}
            </button>
          </p>
          {job ? (
            <RepairJobPanel job={job} before={row.inspection} beforePreviews={row.previews} />
          ) : row.jobId ? (
            <p className="hint" role="status">
              Starting the repair…
            </p>
          ) : (
            canRepair && (
              <RepairForm
                rowId={row.rowId}
                needsRepair={!row.inspection.entries.every((e) => e.report.printable)}
              />
            )
          )}
        </>
      )}
    </li>
  )
}

function RepairForm({ rowId, needsRepair }: { rowId: string; needsRepair: boolean }): ReactNode {
  const [quality, setQuality] = useState<PrintQuality>('standard')
  const [wall, setWall] = useState('')
  const [pre, setPre] = useState('')
  const [post, setPost] = useState('')
  const ids = { quality: useId(), wall: useId(), pre: useId(), post: useId() }
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const options: RepairOptions = { printQuality: quality }
    if (wall !== '') options.wallThickness = Number(wall)
    if (pre !== '') options.preOptimize = Number(pre)
    if (post !== '') options.postOptimize = Number(post)
    void startRepair(rowId, options)
  }
  return (
    <form className="repair-options" onSubmit={submit} data-testid="repair-options">
      <fieldset>
        <legend>Repair with Makeprintable</legend>
        <div className="options-grid">
          <label htmlFor={ids.quality}>Print quality</label>
          <select
            id={ids.quality}
            value={quality}
            onChange={(e) => setQuality(e.target.value as PrintQuality)}
          >
            {PRINT_QUALITIES.map((q) => (
              <option key={q} value={q}>
                {QUALITY_WORDS[q]}
              </option>
            ))}
          </select>
          <label htmlFor={ids.wall}>Wall thickness (mm)</label>
          <input
            id={ids.wall}
            type="number"
            min={0}
            max={100}
            step={0.1}
            value={wall}
            placeholder="Makeprintable decides"
            onChange={(e) => setWall(e.target.value)}
          />
          <label htmlFor={ids.pre}>Optimise before (0–99)</label>
          <input
            id={ids.pre}
            type="number"
            min={0}
            max={99}
            step={1}
            value={pre}
            placeholder="Off"
            onChange={(e) => setPre(e.target.value)}
          />
          <label htmlFor={ids.post}>Optimise after (0–99)</label>
          <input
            id={ids.post}
            type="number"
            min={0}
            max={99}
            step={1}
            value={post}
            placeholder="Off"
            onChange={(e) => setPost(e.target.value)}
          />
        </div>
        <p className="hint">
          The model is uploaded to Makeprintable. The repaired file is saved beside the original as
          “name-repaired”; nothing is overwritten.
        </p>
        <button
          type="submit"
          className={needsRepair ? 'button primary' : 'button'}
          data-testid="repair-submit"
        >
          Repair with Makeprintable
        </button>
      </fieldset>
    </form>
  )
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} bytes`
}
