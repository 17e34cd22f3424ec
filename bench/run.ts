/**
 * `npm run bench`: runs every benchmark and prints its figures as Markdown rows, with the machine
 * and date, ready for docs/benchmarks.md. Benchmarks are measurements, not tests: they never fail
 * the build, but each prints whether it met the figure its issue names.
 */
import { cpus, totalmem } from 'node:os'
import { runObicoUploadMemoryBench } from './obico-upload-memory'
import { runPrinterPollingBench } from './printer-polling'

const MIB = 1024 * 1024

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}`
  const date = new Date().toISOString().slice(0, 10)
  console.log(`Machine: ${machine}\nDate: ${date}\n`)
  console.log('| benchmark | figure | target | met |')
  console.log('|---|---|---|---|')

  const upload = await runObicoUploadMemoryBench()
  const growthMiB = upload.peakRssGrowthBytes / MIB
  console.log(
    `| ${upload.name}: ${(upload.fileBytes / MIB).toFixed(0)} MiB upload to the Obico fake in ${upload.seconds.toFixed(1)} s | peak RSS growth ${growthMiB.toFixed(1)} MiB (baseline ${(upload.baselineRssBytes / MIB).toFixed(0)} MiB) | < 64 MiB | ${growthMiB < 64 ? 'yes' : 'NO'} |`
  )

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

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
