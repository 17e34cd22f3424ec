import { useEffect, useMemo, useState, type DragEvent, type ReactNode } from 'react'
import { FILE_SORTINGS, type FileSorting } from '@shared/models/library'
import { EmptyState } from '../../components/EmptyState'
import { ScreenHeading } from '../../components/ScreenHeading'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError } from '../../lib/ui-error'
import { useAccountsStore } from '../../stores/accounts-store'
import { navigate } from '../../stores/navigation-store'
import { pushNotice } from '../../stores/notice-store'
import { uploadsStore, watchUploads } from '../../stores/uploads-store'
import { filesFromDrop } from './dropped-files'
import { FileList, ROWS_DRAG_TYPE } from './FileList'
import { FolderTree } from './FolderTree'
import { libraryErrorText } from './format'
import { DeleteDialog, MoveDialog, NamePrompt, PrintDialog } from './LibraryDialogs'
import {
  chooseAccount,
  clearSelection,
  libraryStore,
  openFolder,
  refreshListing,
  selectionIds,
  setSearch,
  setSorting,
  useLibraryStore,
  type RowKey
} from './library-store'
import { UploadQueuePanel } from './UploadQueuePanel'

const SORT_WORDS: Record<FileSorting, string> = {
  created_at_desc: 'Newest first',
  created_at_asc: 'Oldest first',
  filename_asc: 'Name A–Z',
  filename_desc: 'Name Z–A',
  num_bytes_asc: 'Smallest first',
  num_bytes_desc: 'Largest first'
}

type Dialog =
  | { kind: 'new-folder' }
  | { kind: 'rename' }
  | { kind: 'move' }
  | { kind: 'delete' }
  | { kind: 'print'; fileId: number; filename: string }
  | null

function report(caught: unknown): void {
  pushNotice({ level: 'error', message: libraryErrorText(toUiError(caught)) })
}

/** Queues every file of a desktop drop for upload into `folderId`, keeping dropped folders' structure. */
async function uploadDrop(
  accountId: string,
  folderId: number | null,
  transfer: DataTransfer
): Promise<void> {
  const dropped = await filesFromDrop(transfer)
  if (dropped.length === 0) return
  for (const { file, folderPath } of dropped) {
    try {
      const registered = await api.files.registerDroppedFile(file)
      await api.uploads.enqueue(crypto.randomUUID(), {
        accountId,
        fileRef: registered.fileRef,
        targetFolderId: folderId,
        folderPath
      })
    } catch (caught) {
      report(caught)
    }
  }
}

/** Moves the rows named in a drag onto `targetId`. */
async function moveDragged(accountId: string, targetId: number | null, raw: string): Promise<void> {
  const keys = JSON.parse(raw) as RowKey[]
  const ids = selectionIds(new Set(keys))
  if (targetId !== null && ids.folderIds.includes(targetId)) return
  await api.library.move(accountId, ids, targetId)
  clearSelection()
  await refreshListing()
}

/**
 * Files: the G-code library of a linked Obico account. Folder tree and breadcrumb, the folder's
 * rows (virtualised), search and sort, drops from the desktop onto the window or onto a folder,
 * the upload queue (main's; it survives switching screens), and the actions on a selection.
 *
 * Test ids: `files-empty`, `files-screen`, `file-list`, `file-row`, `folder-row`, `upload-queue`.
 */
