/** `printdock mkdir`, `printdock mv` and `printdock rm`: tidying the library from the terminal. */
import { Command } from 'commander'
import type { LibraryService } from '../../../main/core/library'
import { CliError } from '../../cli-error'
import type { CliContext } from '../../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../../exit-codes'
import { openLibrary, type LibraryOptions } from '../../library-access'
import { canAsk, confirm } from '../../prompt'
import { withLibraryOptions } from './options'
import { resolveFolder, resolveItem, segments, showPath, type RemoteItem } from './remote-path'

/** Creates every missing folder of `names`; returns the last one's id. */
export async function makeFolders(
  library: LibraryService,
  accountId: string,
  names: string[]
): Promise<number | null> {
  const client = await library.client(accountId)
  let current: number | null = null
  for (const name of names) current = (await client.ensureFolder(name, current)).id
  return current
}

/** `printdock mkdir <path>`: creates the folder and any missing parents. */
export function mkdirCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return withLibraryOptions(
    new Command('mkdir')
      .description('Create a folder in your Obico G-code library (and any missing parents).')
      .argument('<folder>', 'folder path from the root, e.g. "Parts/Brackets"')
  )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (folder: string, options: LibraryOptions) => {
      const names = segments(folder)
      if (names.length === 0) throw new CliError(ExitCode.Usage, 'Name the folder to create.')
      const { library, accountId } = await openLibrary(context, options)
      await makeFolders(library, accountId, names)
      context.io.stdout.write(`Folder ${showPath(names)} is there.\n`)
      done(ExitCode.Ok)
    })
}

/** `printdock mv <source…> <target>`: into a folder, or one item renamed. */
export function mvCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return withLibraryOptions(
    new Command('mv')
      .description('Move files and folders into a folder, or rename one (like mv).')
      .argument(
        '<paths...>',
        'what to move, then where: a folder ("/" is the root), or a new name for a single item'
      )
  )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths: string[], options: LibraryOptions) => {
      if (paths.length < 2) throw new CliError(ExitCode.Usage, 'Give what to move and where to.')
      const target = paths[paths.length - 1]
      const { library, accountId } = await openLibrary(context, options)
      const client = await library.client(accountId)
      const sources = await Promise.all(paths.slice(0, -1).map((p) => resolveItem(client, p)))
      const targetNames = segments(target)
      const targetFolder = await resolveFolder(client, targetNames).then(
        (id) => ({ found: true as const, id }),
        () => ({ found: false as const, id: null })
      )
      if (targetFolder.found) {
        const fileIds = sources.flatMap((s) => (s.kind === 'file' ? [s.file.id] : []))
        const folderIds = sources.flatMap((s) => (s.kind === 'folder' ? [s.folder.id] : []))
        await library.moveFiles(accountId, fileIds, targetFolder.id)
        await library.moveFolders(accountId, folderIds, targetFolder.id)
        context.io.stdout.write(
          `Moved ${sources.length} item${sources.length === 1 ? '' : 's'} to ${showPath(targetNames)}.\n`
        )
        done(ExitCode.Ok)
        return
      }
      if (sources.length !== 1) {
        throw new CliError(
          ExitCode.Failure,
          `There is no folder “${showPath(targetNames)}” to move them into. Create it first: printdock mkdir "${showPath(targetNames)}"`
        )
      }
      const [source] = sources
      const parentId = await resolveFolder(client, targetNames.slice(0, -1))
      const newName = targetNames[targetNames.length - 1]
      await renameAndMove(library, accountId, source, parentId, newName)
      context.io.stdout.write(`${source.path} is now ${showPath(targetNames)}.\n`)
      done(ExitCode.Ok)
    })
}

async function renameAndMove(
  library: LibraryService,
  accountId: string,
  source: RemoteItem,
  parentId: number | null,
  newName: string
): Promise<void> {
  if (source.kind === 'file') {
    if (parentId !== source.parentId) await library.moveFiles(accountId, [source.file.id], parentId)
    if (newName !== source.file.filename)
      await library.renameFile(accountId, source.file.id, newName)
    return
  }
  if (newName !== source.folder.name)
    await library.renameFolder(accountId, source.folder.id, newName)
  if (parentId !== source.parentId)
    await library.moveFolders(accountId, [source.folder.id], parentId)
}

/** `printdock rm <path…> [--yes]`: asks first on a terminal, saying what goes with a folder. */
export function rmCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return withLibraryOptions(
    new Command('rm')
      .description(
        'Delete files and folders from your Obico G-code library (a folder with everything in it).'
      )
      .argument('<paths...>', 'files or folders, as paths from the root')
      .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
  )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths: string[], options: LibraryOptions & { yes?: boolean }) => {
      const { io } = context
      const { library, accountId } = await openLibrary(context, options)
      const client = await library.client(accountId)
      const items = await Promise.all(paths.map((p) => resolveItem(client, p)))
      const lines: string[] = []
      for (const item of items) {
        if (item.kind === 'file') {
          lines.push(`  ${item.path}`)
        } else {
          const inside = await library.folderContents(accountId, item.folder.id)
          lines.push(
            `  ${item.path}/ with ${inside.files} file${inside.files === 1 ? '' : 's'} and ${inside.folders} folder${inside.folders === 1 ? '' : 's'} inside`
          )
        }
      }
      if (!options.yes) {
        if (!canAsk(io)) {
          throw new CliError(
            ExitCode.NeedsConfirmation,
            `Deleting needs confirmation, and there is no terminal to ask on. Add --yes to delete:\n${lines.join('\n')}`
          )
        }
        const sure = await confirm(io, `Delete from the server, for good:\n${lines.join('\n')}\n`)
        if (!sure) {
          io.stderr.write('Nothing was deleted.\n')
          done(ExitCode.Cancelled)
          return
        }
      }
      await library.deleteFiles(
        accountId,
        items.flatMap((i) => (i.kind === 'file' ? [i.file.id] : []))
      )
      await library.deleteFolders(
        accountId,
        items.flatMap((i) => (i.kind === 'folder' ? [i.folder.id] : []))
      )
      io.stdout.write(`Deleted:\n${lines.join('\n')}\n`)
      done(ExitCode.Ok)
    })
}
