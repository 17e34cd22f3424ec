/**
 * Benchmark: Printdock's upload of a 500 MB G-code file to the Obico fake, against `curl -F`
 * sending the same file to the same server in the same run. Targets (issue 10): throughput at
 * least 0.9 × curl's, and the uploading process grows by at most 64 MB.
 *
 * Three processes: the fake (the child of obico-upload-memory.ts, so the server is the same one
 * that benchmark measures), curl, and Printdock's uploader (the real LibraryService and upload
 * queue, signed in with a token as the CLI does), whose RSS is sampled from /proc.
 *
 * Run alone: `npx tsx bench/library-upload.ts`.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { generateGcode } from '../test/fakes/obico/upload-client'

const FILE_BYTES = 500_000_000
const SAMPLE_MS = 25
const UPLOADER_FLAG = '--library-upload-bench-uploader'

export interface LibraryUploadResult {
  name: string
  fileBytes: number
  printdockSeconds: number
  curlSeconds: number
  /** Printdock's throughput over curl's. */
  ratio: number
  uploaderBaselineRssBytes: number
  uploaderPeakGrowthBytes: number
}

type Message =
  | { kind: 'ready'; baseUrl: string; token: string; pid: number }
  | { kind: 'linked' }
  | { kind: 'done'; seconds: number; state: string; problem?: string }
  | { kind: 'rss'; rss: number }
  | { kind: 'settled' }

function procRss(pid: number): number | null {
  const path = `/proc/${pid}/status`
  if (!existsSync(path)) return null
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(path, 'utf8'))
  return match ? Number(match[1]) * 1024 : null
}

function waitFor<K extends Message['kind']>(
  child: ChildProcess,
  kind: K
): Promise<Extract<Message, { kind: K }>> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: Message) => {
      if (message.kind !== kind) return
      child.off('message', onMessage)
      resolvePromise(message as Extract<Message, { kind: K }>)
    }
    child.on('message', onMessage)
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)))
  })
}

/** The uploader process: link with the token, wait for "go", upload through the queue. */
async function runUploader(): Promise<void> {
  const [baseUrl, token, path] = process.argv.slice(process.argv.indexOf(UPLOADER_FLAG) + 1)
  const { createAccountService } = await import('../src/main/core/accounts')
  const { InMemoryAccountRegistry } = await import('../src/main/core/accounts/account-registry')
  const { systemClock } = await import('../src/main/core/clock')
  const { LibraryService } = await import('../src/main/core/library')
  const { nullLogger } = await import('../src/main/core/logger')
  const { InMemoryTokenVault } = await import('../src/main/core/vault/token-vault')
  const accountService = createAccountService({
    vault: new InMemoryTokenVault(),
    registry: new InMemoryAccountRegistry([]),
    browser: { open: async () => {} },
    clock: systemClock,
    logger: nullLogger,
    clientIds: {}
  })
  const account = await accountService.linkWithSecret({
    profileKey: 'obico-self-hosted',
    serverUrl: baseUrl,
    kind: 'access-token',
    secret: token
  })
  const library = new LibraryService({
    accountService,
    clock: systemClock,
    logger: nullLogger,
    uploadAttempts: 1
  })
  await library.uploadLimit(account.id)
  ;(globalThis as { gc?: () => void }).gc?.()
  process.send?.({ kind: 'linked' })
  await new Promise<void>((r) => process.once('message', () => r()))
  const started = process.hrtime.bigint()
  const phases: Record<string, number> = {}
  library.uploads.onDidChange((snapshot) => {
    const state = snapshot.value[0]?.state
    if (state && phases[state] === undefined)
      phases[state] = Number(process.hrtime.bigint() - started) / 1e9
  })
  const item = library.uploads.enqueue({
    accountId: account.id,
    path,
    filename: 'bench-printdock.gcode',
    targetFolderId: null
  })
  const done = await library.uploads.waitFor(item.id)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (process.env.PRINTDOCK_BENCH_PHASES) console.error('phases (s):', JSON.stringify(phases))
  process.send?.({ kind: 'done', seconds, state: done.state, problem: done.problem?.message })
  library.dispose()
  accountService.dispose()
  setTimeout(() => process.exit(0), 100)
}

