/**
 * `printdock upload <files or folders…> [--folder F] [--print PRINTER]`: sends G-code to the
 * library through the same upload queue as the app (checked first, streamed, confirmed by listing
 * it back). A progress bar on a terminal; plain lines otherwise (a slicer's log, a pipe).
 */
import { Command } from 'commander'
import { readdir, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import { findPrinter, formatBytes } from '../../../main/core/library'
import { AppError } from '../../../main/core/errors'
import type { UploadItem } from '../../../shared/models/library'
import type { AppErrorCode } from '../../../shared/errors'
import { CliError } from '../../cli-error'
import type { CliContext } from '../../context'
import { EXIT_CODES_HELP, ExitCode, exitCodeForError, type ExitCodeValue } from '../../exit-codes'
import { openLibrary, type LibraryOptions } from '../../library-access'
import { makeFolders } from './folders'
import { withLibraryOptions } from './options'
import { segments, showPath } from './remote-path'

/** Extensions taken from a folder (files named one by one are always taken). */
const GCODE_EXTENSIONS = new Set(['.gcode', '.gco', '.g', '.bgcode'])

/** One local file to send, with the folders it goes in under the target. */
export interface LocalUpload {
  path: string
  filename: string
  folderPath: string[]
}

/** The files behind the arguments: files as they are, folders walked with their structure kept. */
export async function collectUploads(args: string[]): Promise<LocalUpload[]> {
  const uploads: LocalUpload[] = []
  for (const arg of args) {
    const path = resolve(arg)
    const info = await stat(path).catch(() => {
      throw new CliError(ExitCode.Failure, `There is no file or folder “${arg}”.`)
    })
    if (info.isFile()) {
      uploads.push({ path, filename: basename(path), folderPath: [] })
    } else if (info.isDirectory()) {
      await walk(path, [basename(path)], uploads)
    } else {
      throw new CliError(ExitCode.Failure, `“${arg}” is not a file or a folder.`)
    }
  }
  return uploads
}

async function walk(dir: string, folderPath: string[], out: LocalUpload[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name)
  )
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await walk(path, [...folderPath, entry.name], out)
    else if (entry.isFile() && GCODE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      out.push({ path, filename: entry.name, folderPath })
    }
  }
}

/**
 * The name the slicer meant. PrusaSlicer and OrcaSlicer run post-processing scripts on a temporary
 * file (`….gcode.pp`) and give the final name in SLIC3R_PP_OUTPUT_NAME.
 */
export function slicerOutputName(env: NodeJS.ProcessEnv): string | undefined {
  const full = env.SLIC3R_PP_OUTPUT_NAME?.trim()
  if (!full) return undefined
  return full.split(/[\\/]/).pop() || undefined
}

