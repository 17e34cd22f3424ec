import { access } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { Command } from 'commander'
import { detectFileKind } from '../../main/core/files/detect-kind'
import { createMeshInspector } from '../../main/core/mesh/mesh-inspector'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { describeInspection } from '../mesh-format'
import { cliMeshWorkerScript } from '../mesh-worker-script'

/** Told apart from meshes by content; the G-code library (issue 10) reads these. */
export const GCODE_PLACEHOLDER = 'G-code inspection: see the library.'

/** `printdock inspect <file> [--json]`: a mesh's health report (G-code goes to the library). */
export function inspectCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('inspect')
    .description(
      'Check a 3D model (STL, OBJ, 3MF, or a ZIP of them) for problems before printing: size, volume, holes, non-manifold edges, degenerate and wrong-way triangles, and which common beds it fits. The file kind is read from its content, not its name.'
    )
    .argument('<file>', 'the model file')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `\nFor inspect, exit code 0 means the model looks printable and 10 that it needs repair.${EXIT_CODES_HELP}`
    )
    .action(async (file: string, options: { json?: boolean }) => {
      const { io } = context
      const path = resolve(file)
      try {
        await access(path)
      } catch {
        throw new CliError(ExitCode.BadFile, `Cannot read ${file}: no such file, or no permission.`)
      }
      if ((await detectFileKind(path)) === 'gcode') {
        io.stdout.write(`${GCODE_PLACEHOLDER}\n`)
        done(ExitCode.Ok)
        return
      }
      const inspector = createMeshInspector({ script: cliMeshWorkerScript(), concurrency: 1 })
      const { inspection } = await inspector.inspect(path, basename(path), { preview: false })
      io.stdout.write(
        options.json
          ? `${JSON.stringify(inspection, null, 2)}\n`
          : `${describeInspection(inspection)}\n`
      )
      const printable = inspection.entries.every((entry) => entry.report.printable)
      done(printable ? ExitCode.Ok : ExitCode.NeedsRepair)
    })
}
