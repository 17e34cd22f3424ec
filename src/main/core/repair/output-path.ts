import { access } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { AppError } from '../errors'

/** `<name>-repaired.<ext>` beside the original; `ext` is the repaired file's own type. */
export function repairedPathFor(sourcePath: string, ext: string): string {
  const base = basename(sourcePath, extname(sourcePath))
  return join(dirname(sourcePath), `${base}-repaired.${ext}`)
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/** The first of `name-repaired-2.ext`, `-3`, … that does not exist yet (a suggestion to the user). */
export async function nextFreeName(path: string): Promise<string> {
  const ext = extname(path)
  const stem = basename(path, ext)
  for (let n = 2; n < 1000; n++) {
    const candidate = join(dirname(path), `${stem}-${n}${ext}`)
    if (!(await exists(candidate))) return basename(candidate)
  }
  return `${stem}-${Date.now()}${ext}`
}

/**
 * A file name the user typed for the repaired model, placed in the original's folder. A plain
 * name only: no folders, no way out of that folder.
 */
export function destinationInFolder(sourcePath: string, fileName: string): string {
  const name = fileName.trim()
  if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.length > 255) {
    throw new AppError(
      'ipc/invalid-arguments',
      'Give a plain file name, without folders, for the repaired model.'
    )
  }
  return join(dirname(sourcePath), name)
}
