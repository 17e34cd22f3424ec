import type { AppErrorDto } from '../../../shared/errors'
import type { MeshInspection } from '../../../shared/models/mesh'

/** Main → worker: inspect one file. */
export interface MeshJob {
  id: number
  path: string
  name: string
  preview: boolean
}

/** Worker → main: the inspection and its preview buffers, or the failure as data. */
export type MeshJobReply =
  | { id: number; ok: true; inspection: MeshInspection; previews: ArrayBuffer[] }
  | { id: number; ok: false; error: AppErrorDto }