export function FilesScreen(): ReactNode {
  const allAccounts = useAccountsStore((s) => s.accounts.value)
  const accounts = useMemo(() => allAccounts.filter((a) => a.provider === 'obico'), [allAccounts])
  const state = useLibraryStore((s) => s)
  const { accountId } = state
  const [dialog, setDialog] = useState<Dialog>(null)
  const [dropping, setDropping] = useState(false)
  const [treeVersion, setTreeVersion] = useState(0)
  const [searchText, setSearchText] = useState(state.search)

  useEffect(() => {
    watchUploads().catch(report)
  }, [])

  useEffect(() => {
    if (accounts.length === 0) return
    if (!accountId || !accounts.some((a) => a.id === accountId)) chooseAccount(accounts[0].id)
    else if (state.status === 'idle') void refreshListing()
  }, [accounts, accountId, state.status])

  // A finished upload of this account shows up in the list without a manual refresh.
  useEffect(() => {
    const seen = new Set(
      uploadsStore
        .getState()
        .uploads.value.filter((i) => i.state === 'done')
        .map((i) => i.id)
    )
    return uploadsStore.subscribe((s) => {
      let fresh = false
      for (const item of s.uploads.value) {
        if (item.state === 'done' && !seen.has(item.id)) {
          seen.add(item.id)
          if (item.accountId === libraryStore.getState().accountId) fresh = true
        }
      }
      if (fresh) {
        void refreshListing()
        setTreeVersion((v) => v + 1)
      }
    })
  }, [])

  // Search as the user types, after a short pause.
  useEffect(() => {
    if (searchText === libraryStore.getState().search) return
    const timer = setTimeout(() => setSearch(searchText), 250)
    return () => clearTimeout(timer)
  }, [searchText])

  if (accounts.length === 0) {
    return (
      <>
        <ScreenHeading lead="Your G-code, in folders, ready to print.">Files</ScreenHeading>
        <EmptyState
          title="Link an Obico account to see its G-code library"
          testId="files-empty"
          action={
            <button
              type="button"
              className="button"
              onClick={() => navigate('accounts', { focusHeading: true })}
              data-testid="files-go-accounts"
            >
              Link an account
            </button>
          }
        >
          <p>
            The files and folders you keep on Obico show here, and you can upload G-code by dropping
            it on this window.
          </p>
        </EmptyState>
        <UploadQueuePanel />
      </>
    )
  }

  const listing = state.listing
  const selected = selectionIds(state.selected)
  const selectedFile =
    selected.fileIds.length === 1 && selected.folderIds.length === 0
      ? listing?.files.find((f) => f.id === selected.fileIds[0])
      : undefined
  const selectedFolder =
    selected.folderIds.length === 1 && selected.fileIds.length === 0
      ? listing?.folders.find((f) => f.id === selected.folderIds[0])
      : undefined
  const count = state.selected.size
  const selectedNames = listing
    ? [
        ...listing.folders
          .filter((f) => selected.folderIds.includes(f.id))
          .map((f) => `${f.name}/`),
        ...listing.files.filter((f) => selected.fileIds.includes(f.id)).map((f) => f.filename)
      ]
    : []
  const printReason = !selectedFile ? 'Select one file to print it.' : null

  const afterChange = async () => {
    clearSelection()
    await refreshListing()
    setTreeVersion((v) => v + 1)
  }

  const onDropOn = (targetId: number | null, event: DragEvent) => {
    if (!accountId) return
    const rows = event.dataTransfer.getData(ROWS_DRAG_TYPE)
    if (rows) {
      moveDragged(accountId, targetId, rows)
        .then(() => setTreeVersion((v) => v + 1))
        .catch(report)
      return
    }
    void uploadDrop(accountId, targetId, event.dataTransfer)
  }

  return (
    <div
      className={`files-screen${dropping ? ' dropping' : ''}`}
      data-testid="files-screen"
      onDragOver={(e) => {
        if (!Array.from(e.dataTransfer.types).includes('Files')) return
        e.preventDefault()
        setDropping(true)
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropping(false)
      }}
      onDrop={(e) => {
        setDropping(false)
        if (!accountId || !Array.from(e.dataTransfer.types).includes('Files')) return
        e.preventDefault()
        void uploadDrop(accountId, state.folderId, e.dataTransfer)
      }}
    >
      <ScreenHeading lead="Drop G-code files or whole folders anywhere here to upload them.">
        Files
      </ScreenHeading>
      <div className="files-toolbar">
        {accounts.length > 1 && (
          <label className="field inline">
            <span>Account</span>
            <select
              value={accountId ?? ''}
              onChange={(e) => chooseAccount(e.target.value)}
              data-testid="files-account"
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName} ({a.providerLabel})
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field inline">
          <span className="visually-hidden">Search files</span>
          <input
            type="search"
            placeholder="Search files"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            data-testid="files-search"
          />
        </label>
        <label className="field inline">
          <span className="visually-hidden">Sort</span>
          <select
            value={state.sorting}
            onChange={(e) => setSorting(e.target.value as FileSorting)}
            data-testid="files-sort"
          >
            {FILE_SORTINGS.map((s) => (
              <option key={s} value={s}>
                {SORT_WORDS[s]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          onClick={() => setDialog({ kind: 'new-folder' })}
          data-testid="files-new-folder"
        >
          New folder
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => accountId && api.uploads.pick(accountId, state.folderId).catch(report)}
          data-testid="files-upload"
        >
          Upload…
        </button>
      </div>

      <nav aria-label="Folder path" className="breadcrumb" data-testid="breadcrumb">
        <ol>
          {[{ id: null as number | null, name: 'All files' }, ...(listing?.path ?? [])].map(
            (step, i, all) => (
              <li
                key={step.id ?? 'root'}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault()
                  e.stopPropagation()
                  onDropOn(step.id, e)
                }}
              >
                {i === all.length - 1 ? (
                  <span aria-current="page">{step.name}</span>
                ) : (
                  <button type="button" className="link-button" onClick={() => openFolder(step.id)}>
                    {step.name}
                  </button>
                )}
              </li>
            )
          )}
        </ol>
      </nav>

      <div className="files-body">
        {accountId && (
          <aside className="files-tree">
            <FolderTree
              accountId={accountId}
              current={state.folderId}
              onOpen={openFolder}
              onDropOn={onDropOn}
              version={treeVersion}
            />
          </aside>
        )}
        <section className="files-main" aria-label="Folder contents">
          <div
            className="selection-bar"
            role="toolbar"
            aria-label="Actions on the selection"
            data-testid="selection-bar"
          >
            <span className="selection-count">
              {count === 0 ? 'Nothing selected' : `${count} selected`}
            </span>
            <button
              type="button"
              className="button small"
              disabled={!selectedFile && !selectedFolder}
              onClick={() => setDialog({ kind: 'rename' })}
              data-testid="action-rename"
            >
              Rename
            </button>
            <button
              type="button"
              className="button small"
              disabled={count === 0}
              onClick={() => setDialog({ kind: 'move' })}
              data-testid="action-move"
            >
              Move…
            </button>
            <button
              type="button"
              className="button small danger"
              disabled={count === 0}
              onClick={() => setDialog({ kind: 'delete' })}
              data-testid="action-delete"
            >
              Delete
            </button>
            <button
              type="button"
              className="button small"
              disabled={!selectedFile}
              onClick={() =>
                selectedFile &&
                accountId &&
                api.library
                  .download(crypto.randomUUID(), accountId, selectedFile.id)
                  .then(
                    (outcome) =>
                      outcome.saved &&
                      pushNotice({ level: 'info', message: `Saved ${outcome.name}.` })
                  )
                  .catch(report)
              }
              data-testid="action-download"
            >
              Download
            </button>
            <button
              type="button"
              className="button small primary"
              disabled={!selectedFile}
              aria-describedby={printReason ? 'print-reason' : undefined}
              onClick={() =>
                selectedFile &&
                setDialog({
                  kind: 'print',
                  fileId: selectedFile.id,
                  filename: selectedFile.filename
                })
              }
              data-testid="action-print"
            >
              Print…
            </button>
            {/* Always there when it applies, selection or not: a line appearing on the first click
                would move the rows under the pointer (a double-click would land elsewhere). */}
            {printReason && (
              <span id="print-reason" className="hint">
                {printReason}
              </span>
            )}
          </div>
          {state.status === 'failed' && state.error && (
            <div className="error-box" role="alert">
              <p>{libraryErrorText(state.error) || errorText(state.error)}</p>
              <button type="button" className="button" onClick={() => void refreshListing()}>
                Try again
              </button>
            </div>
          )}
          {state.status === 'loading' && !listing && (
            <p className="starting">Reading the folder…</p>
          )}
          {listing && accountId && (
            <FileList
              accountId={accountId}
              folders={listing.folders}
              files={listing.files}
              selected={state.selected}
              onOpenFolder={openFolder}
              onDropOnFolder={onDropOn}
              onDeleteKey={() => count > 0 && setDialog({ kind: 'delete' })}
              onRenameKey={() => (selectedFile || selectedFolder) && setDialog({ kind: 'rename' })}
            />
          )}
        </section>
      </div>

      <UploadQueuePanel />

      {dialog?.kind === 'new-folder' && accountId && (
        <NamePrompt
          title="New folder"
          label="Folder name"
          initial=""
          confirmLabel="Create"
          onSubmit={async (name) => {
            await api.library.createFolder(accountId, name, state.folderId)
            await afterChange()
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'rename' && accountId && (selectedFile || selectedFolder) && (
        <NamePrompt
          title={selectedFile ? 'Rename file' : 'Rename folder'}
          label="New name"
          initial={selectedFile?.filename ?? selectedFolder?.name ?? ''}
          confirmLabel="Rename"
          onSubmit={async (name) => {
            if (selectedFile) await api.library.renameFile(accountId, selectedFile.id, name)
            else if (selectedFolder)
              await api.library.renameFolder(accountId, selectedFolder.id, name)
            await afterChange()
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'move' && accountId && (
        <MoveDialog
          accountId={accountId}
          count={count}
          movingFolderIds={selected.folderIds}
          onMove={async (target) => {
            await api.library.move(accountId, selected, target)
            await afterChange()
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && accountId && (
        <DeleteDialog
          accountId={accountId}
          fileIds={selected.fileIds}
          folderIds={selected.folderIds}
          names={selectedNames}
          onDelete={async () => {
            await api.library.delete(accountId, selected)
            await afterChange()
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'print' && accountId && (
        <PrintDialog
          accountId={accountId}
          fileId={dialog.fileId}
          filename={dialog.filename}
          onPrinted={(outcome) => pushNotice({ level: 'info', message: outcome })}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  )
}

export default FilesScreen
