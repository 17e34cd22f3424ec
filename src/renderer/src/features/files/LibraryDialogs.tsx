/** The Files screen's dialogs: a name prompt, a move target, a printer to print on, delete. */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { LibraryPrinter } from '@shared/models/library'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { api } from '../../lib/api'
import { toUiError } from '../../lib/ui-error'
import { FolderTree } from './FolderTree'
import { libraryErrorText } from './format'

/** Runs `action`; shows its error inside the dialog and keeps it open. */
function useAction(onDone: () => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    action()
      .then(() => onDone())
      .catch((caught: unknown) => setError(libraryErrorText(toUiError(caught))))
      .finally(() => setBusy(false))
  }
  return { busy, error, run }
}

export function NamePrompt(props: {
  title: string
  label: string
  initial: string
  confirmLabel: string
  onSubmit(name: string): Promise<unknown>
  onClose(): void
}): ReactNode {
  const [name, setName] = useState(props.initial)
  const input = useRef<HTMLInputElement>(null)
  const { busy, error, run } = useAction(props.onClose)
  useEffect(() => {
    // After the dialog put focus on Cancel: the field is what the user came to type in.
    const timer = setTimeout(() => {
      input.current?.focus()
      input.current?.select()
    }, 0)
    return () => clearTimeout(timer)
  }, [])
  const submit = () => name.trim() && run(() => props.onSubmit(name.trim()))
  return (
    <ConfirmDialog
      title={props.title}
      confirmLabel={props.confirmLabel}
      busy={busy || !name.trim()}
      onConfirm={submit}
      onCancel={props.onClose}
      testId="name-dialog"
      confirmTestId="name-dialog-confirm"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <label className="field">
          <span>{props.label}</span>
          <input
            ref={input}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="name-input"
          />
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="name-dialog-error">
            {error}
          </p>
        )}
      </form>
    </ConfirmDialog>
  )
}

export function MoveDialog(props: {
  accountId: string
  count: number
  movingFolderIds: number[]
  onMove(targetId: number | null): Promise<unknown>
  onClose(): void
}): ReactNode {
  const [target, setTarget] = useState<number | null>(null)
  const { busy, error, run } = useAction(props.onClose)
  return (
    <ConfirmDialog
      title={`Move ${props.count} item${props.count === 1 ? '' : 's'}`}
      confirmLabel="Move here"
      busy={busy}
      onConfirm={() => run(() => props.onMove(target))}
      onCancel={props.onClose}
      testId="move-dialog"
      confirmTestId="move-dialog-confirm"
    >
      <p>Choose the folder to move to.</p>
      <div className="move-tree">
        <FolderTree
          accountId={props.accountId}
          current={target}
          onOpen={setTarget}
          disabledIds={new Set(props.movingFolderIds)}
          testId="move-tree"
        />
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </ConfirmDialog>
  )
}

export function PrintDialog(props: {
  accountId: string
  fileId: number
  filename: string
  onPrinted(outcome: string): void
  onClose(): void
}): ReactNode {
  const [printers, setPrinters] = useState<LibraryPrinter[] | null>(null)
  const [chosen, setChosen] = useState<number | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const { busy, error, run } = useAction(props.onClose)
  useEffect(() => {
    api.library
      .printers(props.accountId)
      .then((list) => {
        setPrinters(list)
        setChosen(list.find((p) => p.printable)?.id ?? null)
      })
      .catch((caught: unknown) => setLoadError(libraryErrorText(toUiError(caught))))
  }, [props.accountId])
  return (
    <ConfirmDialog
      title={`Print “${props.filename}”`}
      confirmLabel="Start print"
      busy={busy || chosen === null}
      onConfirm={() =>
        chosen !== null &&
        run(async () =>
          props.onPrinted(await api.library.print(props.accountId, chosen, props.fileId))
        )
      }
      onCancel={props.onClose}
      testId="print-dialog"
      confirmTestId="print-dialog-confirm"
    >
      {loadError && <p className="error-text">{loadError}</p>}
      {!printers && !loadError && <p>Reading your printers…</p>}
      {printers && printers.length === 0 && <p>This account has no printers.</p>}
      {printers && printers.length > 0 && (
        <fieldset className="printer-choice">
          <legend>Printer</legend>
          {printers.map((p) => (
            <label key={p.id} className={p.printable ? '' : 'muted'}>
              <input
                type="radio"
                name="printer"
                value={p.id}
                checked={chosen === p.id}
                disabled={!p.printable}
                onChange={() => setChosen(p.id)}
              />{' '}
              {p.name}
              {p.reason && <span className="hint"> — {p.reason}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </ConfirmDialog>
  )
}

export function DeleteDialog(props: {
  accountId: string
  fileIds: number[]
  folderIds: number[]
  names: string[]
  onDelete(): Promise<unknown>
  onClose(): void
}): ReactNode {
  const [inside, setInside] = useState<{ files: number; folders: number } | null>(null)
  const { busy, error, run } = useAction(props.onClose)
  useEffect(() => {
    if (props.folderIds.length === 0) return
    let live = true
    Promise.all(props.folderIds.map((id) => api.library.folderContents(props.accountId, id)))
      .then((counts) => {
        if (live) {
          setInside(
            counts.reduce(
              (sum, c) => ({ files: sum.files + c.files, folders: sum.folders + c.folders }),
              {
                files: 0,
                folders: 0
              }
            )
          )
        }
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [props.accountId, props.folderIds])
  const what = [
    props.fileIds.length > 0
      ? `${props.fileIds.length} file${props.fileIds.length === 1 ? '' : 's'}`
      : '',
    props.folderIds.length > 0
      ? `${props.folderIds.length} folder${props.folderIds.length === 1 ? '' : 's'}`
      : ''
  ]
    .filter(Boolean)
    .join(' and ')
  return (
    <ConfirmDialog
      title={`Delete ${what}?`}
      confirmLabel="Delete"
      danger
      busy={busy}
      onConfirm={() => run(props.onDelete)}
      onCancel={props.onClose}
      testId="delete-dialog"
      confirmTestId="delete-dialog-confirm"
    >
      <p>
        {props.names.slice(0, 5).join(', ')}
        {props.names.length > 5 ? ` and ${props.names.length - 5} more` : ''} will be deleted from
        the server. This cannot be undone.
      </p>
      {props.folderIds.length > 0 && (
        <p data-testid="delete-folder-contents">
          {inside
            ? `Everything inside goes too: ${inside.files} file${inside.files === 1 ? '' : 's'} and ${inside.folders} folder${inside.folders === 1 ? '' : 's'}.`
            : 'Counting what is inside…'}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </ConfirmDialog>
  )
}
