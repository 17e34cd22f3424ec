/**
 * The upload queue as this window sees it: main owns the queue (it survives screen switches and
 * reloads); the page watches it once and keeps the newest snapshot (decision 0008).
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { UploadItem } from '@shared/models/library'
import type { Snapshot } from '@shared/snapshot'
import { api } from '../lib/api'
import { emptySnapshot, keepNewer } from '../lib/snapshots'

export interface UploadsState {
  uploads: Snapshot<UploadItem[]>
}

export const uploadsStore = createStore<UploadsState>(() => ({ uploads: emptySnapshot([]) }))

let watching: Promise<void> | undefined
let unsubscribe: (() => void) | undefined

/** Starts watching the queue once per page load; later calls return the same promise. */
export function watchUploads(): Promise<void> {
  watching ??= (async () => {
    unsubscribe = api.uploads.onChanged(applyUploadsSnapshot)
    const watch = await api.uploads.watch()
    applyUploadsSnapshot(watch.snapshot)
  })().catch((error: unknown) => {
    watching = undefined
    unsubscribe?.()
    throw error
  })
  return watching
}

export function applyUploadsSnapshot(snapshot: Snapshot<UploadItem[]>): void {
  uploadsStore.setState(keepNewer('uploads', snapshot))
}

/** Tests: forget the watch. */
export function resetUploads(): void {
  unsubscribe?.()
  unsubscribe = undefined
  watching = undefined
  uploadsStore.setState({ uploads: emptySnapshot([]) })
}

export function useUploadsStore<T>(selector: (state: UploadsState) => T): T {
  return useStore(uploadsStore, selector)
}
