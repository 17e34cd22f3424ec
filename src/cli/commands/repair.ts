import { randomUUID } from 'node:crypto'
import { access } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { PRINT_QUALITIES, type PrintQuality, type RepairJobView } from '../../shared/models/repair'
import { AppError } from '../../main/core/errors'
import { detectFileKind, isGcodeKind } from '../../main/core/files/detect-kind'
import { CliError } from '../cli-error'
import { readableFile } from '../readable-file'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { describeInspection } from '../mesh-format'

const PHASE_WORDS: Record<RepairJobView['phase'], string> = {
  uploading: 'Uploading',
  queued: 'Waiting in Makeprintable’s queue',
  fixing: 'Repairing',
  downloading: 'Downloading the repaired model',
  checking: 'Checking the repaired model',
  'needs-destination': 'Repaired model ready',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled'
}

function numberIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Give a number from ${min} to ${max}.`)
    }
    return n
  }
}

interface RepairCliOptions {
  out?: string
  force?: boolean
  quality: PrintQuality
  wallThickness?: number
  preOptimize?: number
  postOptimize?: number
  json?: boolean
}

/** `printdock repair <file>`: the Makeprintable round trip from the terminal. */
export function repairCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('repair')
    .description(
      'Repair a 3D model with Makeprintable: upload it, wait for the fix, and save the result beside the original as <name>-repaired.<ext> (or --out), then check it. Needs a linked Makeprintable account (printdock link makeprintable --api-key -).'
    )
    .argument('<file>', 'the model file (STL, OBJ, 3MF, or a ZIP of them)')
    .option('-o, --out <file>', 'where to save the repaired model')
    .option('-f, --force', 'replace the output file if it exists')
    .addOption(
      new Option('--quality <quality>', 'print quality the repair aims at')
        .choices([...PRINT_QUALITIES])
        .default('standard')
    )
    .option('--wall-thickness <mm>', 'minimum wall thickness in mm (0–100)', numberIn(0, 100))
    .option('--pre-optimize <n>', 'optimisation before the repair (0–99)', numberIn(0, 99))
    .option('--post-optimize <n>', 'optimisation after the repair (0–99)', numberIn(0, 99))
    .option('--json', 'print the result as JSON (progress still goes to stderr)')
    .addHelpText(
      'after',
      `\nFor repair, exit code 0 means the repaired model looks printable, 11 that the repair failed or the result still needs repair, and 8 that the output file exists (use --out or --force).${EXIT_CODES_HELP}`
    )
    .action(async (file: string, options: RepairCliOptions) => {
      const { io } = context
      const path = await readableFile(file)
      if (isGcodeKind(await detectFileKind(path))) {
        throw new CliError(
          ExitCode.BadFile,
          `${file} is G-code (printer instructions), not a 3D model. Repair the model it was sliced from.`
        )
      }
      const outputPath = options.out ? resolve(options.out) : undefined
      if (outputPath && !options.force) {
        const taken = await access(outputPath).then(
          () => true,
          () => false
        )
        if (taken) {
          throw new CliError(
            ExitCode.OutputExists,
            `${options.out} already exists. Choose another --out, or add --force to replace it.`
          )
        }
      }
      const core = await context.open()
      const before = await core.meshInspector.inspect(path, basename(path), { preview: false })
      const beforeVerdicts = before.inspection.entries.map((e) => e.report.verdict).join(' ')
      io.stderr.write(`Before: ${beforeVerdicts}\n`)

      const operationId = randomUUID()
      let lastLine = ''
      const stop = core.repairs.onChange((snapshot) => {
        const view = snapshot.value.find((v) => v.operationId === operationId)
        if (!view) return
        const percent =
          view.progress === null ? '' : ` ${Math.floor((view.progress * 100) / 10) * 10}%`
        const line = `${PHASE_WORDS[view.phase]}${percent}${view.retrying ? ' (Makeprintable is not answering; trying again)' : ''}`
        if (line !== lastLine && !['done', 'failed', 'cancelled'].includes(view.phase)) {
          lastLine = line
          io.stderr.write(`${line}\n`)
        }
      })
      core.repairs.start(operationId, {
        path,
        fileName: basename(path),
        options: {
          printQuality: options.quality,
          wallThickness: options.wallThickness,
          preOptimize: options.preOptimize,
          postOptimize: options.postOptimize
        },
        outputPath,
        overwrite: options.force === true
      })
      // Core's timers are unref'd (they must never hold the app open), so between two polls
      // nothing would keep this process alive: hold it open until the job ends.
      const keepAlive = setInterval(() => undefined, 60_000)
      const final = await core.repairs.settled(operationId).finally(() => clearInterval(keepAlive))
      stop()
      if (final.phase === 'needs-destination') {
        throw new CliError(
          ExitCode.OutputExists,
          `The repair is done, but the file it would be saved as already exists beside the original, and Printdock never overwrites without --force. Run again with --out <file> (for example --out ${final.outputName}), or --force to replace it.`
        )
      }
      if (final.phase !== 'done' || !final.after) {
        const error = final.error ?? {
          code: 'repair/failed' as const,
          message: 'The repair failed.'
        }
        throw new AppError(error.code, error.message)
      }
      const printable = final.after.entries.every((entry) => entry.report.printable)
      if (options.json) {
        io.stdout.write(
          `${JSON.stringify({ output: final.outputName, fixId: final.fixId, before: before.inspection, after: final.after }, null, 2)}\n`
        )
      } else {
        io.stdout.write(`Saved ${final.outputName} (Makeprintable repair ${final.fixId}).\n\n`)
        io.stdout.write(`${describeInspection(final.after)}\n`)
      }
      done(printable ? ExitCode.Ok : ExitCode.RepairFailed)
    })
}
