/**
 * Mesh repair with Makeprintable (issue 11): the options the API takes, a repair job as the
 * Repair screen and `printdock repair` see it, and past repairs from the API.
 */
import type { AppErrorDto } from '../errors'
import type { MeshInspection } from './mesh'

/** providers.md §1.3 (names from the Ruby gem). */
export const PRINT_QUALITIES = ['standard', 'prototype', 'high'] as const
export type PrintQuality = (typeof PRINT_QUALITIES)[number]

/** What a fix is created with. Numbers left out are left to Makeprintable. */
export interface RepairOptions {
  printQuality: PrintQuality
  /** Minimum wall thickness in mm (0–100). */
  wallThickness?: number
  /** Optimisation before and after the repair, 0–99. */
  preOptimize?: number
  postOptimize?: number
}

/**
 * Where a job is:
 * - uploading: the model is being sent (progress = bytes sent / total);
 * - queued, fixing: Makeprintable has it (progress = its own percentage);
 * - downloading, checking: the result is fetched, then given the health check;
 * - needs-destination: the result is ready but `<name>-repaired.<ext>` exists: choose a name;
 * - done, failed, cancelled: finished.
 */
export type RepairPhase =
  | 'uploading'
  | 'queued'
  | 'fixing'
  | 'downloading'
  | 'checking'
  | 'needs-destination'
  | 'done'
  | 'failed'
  | 'cancelled'

/** A repair job (no paths beyond file names: the page never sees where files are). */
export interface RepairJobView {
  operationId: string
  /** The original file's name. */
  fileName: string
  phase: RepairPhase
  /** 0–1 within the phase, when known. */
  progress: number | null
  /** True while the server is not answering and the job keeps trying (with backoff). */
  retrying: boolean
  /** Makeprintable's fix id, once created. */
  fixId: number | null
  /** The repaired file's name (beside the original), once saved or proposed. */
  outputName: string | null
  /** The repaired model's health check. */
  after: MeshInspection | null
  error: AppErrorDto | null
  startedAt: number
}

/** A past repair as the API lists it. */
export interface PastRepair {
  fixId: number
  itemId: number | null
  name: string
  status: 'queued' | 'fixing' | 'done' | 'failed' | 'unknown'
  progress: number | null
  /** Unix ms. */
  createdAt: number | null
  /** Download links by file type, as the API gives them. */
  downloads: { type: string; url: string }[]
}
