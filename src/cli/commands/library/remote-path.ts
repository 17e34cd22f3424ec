/**
 * Folder and file paths on the server as the CLI takes them: `Parts/Brackets/clip.gcode`, names
 * separated by `/`, from the root. `/`, `.` or an empty path is the root.
 */
import type { ObicoLibraryClient } from '../../../main/core/library'
import type { LibraryFile, LibraryFolder } from '../../../shared/models/library'
import { CliError } from '../../cli-error'
import { ExitCode } from '../../exit-codes'

/** The names of a path, root first. */
export function segments(path: string | undefined): string[] {
  return (path ?? '')
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '.')
}

/** The path as the user should read it. */
export function showPath(names: string[]): string {
  return names.length === 0 ? '/' : names.join('/')
}

/** The folder at `names` (null: the root), or a CliError naming the first missing step. */
export async function resolveFolder(
  client: ObicoLibraryClient,
  names: string[]
): Promise<number | null> {
  let current: number | null = null
  for (let i = 0; i < names.length; i++) {
    const folders = await client.listFolders(current)
    const next = folders.find((folder) => folder.name === names[i])
    if (!next) {
      throw new CliError(
        ExitCode.Failure,
        `There is no folder “${showPath(names.slice(0, i + 1))}” on the server. See: printdock ls ${showPath(names.slice(0, i))}`
      )
    }
    current = next.id
  }
  return current
}

/** What a path names: a folder or a file, with the folder it is in. */
export type RemoteItem =
  | { kind: 'folder'; folder: LibraryFolder; parentId: number | null; path: string }
  | { kind: 'file'; file: LibraryFile; parentId: number | null; path: string }

/** The folder or file at `path` (a folder wins when both have the name). */
export async function resolveItem(client: ObicoLibraryClient, path: string): Promise<RemoteItem> {
  const names = segments(path)
  if (names.length === 0)
    throw new CliError(ExitCode.Usage, 'The root folder itself cannot be moved or removed.')
  const parentId = await resolveFolder(client, names.slice(0, -1))
  const name = names[names.length - 1]
  const folder = (await client.listFolders(parentId)).find((f) => f.name === name)
  if (folder) return { kind: 'folder', folder, parentId, path: showPath(names) }
  const file = (await client.listFiles(parentId)).find((f) => f.filename === name)
  if (file) return { kind: 'file', file, parentId, path: showPath(names) }
  throw new CliError(
    ExitCode.Failure,
    `There is no file or folder “${showPath(names)}” on the server. See: printdock ls ${showPath(names.slice(0, -1))}`
  )
}
