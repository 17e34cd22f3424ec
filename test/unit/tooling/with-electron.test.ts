import { spawn } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * `npm start`, `npm run dev` and `npm run dist` run scripts/with-electron.mjs, which obtains the
 * Electron binary through the electron package's own first-use path before electron-vite or
 * electron-builder needs it (decision 0005). These tests run the real processes. They never start
 * Electron and never reach the network: a stand-in executable takes Electron's place through
 * ELECTRON_OVERRIDE_DIST_PATH, and the failing download goes to a closed port on 127.0.0.1.
 */
const ROOT = process.cwd()
const scratch = mkdtempSync(join(tmpdir(), 'printdock-with-electron-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** This process's environment without anything that steers Electron's download or launch. */
function envWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(electron_|npm_config_electron)/i.test(name)) env[name] = value
  }
  return { ...env, ...extra }
}

/**
 * A folder for ELECTRON_OVERRIDE_DIST_PATH holding a stand-in "Electron" that writes its working
 * directory and arguments to `marker`. The electron package looks for the executable under the
 * name its path.txt records, or `electron` before the first download (node_modules/electron/index.js).
 */
function standInElectron(name: string): { dir: string; marker: string } {
  const dir = join(scratch, name)
  const marker = join(dir, 'marker')
  const pathTxt = join(ROOT, 'node_modules/electron/path.txt')
  const executable = join(dir, existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8') : 'electron')
  mkdirSync(join(executable, '..'), { recursive: true })
  writeFileSync(executable, `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${marker}'\n`)
  chmodSync(executable, 0o755)
  return { dir, marker }
}

/** A port on 127.0.0.1 that nothing listens on: bound once by this process, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * A copy of the project's scripts beside a node_modules in which electron is a fresh copy of the
 * package (no path.txt, no dist) and everything else links to the real one. The download test
 * runs here, so it behaves the same on a machine where Electron is already installed.
 */
let freshProject: string | undefined
function projectWithoutElectronBinary(): string {
  if (freshProject) return freshProject
  const project = join(scratch, 'fresh-project')
  const modules = join(project, 'node_modules')
  mkdirSync(modules, { recursive: true })
  cpSync(join(ROOT, 'package.json'), join(project, 'package.json'))
  cpSync(join(ROOT, 'scripts'), join(project, 'scripts'), { recursive: true })
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== 'electron') symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry))
  }
  const electron = join(ROOT, 'node_modules/electron')
  cpSync(electron, join(modules, 'electron'), {
    recursive: true,
    filter: (source) => !['dist', 'path.txt', 'node_modules'].includes(basename(source))
  })
  if (existsSync(join(electron, 'node_modules'))) {
    symlinkSync(join(electron, 'node_modules'), join(modules, 'electron/node_modules'))
  }
  freshProject = project
  return project
}