/** A one-line bar: `[#######-------]  48%  3.2 MB/s  0:12 left  part.gcode`. */
export function progressLine(item: UploadItem, width = 24): string {
  const fraction = item.sizeBytes > 0 ? item.sentBytes / item.sizeBytes : 0
  const filled = Math.round(fraction * width)
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
  const speed = item.bytesPerSecond ? `${formatBytes(item.bytesPerSecond)}/s` : ''
  const left =
    item.secondsLeft !== null
      ? `${Math.floor(item.secondsLeft / 60)}:${String(item.secondsLeft % 60).padStart(2, '0')} left`
      : ''
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${speed.padEnd(11)} ${left.padEnd(10)} ${item.filename}`
}

export function uploadCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return withLibraryOptions(
    new Command('upload')
      .description(
        'Upload G-code files (or whole folders, keeping their structure) to your Obico library.'
      )
      .argument('<paths...>', 'G-code files or folders')
      .option(
        '-f, --folder <folder>',
        'the library folder to upload into (created if missing); default the root'
      )
      .option(
        '-p, --print <printer>',
        'start printing the file on this printer (name or id) once uploaded; one file only'
      )
      .option(
        '-n, --name <filename>',
        'the name on the server, for one file (default: its own name)'
      )
      .option('--json', 'print the results as JSON')
  )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(
      async (
        paths: string[],
        options: LibraryOptions & { folder?: string; print?: string; name?: string; json?: boolean }
      ) => {
        const { io } = context
        const uploads = await collectUploads(paths)
        if (uploads.length === 0)
          throw new CliError(ExitCode.Failure, 'No G-code files were found in what you named.')
        const name = options.name ?? slicerOutputName(context.env)
        if (name !== undefined) {
          if (uploads.length !== 1) {
            throw new CliError(
              ExitCode.Usage,
              `--name names one file; ${uploads.length} were given.`
            )
          }
          uploads[0].filename = name
        }
        if (options.print && uploads.length !== 1) {
          throw new CliError(
            ExitCode.Usage,
            `--print starts one file; ${uploads.length} were given.`
          )
        }
        const { library, accountId } = await openLibrary(context, options)
        const printer = options.print
          ? findPrinter(await library.printers(accountId), options.print)
          : null
        if (printer && !printer.printable) {
          io.stderr.write(
            `Note: ${printer.name} cannot print right now (${printer.reason}); the file is uploaded anyway.\n`
          )
        }
        const limit = await library.uploadLimit(accountId)
        if (limit.plan === 'assumed') io.stderr.write(`Note: ${limit.explanation}\n`)
        const folderNames = segments(options.folder)
        const folderId = await makeFolders(library, accountId, folderNames)
        const tty = (io.stderr as { isTTY?: boolean }).isTTY === true && !options.json
        const queue = library.uploads
        const items = uploads.map((u) =>
          queue.enqueue({
            accountId,
            path: u.path,
            filename: u.filename,
            targetFolderId: folderId,
            folderPath: u.folderPath,
            printOnPrinterId: printer?.printable ? printer.id : null
          })
        )
        const ids = new Set(items.map((i) => i.id))
        const announced = new Map<string, number>()
        const subscription = queue.onDidChange((snapshot) => {
          for (const item of snapshot.value) {
            if (!ids.has(item.id) || item.state !== 'uploading') continue
            if (tty) {
              io.stderr.write(`\r${progressLine(item)}\u001b[K`)
              continue
            }
            // Plain lines: the start, then each quarter.
            const quarter =
              item.sizeBytes > 0 ? Math.floor((item.sentBytes / item.sizeBytes) * 4) : 0
            const last = announced.get(item.id)
            if (last === undefined)
              io.stderr.write(`Uploading ${item.filename} (${formatBytes(item.sizeBytes)})…\n`)
            if (last === undefined || quarter > last) {
              if (quarter > 0 && quarter < 4)
                io.stderr.write(`  ${item.filename}: ${quarter * 25}%\n`)
              announced.set(item.id, quarter)
            }
          }
        })
        const results: UploadItem[] = []
        try {
          for (const item of items) {
            const result = await queue.waitFor(item.id)
            results.push(result)
            if (tty) io.stderr.write('\r\u001b[K')
            const where = showPath([...folderNames, ...result.folderPath])
            if (options.json) continue
            if (result.state === 'done') {
              io.stdout.write(
                `Uploaded ${result.filename} to ${where} (${formatBytes(result.sizeBytes)}, id ${result.fileId}).\n`
              )
              if (result.printOutcome) io.stdout.write(`${result.printOutcome}\n`)
            } else {
              io.stderr.write(`Not uploaded: ${result.problem?.message ?? result.filename}\n`)
            }
          }
        } finally {
          subscription.dispose()
        }
        if (options.json) io.stdout.write(JSON.stringify(results, null, 2) + '\n')
        const failed = results.find((r) => r.state !== 'done')
        if (failed) {
          const code = failed.problem?.code as AppErrorCode | undefined
          done(code ? exitCodeForError(code) : ExitCode.Failure)
          if (results.length > 1) {
            io.stderr.write(
              `${results.filter((r) => r.state !== 'done').length} of ${results.length} files were not uploaded.\n`
            )
          }
          return
        }
        if (printer && !printer.printable) {
          throw new AppError(
            'library/cannot-print',
            `${printer.name} cannot print right now: ${printer.reason}`
          )
        }
        done(ExitCode.Ok)
      }
    )
}
