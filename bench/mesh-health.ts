/**
 * Benchmark (issue 11): the health report of a 1,000,000-triangle binary STL in at most 1.5 s,
 * with memory growth at most 3× the file size, quoted beside a plain read of the same file.
 *
 * Each measurement runs in a fresh child process, so its memory is its own: the parent reads the
 * child's baseline RSS and then its peak (VmHWM, the kernel's high-water mark, which catches a
 * peak no sampler on the busy thread could). The report runs on the child's main thread, the same
 * code a worker thread runs in the app and the CLI (mesh-worker.ts → inspectMeshFile), preview
 * buffer included.
 *
 * Run alone: `npx tsx bench/mesh-health.ts`.
 */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspectMeshFile } from '../src/main/core/mesh/inspect-mesh'
import { writeTorusStl } from './torus-stl'

const CHILD_FLAG = '--mesh-bench-child'

export interface MeshHealthBenchResult {
  triangles: number
  fileBytes: number
  reportSeconds: number
  reportGrowthBytes: number
  plainReadSeconds: number
  plainReadGrowthBytes: number
  report: { vertices: number; openEdges: number; shells: number; printable: boolean }
}

type Job = 'report' | 'read'

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1])
  return kb * 1024
}

async function runChild(job: Job, path: string): Promise<void> {
  await new Promise<void>((resolve) => process.once('message', () => resolve()))
  const started = performance.now()
  let report: MeshHealthBenchResult['report'] | undefined
  if (job === 'report') {
    const { inspection, previews } = await inspectMeshFile(path)
    const r = inspection.entries[0]!.report
    report = {
      vertices: r.vertices,
      openEdges: r.openEdges,
      shells: r.shells,
      printable: r.printable
    }
    if (previews.length !== 1) throw new Error('no preview')
  } else {
    const bytes = await readFile(path)
    if (bytes.length === 0) throw new Error('empty')
  }
  const seconds = (performance.now() - started) / 1000
  process.send?.({ seconds, report })
  await new Promise<void>((resolve) => process.once('message', () => resolve()))
  process.exit(0)
}

async function measure(
  job: Job,
  path: string
): Promise<{ seconds: number; growth: number; report?: MeshHealthBenchResult['report'] }> {
  const child = fork(__filename, [CHILD_FLAG, job, path], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const baseline = status(child.pid!, 'VmRSS')
  const done = new Promise<{ seconds: number; report?: MeshHealthBenchResult['report'] }>(
    (resolve) => child.once('message', (m) => resolve(m as never))
  )
  child.send('go')
  const result = await done
  const peak = status(child.pid!, 'VmHWM')
  child.send('exit')
  await new Promise((resolve) => child.once('exit', resolve))
  return { ...result, growth: peak - baseline }
}

export async function runMeshHealthBench(): Promise<MeshHealthBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-mesh-health-bench-'))
  try {
    const path = join(dir, 'torus-1m.stl')
    const { triangles, bytes } = await writeTorusStl(path)
    const read = await measure('read', path)
    const report = await measure('report', path)
    return {
      triangles,
      fileBytes: bytes,
      reportSeconds: report.seconds,
      reportGrowthBytes: report.growth,
      plainReadSeconds: read.seconds,
      plainReadGrowthBytes: read.growth,
      report: report.report!
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === CHILD_FLAG) {
  void runChild(process.argv[3] as Job, process.argv[4]!)
} else if (require.main === module) {
  void runMeshHealthBench().then((result) => console.log(result))
}
