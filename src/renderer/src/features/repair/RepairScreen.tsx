import {
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type DragEvent,
  type ReactNode
} from 'react'
import { ScreenHeading } from '../../components/ScreenHeading'
import { navigate } from '../../stores/navigation-store'
import { ModelRowView } from './ModelRowView'
import { PastRepairs } from './PastRepairs'
import { addFiles, MODEL_EXTENSIONS, useRepairStore, watchRepairs } from './repair-store'

/**
 * Repair: drop or pick model files (STL, OBJ, 3MF, ZIP; several at once, one row each) for a local
 * health check and 3D preview, then repair them with Makeprintable and compare before and after.
 * Files reach main as references (`files.registerDroppedFile`); main reads them, never the page.
 *
 * Test ids: `repair-dropzone`, `repair-pick`, `repair-go-accounts`, `repair-status`, `model-list`.
 */
export function RepairScreen(): ReactNode {
  const rows = useRepairStore((s) => s.rows)
  const status = useRepairStore((s) => s.status)
  const inputRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)

  useEffect(() => watchRepairs(), [])

  const take = (files: FileList | null | undefined): void => {
    const list = files ? [...files] : []
    if (list.length > 0) void addFiles(list)
  }
  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault()
    setDragging(true)
  }
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    // Always cancel the drop: a stray file must not navigate the window away.
    event.preventDefault()
    setDragging(false)
    take(event.dataTransfer?.files)
  }
  const onPick = (event: ChangeEvent<HTMLInputElement>): void => {
    take(event.target.files)
    event.target.value = ''
  }

  const linked = status?.linked === true
  return (
    <>
      <ScreenHeading lead="Check meshes for holes, flipped faces and other defects, then fix them with Makeprintable.">
        Repair
      </ScreenHeading>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        data-testid="repair-dropzone"
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-describedby="repair-explain"
      >
        <p className="dropzone-title">Drop STL, OBJ, 3MF or ZIP files here</p>
        <p>
          <button
            type="button"
            className="button"
            onClick={() => inputRef.current?.click()}
            data-testid="repair-pick"
          >
            Choose files…
          </button>
          <input
            ref={inputRef}
            type="file"
            multiple
            accept={MODEL_EXTENSIONS.join(',')}
            onChange={onPick}
            hidden
            data-testid="repair-file-input"
          />
        </p>
        <p id="repair-explain" className="hint" data-testid="repair-status">
          {linked
            ? `The check runs on this computer. Repairs use Makeprintable (${status?.accountName ?? 'linked'}).`
            : 'The check runs on this computer. Mesh repair needs a linked Makeprintable account (OAuth or API key).'}
        </p>
      </div>
      {status && !linked && (
        <div className="after-dropzone">
          {status.problem && <p className="hint">{status.problem}</p>}
          <button
            type="button"
            className="button primary"
            onClick={() => navigate('accounts', { focusHeading: true })}
            data-testid="repair-go-accounts"
          >
            Link Makeprintable
          </button>
        </div>
      )}
      {rows.length > 0 && (
        <ul className="model-list" data-testid="model-list" aria-label="Checked models">
          {rows.map((row) => (
            <ModelRowView key={row.rowId} row={row} canRepair={linked} />
          ))}
        </ul>
      )}
      {linked && <PastRepairs />}
    </>
  )
}

export default RepairScreen
