/**
 * The G-code library of a linked Obico account, as the renderer and the CLI see it: folders, files
 * and the upload queue. Plain data: no path of the user's disk and no secret ever appears here.
 */

/** A folder on the server. `parentId` null is the root. */
export interface LibraryFolder {
  id: number
  name: string
  parentId: number | null
  /** Direct child folders (Obico counts direct children only). */
  folderCount: number
  /** Direct child files, soft-deleted ones excluded. */
  fileCount: number
  createdAt: string
}

/** A G-code file stored on the server. */
export interface LibraryFile {
  id: number
  /** The display name the user chose. */
  filename: string
  /** The server's sanitised name (`q` searches this one). */
  safeFilename: string
  parentId: number | null
  /** Null for a record created without content. */
  sizeBytes: number | null
  createdAt: string
  /** Seconds, from the slicer's header as the server read it. */
  estimatedSeconds: number | null
  /** Millimetres of filament. */
  filamentMm: number | null
  /** The slicer's name when the server's parser recognised it. */
  slicer: string | null
  /** The largest thumbnail's signed URL (no auth needed), or null. */
  thumbnailUrl: string | null
}

/** The server's sort orders for files (obico-api.md §2.5). */
export const FILE_SORTINGS = [
  'created_at_desc',
  'created_at_asc',
  'filename_asc',
  'filename_desc',
  'num_bytes_asc',
  'num_bytes_desc'
] as const
export type FileSorting = (typeof FILE_SORTINGS)[number]

/** One folder's contents: its sub-folders and files (every page of both). */
export interface FolderListing {
  accountId: string
  /** Null: the root. */
  folderId: number | null
  /** Root first, this folder last (empty at the root). */
  path: { id: number; name: string }[]
  folders: LibraryFolder[]
  files: LibraryFile[]
}

/** What to list. */
export interface ListingQuery {
  folderId: number | null
  /** Case-insensitive substring of the sanitised file name. */
  search?: string
  sorting?: FileSorting
}

/** What an account lets one upload weigh, and how Printdock knows. */
export interface UploadLimit {
  maxBytes: number
  /** 'pro' or 'free' from the account's own record; 'assumed' when the server could not say. */
  plan: 'pro' | 'free' | 'assumed'
  /** One sentence for the user: the limit and where it comes from. */
  explanation: string
}

/** Where an upload stands. */
export type UploadState =
  'queued' | 'checking' | 'uploading' | 'confirming' | 'done' | 'failed' | 'cancelled'

/** One file in the upload queue. */
export interface UploadItem {
  /** The operation id the caller chose (or core made up). */
  id: string
  accountId: string
  /** The name it gets on the server. */
  filename: string
  /** Folders to create under `targetFolderId` before sending, root first (a dropped folder's structure). */
  folderPath: string[]
  targetFolderId: number | null
  state: UploadState
  sizeBytes: number
  sentBytes: number
  /** Bytes per second over the last few seconds, while sending. */
  bytesPerSecond: number | null
  /** Seconds left at the current speed, while sending. */
  secondsLeft: number | null
  /** Why it failed, in plain words, with the code for the UI's choices (retry or not). */
  problem: { code: string; message: string; retryable: boolean } | null
  /** The server's file once confirmed. */
  fileId: number | null
  /** A printer to start once the upload is confirmed (CLI `--print`, the Print button). */
  printOnPrinterId: number | null
  /** What happened to the print request, when one was asked for. */
  printOutcome: string | null
}

/** A printer of the account, as far as "Print from the library" needs to know it. */
export interface LibraryPrinter {
  id: number
  name: string
  /** Idle, online and connected: a print can start now. */
  printable: boolean
  /** Why not, in plain words, when not printable. */
  reason: string | null
}
