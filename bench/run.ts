/**
 * `npm run bench`: runs every benchmark and prints its figures as Markdown rows, with the machine
 * and date, ready for docs/benchmarks.md. Benchmarks are measurements, not tests: they never fail
 * the build, but each prints whether it met the figure its issue names.
 *
 * `npm run bench -- gcode upload` runs only the benchmarks whose names contain one of the words
 * (`upload`, `gcode`, `printers`, `polling`, `dashboard`, `mesh`, `preview`).
 */
import { cpus, totalmem } from 'node:os'
import { runGcodeMetadataBench } from './gcode-metadata'
import { runMeshHealthBench } from './mesh-health'
import { runMeshPreviewBench } from './mesh-preview-interactive'
import { runFilesRenderBench } from './files-render'
import { runLibraryUploadBench } from './library-upload'
import { runObicoUploadMemoryBench } from './obico-upload-memory'
import { printPrinterPollingRows } from './printer-polling'
import {
  INITIAL_JS_BUDGET_BYTES,
  PAINT_ROUNDS,
  runPrintersDashboardBench
} from './printers-dashboard'

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
          `| G-code metadata: ${timing.name} (${timing.fileBytes.toLocaleString('en')} B) | median ${timing.medianMs.toFixed(2)} ms (CPU ${timing.medianCpuMs.toFixed(2)} ms), slowest ${timing.maxMs.toFixed(2)} ms | ≤ ${timing.targetMs} ms | ${timing.medianMs <= timing.targetMs ? 'yes' : 'NO'} |`
        )
    }
  },
  { name: 'printers polling', run: () => printPrinterPollingRows() },
  {
    name: 'printers dashboard',
    run: async () => {
      const seconds = Number(process.env.PRINTDOCK_BENCH_SECONDS ?? 60)
      const d = await runPrintersDashboardBench({ seconds })
      const ms = (x: number): string => `${x.toFixed(1)} ms`
      const met = (ok: boolean): string => (ok ? 'yes' : 'NO')
      for (const [label, f] of [
        ['staggered: 200 pushes/s, one printer each', d.staggered],
        ['batched: 1 push/s carrying all 200', d.batched]
      ] as const) {
        console.log(
          `| printers-dashboard, ${d.printers} printers × ${d.seconds} s, ${label} | store update → React commit p50 ${ms(f.p50Ms)}, p95 ${ms(f.p95Ms)}, max ${ms(f.maxMs)} over ${f.updates} updates (p95 with the push's JSON decode ${ms(f.p95WithDecodeMs)}) | p95 ≤ 4 ms | ${met(f.p95Ms <= 4)} |`
        )
        console.log(
          `| printers-dashboard, ${label}: long tasks | ${f.longTasks} over 50 ms (longest ${ms(f.longestTaskMs)}) | none | ${met(f.longTasks === 0)} |`
        )
      }
      console.log(
        `| printers-dashboard: initial renderer JS | ${(d.initialJsGzipBytes / 1024).toFixed(1)} KB gzipped (lazy chunks ${(d.lazyJsGzipBytes / 1024).toFixed(1)} KB) | ≤ ${INITIAL_JS_BUDGET_BYTES / 1024} KB | ${met(d.initialJsGzipBytes <= INITIAL_JS_BUDGET_BYTES)} |`
      )
      console.log(
        `| printers-dashboard: navigation → painted 20-printer dashboard (median of ${PAINT_ROUNDS}) | ${ms(d.dashboardPaintMs)}; empty React page in the same run ${ms(d.emptyReactPaintMs)} | ≤ 500 ms | ${met(d.dashboardPaintMs <= 500)} |`
      )
    }
  },
  {
    name: 'mesh health',
    run: async () => {
      const mesh = await runMeshHealthBench()
      const ratio = mesh.reportGrowthBytes / mesh.fileBytes
      console.log(
        `| mesh health report, ${mesh.triangles.toLocaleString('en-US')}-triangle binary STL (${(mesh.fileBytes / MIB).toFixed(1)} MiB) | ${mesh.reportSeconds.toFixed(2)} s, peak RSS growth ${(mesh.reportGrowthBytes / MIB).toFixed(0)} MiB = ${ratio.toFixed(2)}× the file (plain read of the same file: ${mesh.plainReadSeconds.toFixed(2)} s, ${(mesh.plainReadGrowthBytes / MIB).toFixed(0)} MiB) | ≤ 1.5 s, ≤ 3× | ${mesh.reportSeconds <= 1.5 && ratio <= 3 ? 'yes' : 'NO'} |`
      )
    }
  },
  {
    name: 'mesh preview',
    run: async () => {
      const preview = await runMeshPreviewBench()
      const over = preview.longTasks.filter((ms) => ms > 50)
      console.log(
        `| mesh preview, ${preview.triangles.toLocaleString('en-US')} triangles, orbit and zoom for ${preview.orbitSeconds.toFixed(1)} s in the harness | ${over.length} main-thread tasks over 50 ms${over.length > 0 ? ` (longest ${Math.max(...over).toFixed(0)} ms)` : ''}; preview ready ${preview.loadSeconds.toFixed(0)} s after picking | none over 50 ms | ${over.length === 0 ? 'yes' : 'NO'} |`
      )
    }
  }
]

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
