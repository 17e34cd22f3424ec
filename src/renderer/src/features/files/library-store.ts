/**
 * What the Files screen shows: one account's folder, searched and sorted by the server, and the
 * rows the user selected. Reads are numbered so a slow answer for a folder the user already left
 * never replaces the newer one.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { FileSorting, FolderListing } from '@shared/models/library'
import { api } from '../../lib/api'
import { toUiError, type UiError } from '../../lib/ui-error'

/** A row's key: `d:<id>` for a folder, `f:<id>` for a file. */
export type RowKey = `d:${number}` | `f:${number}`

export interface LibraryState {
  accountId: string | null
  folderId: number | null
  search: string
  sorting: FileSorting
  listing: FolderListing | null
  status: 'idle' | 'loading' | 'ready' | 'failed'
  error: UiError | null
  selected: ReadonlySet<RowKey>
  /** The row shift-click extends from. */
  anchor: RowKey | null
}

export const libraryStore = createStore<LibraryState>(() => ({
  accountId: null,
  folderId: null,
  search: '',
  sorting: 'created_at_desc',
  listing: null,
  status: 'idle',
  error: null,
  selected: new Set(),
  anchor: null
}))

let readSeq = 0

/** Reads the current folder again (after a change, or the Retry button). */
export async function refreshListing(): Promise<void> {
  const { accountId, folderId, search, sorting } = libraryStore.getState()
  if (!accountId) return
  const seq = ++readSeq
  libraryStore.setState({ status: 'loading', error: null })
  try {
    const listing = await api.library.list(accountId, {
      folderId,
      search: search || undefined,
      sorting
    })
    if (seq !== readSeq) return
    const keys = new Set<RowKey>([
      ...listing.folders.map((f) => `d:${f.id}` as RowKey),
      ...listing.files.map((f) => `f:${f.id}` as RowKey)
    ])
    libraryStore.setState((state) => ({
      listing,
      status: 'ready',
      selected: new Set([...state.selected].filter((key) => keys.has(key)))
    }))
  } catch (caught) {
    if (seq !== readSeq) return
    libraryStore.setState({ status: 'failed', error: toUiError(caught) })
  }
}

export function chooseAccount(accountId: string | null): void {
  if (libraryStore.getState().accountId === accountId) return
  libraryStore.setState({
    accountId,
    folderId: null,
    listing: null,
    selected: new Set(),
    anchor: null
  })
  void refreshListing()
}

export function openFolder(folderId: number | null): void {
  libraryStore.setState({ folderId, selected: new Set(), anchor: null })
  void refreshListing()
}

export function setSearch(search: string): void {
  libraryStore.setState({ search })
  void refreshListing()
}

export function setSorting(sorting: FileSorting): void {
  libraryStore.setState({ sorting })
  void refreshListing()
}

/**
 * Changes the selection like a file manager: a plain click selects one row, Ctrl/Cmd toggles
 * one, Shift selects the range from the anchor (in `order`, the rows as shown).
 */
export function selectRow(key: RowKey, mode: 'only' | 'toggle' | 'range', order: RowKey[]): void {
  libraryStore.setState((state) => {
    if (mode === 'toggle') {
      const next = new Set(state.selected)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return { selected: next, anchor: key }
    }
    if (mode === 'range' && state.anchor) {
      const from = order.indexOf(state.anchor)
      const to = order.indexOf(key)
      if (from >= 0 && to >= 0) {
        const [a, b] = from < to ? [from, to] : [to, from]
        return { selected: new Set(order.slice(a, b + 1)) }
      }
    }
    return { selected: new Set([key]), anchor: key }
  })
}

export function selectAll(order: RowKey[]): void {
  libraryStore.setState({ selected: new Set(order) })
}

export function clearSelection(): void {
  libraryStore.setState({ selected: new Set(), anchor: null })
}

/** The selection as ids, for move and delete. */
export function selectionIds(selected: ReadonlySet<RowKey>): {
  fileIds: number[]
  folderIds: number[]
} {
  const fileIds: number[] = []
  const folderIds: number[] = []
  for (const key of selected) {
    const id = Number(key.slice(2))
    if (key.startsWith('f:')) fileIds.push(id)
    else folderIds.push(id)
  }
  return { fileIds, folderIds }
}

export function useLibraryStore<T>(selector: (state: LibraryState) => T): T {
  return useStore(libraryStore, selector)
}
