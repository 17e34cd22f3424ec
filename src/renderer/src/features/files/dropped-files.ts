/**
 * What was dropped on the window: files, and folders walked with their structure kept (the
 * browser's entries API). Each file becomes main's opaque reference through the preload; the page
 * never reads a file's bytes or sees a path.
 */

/** A dropped file and the folders it was in, relative to what was dropped (root first). */
export interface DroppedFile {
  file: File
  folderPath: string[]
}

/** The parts of the File and Directory Entries API this reads (duck-typed, so tests can drive it). */
interface Entry {
  isFile: boolean
  isDirectory: boolean
  name: string
  file?(success: (file: File) => void, failure?: (error: unknown) => void): void
  createReader?(): {
    readEntries(success: (entries: Entry[]) => void, failure?: (error: unknown) => void): void
  }
}

interface DropItem {
  kind: string
  getAsFile(): File | null
  webkitGetAsEntry?(): Entry | null
}

/** The most files one drop may hold (a dropped home folder should not freeze the window). */
export const MAX_DROPPED_FILES = 5000

/** Reads a drop's files, folders included. Must be called during the drop event (items expire after it). */
export async function filesFromDrop(transfer: {
  items?: ArrayLike<DropItem>
  files?: ArrayLike<File>
}): Promise<DroppedFile[]> {
  const out: DroppedFile[] = []
  const items = transfer.items ? Array.from(transfer.items) : []
  // Entries must be taken synchronously, before the first await.
  const entries = items
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }))
  if (entries.length === 0 && transfer.files) {
    return Array.from(transfer.files).map((file) => ({ file, folderPath: [] }))
  }
  for (const { entry, file } of entries) {
    if (entry?.isDirectory) await walk(entry, [entry.name], out)
    else if (file) out.push({ file, folderPath: [] })
    if (out.length >= MAX_DROPPED_FILES) break
  }
  return out.slice(0, MAX_DROPPED_FILES)
}

async function walk(directory: Entry, folderPath: string[], out: DroppedFile[]): Promise<void> {
  const reader = directory.createReader?.()
  if (!reader) return
  for (;;) {
    // readEntries answers in batches; an empty batch means the end.
    const batch = await new Promise<Entry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject)
    )
    if (batch.length === 0) return
    for (const entry of batch.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_DROPPED_FILES) return
      if (entry.name.startsWith('.')) continue
      if (entry.isDirectory) {
        await walk(entry, [...folderPath, entry.name], out)
      } else if (entry.isFile && entry.file) {
        const file = await new Promise<File>((resolve, reject) => entry.file?.(resolve, reject))
        out.push({ file, folderPath })
      }
    }
  }
}