// The stand-in is a shell script, and Windows runs no shell scripts as executables.
const SKIP_REASON = process.platform === 'win32' ? 'the Electron stand-in is a shell script' : ''
if (SKIP_REASON) console.warn(`scripts/with-electron.mjs tests skipped: ${SKIP_REASON}`)
describe.skipIf(Boolean(SKIP_REASON))('scripts/with-electron.mjs', () => {
  // `npm run dev` also starts Vite's dev server for the renderer; the stand-in exits at once, and
  // electron-vite ends with it.
  it.each(['start', 'dev'])(
    'npm %s builds the app and launches the executable the electron package resolves',
    async (script) => {
      const { dir, marker } = standInElectron(script)
      const outDir = join(scratch, `${script}-out`)
      const entry = join(outDir, 'main/index.js')
      // --outDir and --entry keep this build out of the project's own out/ folder.
      const started = await run(
        'npm',
        ['run', script, '--', '--outDir', outDir, '--entry', entry],
        ROOT,
        envWith({ ELECTRON_OVERRIDE_DIST_PATH: dir })
      )
      expect(started.code, started.stderr).toBe(0)
      expect(readFileSync(marker, 'utf8').split('\n')).toEqual([ROOT, entry, ''])
      expect(existsSync(entry)).toBe(true)
    },
    120_000
  )

  it('passes the launched command its exit code back', async () => {
    const { dir } = standInElectron('exit-code')
    const ran = await run(
      process.execPath,
      ['scripts/with-electron.mjs', process.execPath, '-e', 'process.exit(3)'],
      ROOT,
      envWith({ ELECTRON_OVERRIDE_DIST_PATH: dir })
    )
    expect(ran.code).toBe(3)
  })

  it('hands electron-builder the folder of the executable as electronDist', async () => {
    const { dir } = standInElectron('dist')
    const bin = join(scratch, 'fake-bin')
    const argvFile = join(scratch, 'electron-builder-argv')
    mkdirSync(bin, { recursive: true })
    writeFileSync(join(bin, 'electron-builder'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\n`)
    chmodSync(join(bin, 'electron-builder'), 0o755)
    const ran = await run(
      process.execPath,
      ['scripts/with-electron.mjs', 'electron-builder', '--linux'],
      ROOT,
      envWith({ ELECTRON_OVERRIDE_DIST_PATH: dir, PATH: `${bin}:${process.env.PATH}` })
    )
    expect(ran.code, ran.stderr).toBe(0)
    expect(readFileSync(argvFile, 'utf8').split('\n')).toEqual([
      '--linux',
      `--config.electronDist=${dir}`,
      ''
    ])
  })

  it('explains in one paragraph, without a stack trace, when the download fails', async () => {
    const project = projectWithoutElectronBinary()
    const port = await closedPort()
    const launched = join(scratch, 'launched-despite-failure')
    const ran = await run(
      process.execPath,
      [
        'scripts/with-electron.mjs',
        process.execPath,
        '-e',
        `require('node:fs').writeFileSync(${JSON.stringify(launched)}, '')`
      ],
      project,
      envWith({
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        electron_config_cache: mkdtempSync(join(scratch, 'empty-cache-')),
        ELECTRON_GET_NO_PROGRESS: '1'
      })
    )
    expect(ran.code).toBe(1)
    expect(existsSync(launched)).toBe(false)
    const paragraphs = ran.stderr.trim().split(/\n\s*\n/)
    expect(paragraphs).toHaveLength(1)
    const [paragraph] = paragraphs
    expect(paragraph).toContain('Electron 45')
    expect(paragraph).toContain(`ECONNREFUSED 127.0.0.1:${port}`)
    expect(paragraph).toMatch(/ELECTRON_MIRROR=\S+/)
    expect(paragraph).toContain('ELECTRON_OVERRIDE_DIST_PATH')
    expect(paragraph).toContain('run the command again')
    expect(ran.stderr).not.toMatch(/^\s+at /m)
  }, 60_000)

  it("leaves electron-vite's own ELECTRON_EXEC_PATH alone and downloads nothing", async () => {
    const project = projectWithoutElectronBinary()
    const seen = join(scratch, 'exec-path-seen')
    const ran = await run(
      process.execPath,
      [
        'scripts/with-electron.mjs',
        process.execPath,
        '-e',
        `require('node:fs').writeFileSync(${JSON.stringify(seen)}, process.env.ELECTRON_EXEC_PATH)`
      ],
      project,
      // A download would fail against the closed port; the run must not get that far.
      envWith({
        ELECTRON_EXEC_PATH: '/opt/my-electron/electron',
        ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`
      })
    )
    expect(ran.code, ran.stderr).toBe(0)
    expect(readFileSync(seen, 'utf8')).toBe('/opt/my-electron/electron')
  })

  it('says so when ELECTRON_OVERRIDE_DIST_PATH names a folder without Electron', async () => {
    const empty = mkdtempSync(join(scratch, 'no-electron-'))
    const ran = await run(
      process.execPath,
      ['scripts/with-electron.mjs', process.execPath, '-e', ''],
      ROOT,
      envWith({ ELECTRON_OVERRIDE_DIST_PATH: empty })
    )
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`ELECTRON_OVERRIDE_DIST_PATH is ${empty}`)
    expect(ran.stderr).not.toMatch(/^\s+at /m)
  })
})