function curlUpload(baseUrl: string, token: string, path: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'curl',
      [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code} %{time_total}',
        '-H',
        `Authorization: Bearer ${token}`,
        '-F',
        'filename=bench-curl.gcode',
        '-F',
        `file=@${path}`,
        `${baseUrl}/api/v1/g_code_files/`
      ],
      { maxBuffer: 1024 * 1024 },
      (error, stdout) => {
        if (error) return reject(error)
        const [code, seconds] = stdout.trim().split(' ')
        if (code !== '201') return reject(new Error(`curl got HTTP ${code}`))
        resolvePromise(Number(seconds))
      }
    )
  })
}

export async function runLibraryUploadBench(): Promise<LibraryUploadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'printdock-bench-upload-'))
  const path = join(dir, 'bench.gcode')
  await pipeline(Readable.from(generateGcode(FILE_BYTES, 1024 * 1024)), createWriteStream(path))
  const server = fork(resolve(__dirname, 'obico-upload-memory.ts'), ['--obico-bench-child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  let uploader: ChildProcess | undefined
  try {
    const ready = await waitFor(server, 'ready')
    // curl first, then Printdock, then curl again: the figure is against curl's better run.
    const curlFirst = await curlUpload(ready.baseUrl, ready.token, path)
    uploader = fork(__filename, [UPLOADER_FLAG, ready.baseUrl, ready.token, path], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    await waitFor(uploader, 'linked')
    await new Promise((r) => setTimeout(r, 300))
    const pid = uploader.pid as number
    const baseline = procRss(pid) ?? 0
    let peak = baseline
    const sampler = setInterval(() => (peak = Math.max(peak, procRss(pid) ?? 0)), SAMPLE_MS)
    const finished = waitFor(uploader, 'done')
    uploader.send({ kind: 'go' })
    const done = await finished
    clearInterval(sampler)
    if (done.state !== 'done') throw new Error(`Printdock upload ${done.state}: ${done.problem}`)
    const curlSecond = await curlUpload(ready.baseUrl, ready.token, path)
    const curlSeconds = Math.min(curlFirst, curlSecond)
    return {
      name: 'library-upload',
      fileBytes: FILE_BYTES,
      printdockSeconds: done.seconds,
      curlSeconds,
      ratio: curlSeconds / done.seconds,
      uploaderBaselineRssBytes: baseline,
      uploaderPeakGrowthBytes: peak - baseline
    }
  } finally {
    uploader?.kill()
    server.send({ kind: 'stop' })
    await new Promise<void>((r) => {
      const kill = setTimeout(() => server.kill(), 5000)
      server.once('exit', () => {
        clearTimeout(kill)
        r()
      })
    })
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv.includes(UPLOADER_FLAG)) {
  void runUploader()
} else if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  runLibraryUploadBench()
    .then((r) => {
      const mib = (n: number) => (n / 1024 / 1024).toFixed(1)
      console.log(JSON.stringify(r))
      console.log(
        `${r.name}: 500 MB in ${r.printdockSeconds.toFixed(1)} s (curl ${r.curlSeconds.toFixed(1)} s): ${r.ratio.toFixed(2)} × curl (target ≥ 0.9: ${r.ratio >= 0.9 ? 'met' : 'NOT met'}); uploader RSS ${mib(r.uploaderBaselineRssBytes)} MiB + peak ${mib(r.uploaderPeakGrowthBytes)} MiB (target ≤ 64 MiB: ${r.uploaderPeakGrowthBytes <= 64 * 1024 * 1024 ? 'met' : 'NOT met'})`
      )
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exit(1)
    })
}
