import { Command } from 'commander'
import { formatBytes } from '../../../main/core/library'
import { FILE_SORTINGS, type FileSorting, type FolderListing } from '../../../shared/models/library'
import { CliError } from '../../cli-error'
import type { CliContext } from '../../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../../exit-codes'
import { formatWhen } from '../../format'
import { openLibrary, type LibraryOptions } from '../../library-access'
import { withLibraryOptions } from './options'
import { resolveFolder, segments, showPath } from './remote-path'

/** Seconds as "1 h 02 min" or "12 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return ''
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** A folder's contents as aligned text: folders first, then files with size, date and time. */
export function describeListing(listing: FolderListing): string {
  const lines: string[] = []
  for (const folder of listing.folders) {
    lines.push(
      `${folder.name}/`.padEnd(40) + `  ${folder.folderCount} folders, ${folder.fileCount} files`
    )
  }
  for (const file of listing.files) {
    const size = file.sizeBytes === null ? '—' : formatBytes(file.sizeBytes)
    lines.push(
      [
        file.filename.padEnd(40),
        size.padStart(9),
        formatWhen(file.createdAt).padEnd(22),
        formatDuration(file.estimatedSeconds).padStart(10),
        file.slicer ?? ''
      ]
        .join('  ')
        .trimEnd()
    )
  }
  if (lines.length === 0) return 'This folder is empty.'
  return lines.join('\n')
}

/** `printdock ls [folder] [--json]`. */
export function lsCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return withLibraryOptions(
    new Command('ls')
      .description('List a folder of your Obico G-code library (the root by default).')
      .argument('[folder]', 'folder path from the root, e.g. "Parts/Brackets"')
      .option('--json', 'print the folder as JSON')
      .option('-s, --search <text>', 'only files whose name contains this')
      .option(
        '--sort <order>',
        'created_at_desc (default), created_at_asc, filename_asc, filename_desc, num_bytes_asc, num_bytes_desc'
      )
  )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(
      async (
        folder: string | undefined,
        options: LibraryOptions & { json?: boolean; search?: string; sort?: string }
      ) => {
        const { library, accountId } = await openLibrary(context, options)
        const client = await library.client(accountId)
        const names = segments(folder)
        const folderId = await resolveFolder(client, names)
        const sorting = parseSort(options.sort)
        const listing = await library.listing(accountId, {
          folderId,
          search: options.search,
          sorting
        })
        if (options.json) {
          context.io.stdout.write(JSON.stringify(listing, null, 2) + '\n')
        } else {
          context.io.stdout.write(`${showPath(names)}\n${describeListing(listing)}\n`)
        }
        done(ExitCode.Ok)
      }
    )
}

function parseSort(sort: string | undefined): FileSorting | undefined {
  if (sort === undefined) return undefined
  if ((FILE_SORTINGS as readonly string[]).includes(sort)) return sort as FileSorting
  throw new CliError(ExitCode.Usage, `--sort must be one of: ${FILE_SORTINGS.join(', ')}.`)
}
