/**
 * Benchmark: a 500 MB G-code upload to the Obico fake must not grow the server's memory by more
 * than 64 MB, because uploads are streamed to disk (busboy → file), never buffered whole.
 *
 * The fake runs in a child process so its RSS is measured alone (from /proc/<pid>/status, or
 * from the child's own reports over IPC where /proc is missing). The file is generated on the fly
 * and streamed; nothing large is kept in memory or written into the repository.
 *
 * Run alone: `npx tsx bench/obico-upload-memory.ts`.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { DEMO_CLIENT_ID, startObicoFake } from '../test/fakes/obico'
import { generateGcode, streamMultipartUpload } from '../test/fakes/obico/upload-client'

/** The figures the benchmark reports. */
export interface ObicoUploadMemoryResult {
  name: string
  fileBytes: number
  peakRssGrowthBytes: number
  baselineRssBytes: number
  seconds: number
}

const FILE_BYTES = 500_000_000
const CHILD_FLAG = '--obico-bench-child'
const SAMPLE_MS = 25

type ChildMessage =
  | { kind: 'ready'; baseUrl: string; token: string; pid: number }
  | { kind: 'rss'; rss: number }
  | { kind: 'settled' }

/** The child: start a fake, report its address and (when asked) its RSS. */
async function runChild(): Promise<void> {
  const fake = await startObicoFake({ seed: 'demo' })
  const { accessToken } = fake.issueToken(1, DEMO_CLIENT_ID) // user 1 is pro: 500 MiB limit
  const send = (message: ChildMessage) => process.send?.(message)
  const timer = setInterval(() => send({ kind: 'rss', rss: process.memoryUsage().rss }), SAMPLE_MS)
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'settle') {
      ;(globalThis as { gc?: () => void }).gc?.()
      send({ kind: 'settled' })
    }
    if (message.kind === 'stop') {
      clearInterval(timer)
      void fake.close().then(() => process.exit(0))
    }
  })
  send({ kind: 'ready', baseUrl: fake.baseUrl, token: accessToken, pid: process.pid })
}

/** VmRSS of a process in bytes, or null where /proc is unavailable. */
function procRss(pid: number): number | null {
  const path = `/proc/${pid}/status`
  if (!existsSync(path)) return null
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(path, 'utf8'))
  return match ? Number(match[1]) * 1024 : null
}

function waitFor<T extends ChildMessage['kind']>(
  child: ChildProcess,
  kind: T
): Promise<Extract<ChildMessage, { kind: T }>> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.kind !== kind) return
      child.off('message', onMessage)
      resolvePromise(message as Extract<ChildMessage, { kind: T }>)
    }
    child.on('message', onMessage)
    child.once('exit', (code) => reject(new Error(`fake child exited early (${code})`)))
  })
}

/** Uploads 500 MB to a fake in a child process and reports the server's peak RSS growth. */
export async function runObicoUploadMemoryBench(): Promise<ObicoUploadMemoryResult> {
  const self = resolve(__dirname, 'obico-upload-memory.ts')
  const child = fork(self, [CHILD_FLAG], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  try {
    const ready = await waitFor(child, 'ready')
    let ipcRss = 0
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'rss') ipcRss = message.rss
    })
    child.send({ kind: 'settle' })
    await waitFor(child, 'settled')
    await new Promise((r) => setTimeout(r, 300))
    const sample = () => procRss(ready.pid) ?? ipcRss
    const baseline = sample()
    let peak = baseline
    const sampler = setInterval(() => {
      peak = Math.max(peak, sample())
    }, SAMPLE_MS)
    const started = process.hrtime.bigint()
    const result = await streamMultipartUpload({
      url: `${ready.baseUrl}/api/v1/g_code_files/`,
      headers: { authorization: `Bearer ${ready.token}` },
      fields: { filename: 'bench-500mb.gcode' },
      file: generateGcode(FILE_BYTES, 256 * 1024)
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    peak = Math.max(peak, sample())
    clearInterval(sampler)
    if (result.status !== 201)
      throw new Error(`upload failed: HTTP ${result.status} ${result.body.slice(0, 200)}`)
    const stored = (JSON.parse(result.body) as { num_bytes: number }).num_bytes
    if (stored !== FILE_BYTES)
      throw new Error(`server stored ${stored} bytes, expected ${FILE_BYTES}`)
    return {
      name: 'obico-upload-memory',
      fileBytes: FILE_BYTES,
      peakRssGrowthBytes: peak - baseline,
      baselineRssBytes: baseline,
      seconds
    }
  } finally {
    child.send({ kind: 'stop' })
    await new Promise<void>((r) => {
      const kill = setTimeout(() => child.kill(), 5000)
      child.once('exit', () => {
        clearTimeout(kill)
        r()
      })
    })
  }
}

if (process.argv.includes(CHILD_FLAG)) {
  void runChild()
} else if (
  process.argv[1] &&
  resolve(process.argv[1]) === resolve(__dirname, 'obico-upload-memory.ts')
) {
  runObicoUploadMemoryBench()
    .then((r) => {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
      console.log(JSON.stringify(r))
      console.log(
        `${r.name}: ${mb(r.fileBytes)} MiB in ${r.seconds.toFixed(1)} s; baseline RSS ${mb(r.baselineRssBytes)} MiB; peak growth ${mb(r.peakRssGrowthBytes)} MiB (limit 64 MiB: ${r.peakRssGrowthBytes < 64 * 1024 * 1024 ? 'met' : 'NOT met'})`
      )
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exit(1)
    })
}
