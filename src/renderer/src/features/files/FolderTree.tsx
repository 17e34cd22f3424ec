import { useEffect, useState, type DragEvent, type ReactNode } from 'react'
import type { LibraryFolder } from '@shared/models/library'
import { api } from '../../lib/api'

interface Props {
  accountId: string
  /** The folder shown as current (null: the root). */
  current: number | null
  onOpen(folderId: number | null): void
  /** Drops on a folder node (files from the desktop, or rows being moved). */
  onDropOn?(folderId: number | null, event: DragEvent): void
  /** Folders that may not be chosen (a move into itself). */
  disabledIds?: ReadonlySet<number>
  /** Changes when the tree should read its folders again. */
  version?: number
  testId?: string
}

/** A folder tree, one level read at a time, for navigation and as a move target picker. */
export function FolderTree(props: Props): ReactNode {
  return (
    <ul className="folder-tree" role="tree" aria-label="Folders" data-testid={props.testId}>
      <TreeNode {...props} folder={null} depth={0} />
    </ul>
  )
}

function TreeNode(props: Props & { folder: LibraryFolder | null; depth: number }): ReactNode {
  const { folder, accountId, version } = props
  const id = folder?.id ?? null
  const [open, setOpen] = useState(folder === null)
  const [children, setChildren] = useState<LibraryFolder[] | null>(null)
  const [dropping, setDropping] = useState(false)
  useEffect(() => {
    if (!open) return
    let live = true
    api.library
      .folders(accountId, id)
      .then((list) => live && setChildren(list))
      .catch(() => live && setChildren([]))
    return () => {
      live = false
    }
  }, [open, accountId, id, version])
  const hasChildren = folder === null || folder.folderCount > 0
  const disabled = id !== null && props.disabledIds?.has(id)
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? open : undefined}
      aria-selected={props.current === id}
    >
      <div
        className={`tree-row${props.current === id ? ' current' : ''}${dropping ? ' drop-target' : ''}`}
        style={{ paddingLeft: `${props.depth * 14 + 4}px` }}
        onDragOver={(e) => {
          if (!props.onDropOn || disabled) return
          e.preventDefault()
          setDropping(true)
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={(e) => {
          setDropping(false)
          if (!props.onDropOn || disabled) return
          e.preventDefault()
          e.stopPropagation()
          props.onDropOn(id, e)
        }}
      >
        {hasChildren ? (
          <button
            type="button"
            className="tree-toggle"
            aria-label={
              open
                ? `Collapse ${folder?.name ?? 'All files'}`
                : `Expand ${folder?.name ?? 'All files'}`
            }
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <button
          type="button"
          className="tree-name"
          disabled={disabled}
          onClick={() => props.onOpen(id)}
          data-testid={`tree-folder-${folder?.name ?? 'root'}`}
        >
          {folder?.name ?? 'All files'}
        </button>
      </div>
      {open && children && children.length > 0 && (
        <ul role="group">
          {children.map((child) => (
            <TreeNode key={child.id} {...props} folder={child} depth={props.depth + 1} />
          ))}
        </ul>
      )}
    </li>
  )
}
