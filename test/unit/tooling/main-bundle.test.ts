import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forkDemoServer } from '../../fakes/obico/fork-demo-server'
import { keyringModulePath } from '../../../src/main/core/vault/keyring-module'
import type {
  KeychainProbeReport,
  KeychainProbeRequest
} from '../../../src/main/core/vault/keychain-probe'
import { provideSecretService } from '../core/vault/secret-service-fixture'

/**
 * The shipped main process carries no fake-server control API and no fault injection
 * (docs/decisions/0006): the app is built with electron-vite exactly as `npm run dist` builds it,
 * and every file under its `main/` is searched. The build goes to a fresh folder inside the
 * repository (so the bundles resolve node_modules as out/ does) and never touches out/.
 */
const ROOT = process.cwd()
const FAULT_KIT = join(ROOT, 'test/fakes/kit/faults')

/**
 * Strings that any bundle containing the kit would carry: the control routes' prefix, the names of
 * the fault kinds only the kit uses (string literals survive bundling and minifying), and the
 * error a cut connection surfaces as.
 */
const MARKERS = [
  '/__sandbox/',
  'reset-request',
  'reset-response',
  'malformed-json',
  'slow-reader',
  'connection reset by fault injection'
]

let buildDir = ''

const provided = await provideSecretService()
const secretService = provided.fixture
if (!secretService)
  console.warn(`[main-bundle] the built keychain probe's round trip is skipped: ${provided.reason}`)

/**
 * Node stands in for Electron's utility process: `process.parentPort` is the one part of it the
 * probe uses, bridged here to Node's IPC channel.
 */
const PARENT_PORT_SHIM = `
process.parentPort = {
  once: (event, listener) => process.once(event, (data) => listener({ data })),
  postMessage: (message) => process.send(message, () => process.disconnect())
}
require(process.argv[1])
`

/** Runs the built keychain probe once and returns what it posted. */
function runBuiltProbe(
  request: KeychainProbeRequest,
  env: NodeJS.ProcessEnv
): Promise<KeychainProbeReport> {
  const child = spawn(
    process.execPath,
    ['-e', PARENT_PORT_SHIM, join(buildDir, 'main', 'keychain-probe.js')],
    { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }
  )
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the built keychain probe did not answer within 10 s'))
    }, 10_000)
    child.once('message', (report) => {
      clearTimeout(timer)
      resolve(report as KeychainProbeReport)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the built keychain probe exited with code ${code} before reporting`))
    })
    child.send(request)
  })
}

function probeRequest(): KeychainProbeRequest {
  return {
    modulePath: keyringModulePath(),
    service: `Printdock-test-${randomBytes(4).toString('hex')}`,
    account: 'printdock-keychain-probe',
    value: randomBytes(8).toString('hex')
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  buildDir = mkdtempSync(join(ROOT, '.tmp', 'main-bundle-'))
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
  const built = spawnSync(
    npx,
    ['electron-vite', 'build', '--outDir', buildDir, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8'
    }
  )
  if (built.status !== 0)
    throw new Error(`electron-vite build failed:\n${built.stdout}${built.stderr}`)
}, 180_000)

afterAll(async () => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
  await secretService?.stop()
})

describe('the built main process', () => {
  it('the markers are real: each is in the fault kit, so a bundle with the kit would show it', () => {
    const kitSource = filesUnder(FAULT_KIT)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
    for (const marker of MARKERS) expect(kitSource, marker).toContain(marker)
  })

  it('no file under main/ contains a control route or fault injection', () => {
    const files = filesUnder(join(buildDir, 'main'))
    const names = files.map((file) => relative(join(buildDir, 'main'), file))
    expect(names).toEqual(
      expect.arrayContaining(['index.js', 'demo-server.js', 'keychain-probe.js'])
    )
    const hits = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return MARKERS.filter((marker) => text.includes(marker)).map(
        (marker) => `${relative(buildDir, file)}: ${marker}`
      )
    })
    expect(hits).toEqual([])
  })

  it('the built demo server runs by itself and serves the demo, without control routes', async () => {
    const server = await forkDemoServer(join(buildDir, 'main', 'demo-server.js'))
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const login = await fetch(`${server.origin}/accounts/login/`)
      expect(login.status).toBe(200)
      expect(await login.text()).toContain('id="demo-username"')
      const fault = await fetch(`${server.origin}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault: { kind: 'status', status: 500 } })
      })
      expect(fault.status).toBe(404)
    } finally {
      await server.stop()
    }
  })

  it('the built keychain probe loads the keyring module and answers without a Secret Service', async () => {
    const report = await runBuiltProbe(probeRequest(), {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/printdock-test-bus'
    })
    expect(report).toMatchObject({ ok: false, stage: 'keyring' })
    // A keyring error, not a module that failed to load from the bundle.
    expect(report.ok === false && report.message).not.toMatch(/Cannot find module|ERR_DLOPEN/)
  })

  it.skipIf(!secretService)(
    'the built keychain probe does a real round trip with a Secret Service',
    async () => {
      await expect(runBuiltProbe(probeRequest(), secretService!.env)).resolves.toEqual({
        ok: true
      })
    }
  )
})
