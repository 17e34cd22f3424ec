/**
 * Folder names as Obico compares them. The server keeps one folder per sanitised name in a parent
 * and answers a duplicate with a bare 500 (obico-api.md §2.6, §6 item 15), so Printdock checks
 * before it asks, with the server's own rule: every character outside `[A-Za-z0-9_.]` (Unicode
 * letters and digits count as allowed) becomes `_`, so "a b" and "a_b" collide.
 */
import { AppError } from '../errors'

/** Obico's `safe_name` / `safe_filename` of a name. */
export function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}_.]/gu, '_')
}

/** The longest folder name Obico stores. */
export const MAX_FOLDER_NAME = 1000

/** A folder name the user typed, trimmed, or AppError 'ipc/invalid-arguments' in plain words. */
export function cleanFolderName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) throw new AppError('ipc/invalid-arguments', 'A folder needs a name.')
  if (trimmed.length > MAX_FOLDER_NAME) {
    throw new AppError(
      'ipc/invalid-arguments',
      `A folder name can have at most ${MAX_FOLDER_NAME} characters.`
    )
  }
  if (/[/\\]/.test(trimmed)) {
    throw new AppError('ipc/invalid-arguments', 'A folder name cannot contain / or \\.')
  }
  return trimmed
}

/**
 * Refuses `name` when a sibling (other than `exceptId`) has the same sanitised name, saying which
 * one: the server would crash on it.
 */
export function assertNameFree(
  name: string,
  siblings: readonly { id: number; name: string }[],
  exceptId?: number
): void {
  const wanted = safeName(name)
  const clash = siblings.find(
    (sibling) => sibling.id !== exceptId && safeName(sibling.name) === wanted
  )
  if (!clash) return
  const same = clash.name === name
  throw new AppError(
    'library/name-taken',
    same
      ? `There is already a folder named “${name}” here. Choose another name.`
      : `“${name}” is too close to the folder “${clash.name}” here: Obico stores both as “${safeName(name)}”. Choose another name.`
  )
}
