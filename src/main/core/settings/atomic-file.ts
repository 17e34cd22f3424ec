import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/** Options for `writeFileAtomicSync`. */
export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o600: Printdock's files are the user's business only). */
  mode?: number
  /** Mode of folders created on the way (default 0o700). */
  dirMode?: number
}

/**
 * Replaces a file in one step: writes a sibling temp file, flushes it to disk, then renames it
 * over the target. A reader (the app while the CLI writes, or the other way round) sees the old
 * file or the new one, never half of one; a crash mid-write leaves the old file intact.
 */
export function writeFileAtomicSync(
  filePath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {}
): void {
  mkdirSync(dirname(filePath), { recursive: true, mode: options.dirMode ?? 0o700 })
  const temp = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const fd = openSync(temp, 'wx', options.mode ?? 0o600)
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw error
  }
  closeSync(fd)
  try {
    renameSync(temp, filePath)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
