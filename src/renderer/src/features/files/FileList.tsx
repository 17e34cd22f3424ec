/**
 * The folder's rows (sub-folders first, then files), virtualised: only the rows in view are in the
 * DOM, so a folder of 10,000 files renders and scrolls like one of ten. A listbox for assistive
 * technology and the keyboard: arrows move, Shift extends, Space toggles, Enter opens a folder,
 * Ctrl+A selects all, Delete and F2 act on the selection.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type ReactNode
} from 'react'
import type { LibraryFile, LibraryFolder } from '@shared/models/library'
import { Thumbnail } from './Thumbnail'
import { formatDate, formatDuration, formatFilament, formatSize } from './format'
import { selectAll, selectRow, type RowKey } from './library-store'

/** The drag type of rows moved inside the window (desktop drags carry Files instead). */
export const ROWS_DRAG_TYPE = 'application/x-printdock-rows'

export type Row =
  | { key: RowKey; kind: 'folder'; folder: LibraryFolder }
  | { key: RowKey; kind: 'file'; file: LibraryFile }

interface Props {
  accountId: string
  folders: LibraryFolder[]
  files: LibraryFile[]
  selected: ReadonlySet<RowKey>
  onOpenFolder(folderId: number): void
  /** Something was dropped on a folder row: rows from this list, or files from the desktop. */
  onDropOnFolder(folderId: number, event: DragEvent): void
  onDeleteKey(): void
  onRenameKey(): void
}

const ROW_HEIGHT = 52

export function FileList(props: Props): ReactNode {
  const rows = useMemo<Row[]>(
    () => [
      ...props.folders.map((folder) => ({
        key: `d:${folder.id}` as RowKey,
        kind: 'folder' as const,
        folder
      })),
      ...props.files.map((file) => ({ key: `f:${file.id}` as RowKey, kind: 'file' as const, file }))
    ],
    [props.folders, props.files]
  )
  const order = useMemo(() => rows.map((r) => r.key), [rows])
  const scroller = useRef<HTMLDivElement>(null)
  const [focused, setFocused] = useState(0)
  const [dropKey, setDropKey] = useState<RowKey | null>(null)
  // The virtualiser's functions change every render; this component does not rely on memoising.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8
  })
  const focusIndex = Math.min(focused, Math.max(0, rows.length - 1))

  const moveFocus = (index: number, extend: boolean) => {
    const next = Math.max(0, Math.min(rows.length - 1, index))
    setFocused(next)
    virtualizer.scrollToIndex(next)
    if (extend) selectRow(rows[next].key, 'range', order)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return
    const row = rows[focusIndex]
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveFocus(focusIndex + 1, event.shiftKey),
      ArrowUp: () => moveFocus(focusIndex - 1, event.shiftKey),
      PageDown: () => moveFocus(focusIndex + page, event.shiftKey),
      PageUp: () => moveFocus(focusIndex - page, event.shiftKey),
      Home: () => moveFocus(0, event.shiftKey),
      End: () => moveFocus(rows.length - 1, event.shiftKey),
      ' ': () => selectRow(row.key, event.ctrlKey || event.metaKey ? 'toggle' : 'only', order),
      Enter: () =>
        row.kind === 'folder'
          ? props.onOpenFolder(row.folder.id)
          : selectRow(row.key, 'only', order),
      Delete: () => props.onDeleteKey(),
      F2: () => props.onRenameKey()
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      selectAll(order)
      return
    }
    const handler = keys[event.key]
    if (!handler) return
    event.preventDefault()
    handler()
  }

  if (rows.length === 0) {
    return (
      <p className="file-list-empty" data-testid="file-list-empty">
        This folder is empty. Drop G-code files or folders here, or use Upload.
      </p>
    )
  }

  return (
    <div
      ref={scroller}
      className="file-list"
      role="listbox"
      aria-label="Files and folders"
      aria-multiselectable="true"
      aria-activedescendant={`row-${rows[focusIndex].key}`}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="file-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]
          const selected = props.selected.has(row.key)
          const name = row.kind === 'folder' ? row.folder.name : row.file.filename
          return (
            <div
              key={row.key}
              id={`row-${row.key}`}
              role="option"
              aria-selected={selected}
              className={`file-row${selected ? ' selected' : ''}${item.index === focusIndex ? ' focused' : ''}${dropKey === row.key ? ' drop-target' : ''}`}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`
              }}
              data-testid={row.kind === 'folder' ? 'folder-row' : 'file-row'}
              data-name={name}
              draggable
              onDragStart={(e) => {
                const keys = selected ? [...props.selected] : [row.key]
                if (!selected) selectRow(row.key, 'only', order)
                e.dataTransfer.setData(ROWS_DRAG_TYPE, JSON.stringify(keys))
                e.dataTransfer.effectAllowed = 'move'
              }}
              onDragOver={(e) => {
                if (row.kind !== 'folder' || props.selected.has(row.key)) return
                e.preventDefault()
                e.stopPropagation()
                setDropKey(row.key)
              }}
              onDragLeave={() => setDropKey((k) => (k === row.key ? null : k))}
              onDrop={(e) => {
                setDropKey(null)
                if (row.kind !== 'folder') return
                e.preventDefault()
                e.stopPropagation()
                props.onDropOnFolder(row.folder.id, e)
              }}
              onClick={(e) => {
                setFocused(item.index)
                selectRow(
                  row.key,
                  e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only',
                  order
                )
              }}
              onDoubleClick={() => row.kind === 'folder' && props.onOpenFolder(row.folder.id)}
            >
              {row.kind === 'folder' ? (
                <>
                  <span className="thumb thumb-folder" aria-hidden="true">
                    <svg viewBox="0 0 24 24" width="24" height="24">
                      <path
                        d="M3 6a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"
                        fill="currentColor"
                      />
                    </svg>
                  </span>
                  <span className="file-name">{row.folder.name}</span>
                  <span className="file-meta">
                    {row.folder.folderCount} folder{row.folder.folderCount === 1 ? '' : 's'},{' '}
                    {row.folder.fileCount} file{row.folder.fileCount === 1 ? '' : 's'}
                  </span>
                </>
              ) : (
                <>
                  <Thumbnail accountId={props.accountId} file={row.file} />
                  <span className="file-name">{row.file.filename}</span>
                  <span className="file-meta">
                    <span title="Size">{formatSize(row.file.sizeBytes)}</span>
                    <span title="Uploaded">{formatDate(row.file.createdAt)}</span>
                    <span title="Estimated print time">
                      {formatDuration(row.file.estimatedSeconds)}
                    </span>
                    <span title="Filament">{formatFilament(row.file.filamentMm)}</span>
                    <span className="file-slicer" title={row.file.slicer ?? 'Slicer unknown'}>
                      {row.file.slicer ?? '—'}
                    </span>
                  </span>
                </>
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
