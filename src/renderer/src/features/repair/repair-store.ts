/**
 * The Repair screen's state: the model files dropped or picked (one row each, with its health
 * check and preview buffers), the repair jobs main pushes (`repair:changed`, newer wins), whether
 * a Makeprintable account is linked, and past repairs.
 *
 * The screen starts the watch when it opens and ends it when it closes; main keeps the jobs
 * running either way (and across restarts).
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { RepairStatus } from '@shared/ipc/contract'
import type { MeshInspection } from '@shared/models/mesh'
import type { PastRepair, RepairJobView, RepairOptions } from '@shared/models/repair'
import type { Snapshot } from '@shared/snapshot'
import { api } from '../../lib/api'
import { emptySnapshot, keepNewer } from '../../lib/snapshots'
import { toUiError, type UiError } from '../../lib/ui-error'

/** The formats the screen takes (checked again in main by content). */
export const MODEL_EXTENSIONS = ['.stl', '.obj', '.3mf', '.zip']

/** One dropped or picked file. */
export interface ModelRow {
  rowId: string
  name: string
  sizeBytes: number
  fileRef: string | null
  state: 'registering' | 'checking' | 'checked' | 'failed'
  inspection: MeshInspection | null
  /** Preview buffers, one per mesh (`src/shared/mesh-preview.ts`). */
  previews: ArrayBuffer[]
  error: UiError | null
  /** The repair job started for this row, by operation id. */
  jobId: string | null
}

export interface RepairState {
  rows: ModelRow[]
  jobs: Snapshot<RepairJobView[]>
  status: RepairStatus | null
  history: PastRepair[] | null
  historyError: UiError | null
  /** Preview buffers of finished repairs, by operation id. */
  resultPreviews: Record<string, ArrayBuffer[]>
}

export const repairStore = createStore<RepairState>(() => ({
  rows: [],
  jobs: emptySnapshot<RepairJobView[]>([]),
  status: null,
  history: null,
  historyError: null,
  resultPreviews: {}
}))

export function useRepairStore<T>(select: (state: RepairState) => T): T {
  return useStore(repairStore, select)
}

function patchRow(rowId: string, patch: Partial<ModelRow>): void {
  repairStore.setState((state) => ({
    rows: state.rows.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row))
  }))
}

/** Registers each file with main and checks it; every file gets its own row at once. */
export async function addFiles(files: File[]): Promise<void> {
  const rows = files.map((file): ModelRow => ({
    rowId: crypto.randomUUID(),
    name: file.name,
    sizeBytes: file.size,
    fileRef: null,
    state: 'registering',
    inspection: null,
    previews: [],
    error: null,
    jobId: null
  }))
  repairStore.setState((state) => ({ rows: [...rows, ...state.rows] }))
  await Promise.all(
    files.map(async (file, i) => {
      const row = rows[i]!
      try {
        const registered = await api.files.registerDroppedFile(file)
        patchRow(row.rowId, { fileRef: registered.fileRef, state: 'checking' })
        const result = await api.mesh.inspect(row.rowId, registered.fileRef)
        patchRow(row.rowId, {
          state: 'checked',
          inspection: result.inspection,
          previews: result.previews
        })
      } catch (caught) {
        patchRow(row.rowId, { state: 'failed', error: toUiError(caught) })
      }
    })
  )
}

export function removeRow(rowId: string): void {
  const row = repairStore.getState().rows.find((r) => r.rowId === rowId)
  if (row?.state === 'checking') void api.mesh.cancelInspect(rowId).catch(() => undefined)
  repairStore.setState((state) => ({ rows: state.rows.filter((r) => r.rowId !== rowId) }))
}

/** Starts the Makeprintable repair of a checked row. */
export async function startRepair(rowId: string, options: RepairOptions): Promise<void> {
  const row = repairStore.getState().rows.find((r) => r.rowId === rowId)
  if (!row?.fileRef) return
  const operationId = crypto.randomUUID()
  patchRow(rowId, { jobId: operationId, error: null })
  try {
    await api.repair.start(operationId, { fileRef: row.fileRef, options })
  } catch (caught) {
    patchRow(rowId, { jobId: null, error: toUiError(caught) })
  }
}

export async function cancelRepair(operationId: string): Promise<void> {
  await api.repair.cancel(operationId)
}

/** Saves a waiting result under `fileName`; throws the UiError for the form to show. */
export async function chooseDestination(operationId: string, fileName: string): Promise<void> {
  await api.repair.chooseDestination(operationId, fileName)
}

/** Loads the repaired file's preview once its job is done. */
export async function loadResultPreview(operationId: string): Promise<void> {
  if (repairStore.getState().resultPreviews[operationId]) return
  const previews = await api.repair.resultPreview(operationId)
  repairStore.setState((state) => ({
    resultPreviews: { ...state.resultPreviews, [operationId]: previews }
  }))
}

export async function refreshStatus(): Promise<void> {
  try {
    repairStore.setState({ status: await api.repair.status() })
  } catch (caught) {
    repairStore.setState({
      status: { linked: false, accountName: null, problem: toUiError(caught).message }
    })
  }
}

export async function loadHistory(): Promise<void> {
  try {
    repairStore.setState({ history: await api.repair.history(), historyError: null })
  } catch (caught) {
    repairStore.setState({ historyError: toUiError(caught) })
  }
}

function applyJobs(snapshot: Snapshot<RepairJobView[]>): void {
  repairStore.setState(keepNewer<RepairState, 'jobs'>('jobs', snapshot))
}

/** Watches the jobs while the screen is open; returns the stop function. */
export function watchRepairs(): () => void {
  let leaseId: string | null = null
  let stopped = false
  let off: (() => void) | null = null
  try {
    off = api.repair.onChanged(applyJobs)
  } catch {
    off = null
  }
  void api.repair
    .watch()
    .then((watch) => {
      applyJobs(watch.snapshot)
      if (stopped) void api.leases.release(watch.leaseId).catch(() => undefined)
      else leaseId = watch.leaseId
    })
    .catch(() => undefined)
  void refreshStatus()
  return () => {
    stopped = true
    off?.()
    if (leaseId) void api.leases.release(leaseId).catch(() => undefined)
  }
}
