/**
 * `npm run bench`: runs every benchmark and prints its figures as Markdown rows, with the machine
 * and date, ready for docs/benchmarks.md. Benchmarks are measurements, not tests: they never fail
 * the build, but each prints whether it met the figure its issue names.
 */
import { cpus, totalmem } from 'node:os'
import { runObicoUploadMemoryBench } from './obico-upload-memory'
import { runPrinterPollingBench } from './printer-polling'
import { INITIAL_JS_BUDGET_BYTES, runPrintersDashboardBench } from './printers-dashboard'

const MIB = 1024 * 1024

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}`
  const date = new Date().toISOString().slice(0, 10)
  console.log(`Machine: ${machine}\nDate: ${date}\n`)
  console.log('| benchmark | figure | target | met |')
  console.log('|---|---|---|---|')

  // `npm run bench -- printer` runs only the benchmarks whose name contains "printer".
  const only = process.argv[2]
  const wanted = (name: string): boolean => !only || name.includes(only)

  if (wanted('obico-upload')) {
    const upload = await runObicoUploadMemoryBench()
    const growthMiB = upload.peakRssGrowthBytes / MIB
    console.log(
      `| ${upload.name}: ${(upload.fileBytes / MIB).toFixed(0)} MiB upload to the Obico fake in ${upload.seconds.toFixed(1)} s | peak RSS growth ${growthMiB.toFixed(1)} MiB (baseline ${(upload.baselineRssBytes / MIB).toFixed(0)} MiB) | < 64 MiB | ${growthMiB < 64 ? 'yes' : 'NO'} |`
    )
  }

  if (wanted('printers-dashboard')) {
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
      `| printers-dashboard: navigation → painted 20-printer dashboard (median of 5) | ${ms(d.dashboardPaintMs)}; empty React page in the same run ${ms(d.emptyReactPaintMs)} | ≤ 500 ms | ${met(d.dashboardPaintMs <= 500)} |`
    )
  }

  if (wanted('printer-polling')) {
    const polling = await runPrinterPollingBench()
    const independent = polling.every(
      (row) =>
        row.watchedPerMinute === polling[0].watchedPerMinute &&
        row.unwatchedPerMinute === polling[0].unwatchedPerMinute
    )
    for (const row of polling) {
      console.log(
        `| printer polling, ${row.printers} printer(s) on one account | ${row.watchedPerMinute} requests/min watched, ${row.unwatchedPerMinute} unwatched; median read ${row.medianReadMs.toFixed(1)} ms | the same at 1, 20 and 200 printers | ${independent ? 'yes' : 'NO'} |`
      )
    }
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
