/**
 * `npm run bench`: runs every benchmark and prints its figures as Markdown rows, with the machine
 * and date, ready for docs/benchmarks.md. Benchmarks are measurements, not tests: they never fail
 * the build, but each prints whether it met the figure its issue names.
 */
import { cpus, totalmem } from 'node:os'
import { runMeshHealthBench } from './mesh-health'
import { runMeshPreviewBench } from './mesh-preview-interactive'
import { runObicoUploadMemoryBench } from './obico-upload-memory'

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

  const mesh = await runMeshHealthBench()
  const ratio = mesh.reportGrowthBytes / mesh.fileBytes
  console.log(
    `| mesh health report, ${mesh.triangles.toLocaleString('en-US')}-triangle binary STL (${(mesh.fileBytes / MIB).toFixed(1)} MiB) | ${mesh.reportSeconds.toFixed(2)} s, peak RSS growth ${(mesh.reportGrowthBytes / MIB).toFixed(0)} MiB = ${ratio.toFixed(2)}× the file (plain read of the same file: ${mesh.plainReadSeconds.toFixed(2)} s, ${(mesh.plainReadGrowthBytes / MIB).toFixed(0)} MiB) | ≤ 1.5 s, ≤ 3× | ${mesh.reportSeconds <= 1.5 && ratio <= 3 ? 'yes' : 'NO'} |`
  )

  const preview = await runMeshPreviewBench()
  const over = preview.longTasks.filter((ms) => ms > 50)
  console.log(
    `| mesh preview, ${preview.triangles.toLocaleString('en-US')} triangles, orbit and zoom for ${preview.orbitSeconds.toFixed(1)} s in the harness | ${over.length} main-thread tasks over 50 ms${over.length > 0 ? ` (longest ${Math.max(...over).toFixed(0)} ms)` : ''}; preview ready ${preview.loadSeconds.toFixed(0)} s after picking | none over 50 ms | ${over.length === 0 ? 'yes' : 'NO'} |`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
