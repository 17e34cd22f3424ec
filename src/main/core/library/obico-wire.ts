/**
 * Obico's file, folder and page JSON as Printdock reads it (obico-api.md §2.1, §2.5, §2.6), checked
 * with zod at the boundary and turned into the library's own shapes. Only the keys Printdock uses
 * are required; the rest may come and go between server versions.
 */
import { z } from 'zod'
import type { LibraryFile, LibraryFolder } from '../../../shared/models/library'

/** `{count, next, previous, results}`: DRF's page-number pagination. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().nonnegative(),
    next: z.string().nullable(),
    results: z.array(item)
  })
}

/** A parent folder: an id on writes, a nested folder object on list and detail reads. */
const parentRef = z
  .union([z.number().int(), z.object({ id: z.number().int() }).loose()])
  .nullable()
  .optional()
  .transform((value) =>
    value === undefined || value === null ? null : typeof value === 'number' ? value : value.id
  )

// Whole-valued floats come as 3723.0; both are numbers to zod (obico-api.md §7).
const optionalNumber = z
  .number()
  .nullable()
  .optional()
  .transform((v) => v ?? null)

export const wireFolder = z
  .object({
    id: z.number().int(),
    name: z.string(),
    parent_folder: parentRef,
    g_code_folder_count: z.number().int().optional(),
    g_code_file_count: z.number().int().optional(),
    created_at: z.string()
  })
  .loose()

export const wireFile = z
  .object({
    id: z.number().int(),
    filename: z.string(),
    safe_filename: z.string(),
    parent_folder: parentRef,
    num_bytes: optionalNumber,
    created_at: z.string(),
    estimated_time: optionalNumber,
    filament_total: optionalNumber,
    metadata_json: z.string().nullable().optional(),
    thumbnail1_url: z.string().nullable().optional(),
    thumbnail2_url: z.string().nullable().optional(),
    thumbnail3_url: z.string().nullable().optional(),
    deleted: z.string().nullable().optional()
  })
  .loose()

export type WireFolder = z.infer<typeof wireFolder>
export type WireFile = z.infer<typeof wireFile>

export function toFolder(folder: WireFolder): LibraryFolder {
  return {
    id: folder.id,
    name: folder.name,
    parentId: folder.parent_folder,
    folderCount: folder.g_code_folder_count ?? 0,
    fileCount: folder.g_code_file_count ?? 0,
    createdAt: folder.created_at
  }
}

/** The slicer named in `metadata_json` (a JSON *string*), or null when absent or "Unknown". */
function slicerOf(metadataJson: string | null | undefined): string | null {
  if (!metadataJson) return null
  try {
    const parsed = JSON.parse(metadataJson) as unknown
    if (parsed && typeof parsed === 'object' && 'slicer' in parsed) {
      const slicer = (parsed as { slicer: unknown }).slicer
      if (typeof slicer === 'string' && slicer && slicer !== 'Unknown') {
        const version = (parsed as { slicer_version?: unknown }).slicer_version
        return typeof version === 'string' && version ? `${slicer} ${version}` : slicer
      }
    }
  } catch {
    // A metadata string that is not JSON says nothing about the slicer.
  }
  return null
}

export function toFile(file: WireFile): LibraryFile {
  return {
    id: file.id,
    filename: file.filename,
    safeFilename: file.safe_filename,
    parentId: file.parent_folder,
    sizeBytes: file.num_bytes,
    createdAt: file.created_at,
    estimatedSeconds: file.estimated_time,
    filamentMm: file.filament_total,
    slicer: slicerOf(file.metadata_json),
    // thumbnail1_url is the largest (obico-api.md §2.5).
    thumbnailUrl: file.thumbnail1_url ?? file.thumbnail2_url ?? file.thumbnail3_url ?? null
  }
}

/** The printer fields "Print from the library" reads (obico-api.md §2.3). auth_token is never read. */
export const wirePrinter = z
  .object({
    id: z.number().int(),
    name: z.string(),
    archived_at: z.string().nullable().optional(),
    current_print: z.unknown().nullable().optional(),
    status: z
      .object({
        state: z
          .object({
            text: z.string().optional(),
            flags: z.record(z.string(), z.unknown()).optional()
          })
          .loose()
          .optional()
      })
      .loose()
      .nullable()
      .optional()
  })
  .loose()

export type WirePrinter = z.infer<typeof wirePrinter>

/** `GET /users/me/`: only the plan matters here. */
export const wireMe = z.object({ is_pro: z.boolean().optional() }).loose()
