/**
 * `npm run bench`: runs every benchmark and prints its figures as Markdown rows, with the machine
 * and date, ready for docs/benchmarks.md. Benchmarks are measurements, not tests: they never fail
 * the build, but each prints whether it met the figure its issue names.
 *
 * `npm run bench -- gcode upload` runs only the benchmarks whose names contain one of the words
 * (`upload`, `gcode`).
 */
import { cpus, totalmem } from 'node:os'
import { runGcodeMetadataBench } from './gcode-metadata'
import { runFilesRenderBench } from './files-render'
import { runLibraryUploadBench } from './library-upload'
import { runObicoUploadMemoryBench } from './obico-upload-memory'

const MIB = 1024 * 1024

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}`
  const date = new Date().toISOString().slice(0, 10)
  console.log(`Machine: ${machine}\nDate: ${date}\n`)
  console.log('| benchmark | figure | target | met |')
  console.log('|---|---|---|---|')

  for (const bench of BENCHMARKS) {
    if (filters.length === 0 || filters.some((word) => bench.name.includes(word))) await bench.run()
  }
}

const filters = process.argv.slice(2)

const BENCHMARKS: { name: string; run: () => Promise<void> }[] = [
  {
    name: 'upload',
    run: async () => {
      const upload = await runObicoUploadMemoryBench()
      const growthMiB = upload.peakRssGrowthBytes / MIB
      console.log(
        `| ${upload.name}: ${(upload.fileBytes / MIB).toFixed(0)} MiB upload to the Obico fake in ${upload.seconds.toFixed(1)} s | peak RSS growth ${growthMiB.toFixed(1)} MiB (baseline ${(upload.baselineRssBytes / MIB).toFixed(0)} MiB) | < 64 MiB | ${growthMiB < 64 ? 'yes' : 'NO'} |`
      )
    }
  },
  {
    name: 'library-upload',
    run: async () => {
      const r = await runLibraryUploadBench()
      const growthMiB = r.uploaderPeakGrowthBytes / MIB
      console.log(
        `| library upload: 500 MB to the Obico fake in ${r.printdockSeconds.toFixed(1)} s, curl -F ${r.curlSeconds.toFixed(1)} s | ${r.ratio.toFixed(2)} × curl's throughput | ≥ 0.9 × | ${r.ratio >= 0.9 ? 'yes' : 'NO'} |`
      )
      console.log(
        `| library upload: the uploading process (baseline ${(r.uploaderBaselineRssBytes / MIB).toFixed(0)} MiB) | peak RSS growth ${growthMiB.toFixed(1)} MiB | ≤ 64 MiB | ${growthMiB <= 64 ? 'yes' : 'NO'} |`
      )
    }
  },
  {
    name: 'files-render',
    run: async () => {
      const r = await runFilesRenderBench()
      console.log(
        `| Files screen, ${r.files.toLocaleString('en')} files in a folder: first render | ${r.firstRenderMs.toFixed(1)} ms | ≤ 100 ms | ${r.firstRenderMs <= 100 ? 'yes' : 'NO'} |`
      )
      console.log(
        `| Files screen, ${r.files.toLocaleString('en')} files: scrolling 120 frames | longest task ${r.longestScrollTaskMs.toFixed(0)} ms, ${r.longTasksOver50ms} over 50 ms | none over 50 ms | ${r.longTasksOver50ms === 0 ? 'yes' : 'NO'} |`
      )
    }
  },
  {
    name: 'gcode',
    run: async () => {
      for (const timing of await runGcodeMetadataBench())
        console.log(
          `| G-code metadata: ${timing.name} (${timing.fileBytes.toLocaleString('en')} B) | median ${timing.medianMs.toFixed(2)} ms, slowest ${timing.maxMs.toFixed(2)} ms | ≤ ${timing.targetMs} ms | ${timing.medianMs <= timing.targetMs ? 'yes' : 'NO'} |`
        )
    }
  }
]

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
