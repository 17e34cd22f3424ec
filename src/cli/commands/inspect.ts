import { basename } from 'node:path'
import { Command } from 'commander'
import { detectFileKind, isGcodeKind } from '../../main/core/files/detect-kind'
import { readGcodeMetadata } from '../../main/core/gcode'
import { createMeshInspector } from '../../main/core/mesh/mesh-inspector'
import { readableFile } from '../readable-file'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { describeGcodeMetadata, gcodeMetadataJson } from '../gcode-format'
import { describeInspection } from '../mesh-format'
import { cliMeshWorkerScript } from '../mesh-worker-script'

/**
 * `printdock inspect <file> [--json]`: a mesh's health report, or the metadata the G-code library
 * shows for a G-code file. Which one is decided by the file's content, not its name.
 */
export function inspectCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('inspect')
    .description(
      'Check a 3D model (STL, OBJ, 3MF, or a ZIP of them) for problems before printing: size, volume, holes, non-manifold edges, degenerate and wrong-way triangles, and which common beds it fits. For G-code (.gcode or .bgcode), print what the slicer wrote: slicer, print time, filament, temperatures, objects and thumbnails. The file kind is read from its content, not its name.'
    )
    .argument('<file>', 'the model or G-code file')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `\nFor inspect, exit code 0 means the model looks printable (or the G-code was read) and 10 that the model needs repair.${EXIT_CODES_HELP}`
    )
    .action(async (file: string, options: { json?: boolean }) => {
      const { io } = context
      const path = await readableFile(file)
      if (isGcodeKind(await detectFileKind(path))) {
        const meta = await readGcodeMetadata(path)
        io.stdout.write(
          options.json
            ? `${gcodeMetadataJson(meta)}\n`
            : `${describeGcodeMetadata(basename(path), meta)}\n`
        )
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
