#!/usr/bin/env node
// `node scripts/with-electron.mjs <command> [args…]`: obtain the Electron binary the way the
// electron package does on first use, then run <command> with it. `npm start`, `npm run dev` and
// `npm run dist` go through here (decision 0005).
//
// Why a wrapper: Electron 45 has no install script. Its binary arrives the first time something
// calls `require('electron')`: node_modules/electron/index.js then runs its install.js, which
// honours ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_MIRROR and the download cache. electron-vite 6
// never requires it: it reads node_modules/electron/path.txt itself and throws "Electron
// uninstall" when that file is missing. So this script requires the electron package first, in a
// child process whose stderr it keeps (the installer answers a failed download with a stack
// trace), and hands the executable on: to electron-vite through ELECTRON_EXEC_PATH, which
// electron-vite reads before path.txt, and to electron-builder as electronDist, so a package is
// built from the same binary instead of a second download.
//
// Where the binary cannot be had, it prints one paragraph (what failed, why, what to do) and
// exits with status 1.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = resolve(import.meta.dirname, '..')
const [command, ...args] = process.argv.slice(2)
// Named in messages: "electron-vite preview" says more than "electron-vite".
const commandLine = process.argv.slice(2).join(' ')
const FETCH_FAILURE_MARKER = 'with-electron: fetch failed: '

/** Prints the one paragraph a user gets instead of a stack trace, and exits. */
function fail(paragraph) {
  process.stderr.write(`\n${paragraph}\n`)
  process.exit(1)
}

function electronPackage() {
  try {
    const manifest = createRequire(join(root, 'package.json')).resolve('electron/package.json')
    return { dir: dirname(manifest), version: createRequire(manifest)(manifest).version }
  } catch {
    return fail(
      `Cannot run ${commandLine}: the electron package is not in node_modules. Run \`npm install\` in ${root} first, then run the command again.`
    )
  }
}

/** The reason to show for a failed `require('electron')`, from the child's captured stderr. */
function reasonFrom(stderr, status) {
  const lines = stderr.split('\n').map((line) => line.trim())
  const marked = lines.find((line) => line.startsWith(FETCH_FAILURE_MARKER))
  if (marked) return marked.slice(FETCH_FAILURE_MARKER.length)
  // The installer prints `err.stack`; its first line is `<Name>Error: <message>`.
  return (
    lines.find((line) => /^[A-Za-z]*Error\b/.test(line)) ??
    lines.find((line) => line.length > 0) ??
    `the electron package's installer exited with status ${status}`
  )
}

/**
 * `require('electron')` in a child process: exactly the electron package's first-use path (it
 * downloads when the binary is missing, or returns the ELECTRON_OVERRIDE_DIST_PATH executable).
 * The child writes the resolved path to file descriptor 3, so the installer's own stdout (its
 * "Downloading Electron binary..." line) can go straight to the terminal.
 */
function resolveElectron({ version }) {
  const observer = pathToFileURL(resolve(import.meta.dirname, 'report-fetch-failures.mjs')).href
  const outcome = spawnSync(
    process.execPath,
    ['-e', "require('node:fs').writeSync(3, require('electron'))"],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'pipe', 'pipe'],
      // NODE_OPTIONS reaches the installer, which index.js starts as a process of its own.
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${observer}`.trim()
      }
    }
  )
  const executable = outcome.output?.[3]?.toString('utf8') ?? ''
  if (outcome.status !== 0 || !executable) {
    const reason =
      outcome.error?.message ?? reasonFrom(outcome.stderr?.toString('utf8') ?? '', outcome.status)
    fail(
      `Cannot run ${commandLine}: Electron ${version} is not installed yet, and the electron package could not download it (${reason}). ` +
        'It downloads Electron once, the first time it is started, from GitHub or from ELECTRON_MIRROR, and keeps the archive in its cache (electron_config_cache), so only that first start needs the network. ' +
        'Check the connection and run the command again; where GitHub is out of reach, set ELECTRON_MIRROR to a mirror you can reach (for example ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/); ' +
        'or, with Electron already unpacked on this machine, set ELECTRON_OVERRIDE_DIST_PATH to the folder that holds its executable.'
    )
  }
  return executable
}

/** The folder electron-builder should copy: where the electron package keeps the executable. */
function electronDist({ dir }) {
  return process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist')
}

function run(executable, pkg) {
  const builderArgs =
    command === 'electron-builder' ? [`--config.electronDist=${electronDist(pkg)}`] : []
  const child = spawn(command, [...args, ...builderArgs], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: executable },
    // npm's .bin entries are .cmd files on Windows, which only a shell runs.
    shell: process.platform === 'win32'
  })
  child.on('error', (error) => fail(`Cannot run ${commandLine}: ${error.message}.`))
  // Ctrl-C reaches the child through the terminal; staying alive lets its exit code come back.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (!command) fail('Usage: node scripts/with-electron.mjs <command> [args…]')

if (process.env.ELECTRON_EXEC_PATH) {
  // electron-vite's own override: the user has named the executable, so nothing to obtain.
  run(process.env.ELECTRON_EXEC_PATH, electronPackage())
} else {
  const pkg = electronPackage()
  const executable = resolveElectron(pkg)
  // The electron package returns the ELECTRON_OVERRIDE_DIST_PATH executable without looking at it
  // (it downloads only for its own dist folder), so a wrong override surfaces here, not as a spawn error.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override && !existsSync(executable)) {
    fail(
      `Cannot run ${commandLine}: ELECTRON_OVERRIDE_DIST_PATH is ${override}, but the electron package expects the executable at ${executable}, which does not exist. Point ELECTRON_OVERRIDE_DIST_PATH at the folder of an unpacked Electron ${pkg.version}, or unset it to let the electron package download Electron.`
    )
  }
  run(executable, pkg)
}
