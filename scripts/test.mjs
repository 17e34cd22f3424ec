#!/usr/bin/env node
// `npm test`: every check the project has, in one run, ending with one line that adds them up.
//
// Steps: typecheck, lint, Vitest (node, cli and renderer projects; the cli project builds
// out/cli/printdock.mjs first, so the CLI tests run the built command), the renderer production
// build, and Playwright end-to-end tests in real Chromium through the full-stack harness. Vitest and
// Playwright write JSON reports; this script reads them and prints `N passed, N failed, N skipped`
// as its last line (CI reads that line, not the runners' own summaries). Typecheck, lint and the
// Prettier check count as one check each. The exit code is non-zero when anything failed.
//
// The keychain tests need a Secret Service (gnome-keyring): CI starts one in a private D-Bus
// session; on a desktop the session's own keyring is used; without one they skip and say why.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const results = resolve(root, 'test-results')
rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

// Which Node ran the tests belongs in every log: the main process runs on Electron 45's Node 24,
// and a run on another version says less about the app (.ci/run installs Node 24 where needed).
process.stdout.write(`npm test on Node ${process.version} (${process.execPath})\n`)

const totals = { passed: 0, failed: 0, skipped: 0 }
const failures = []

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`)
  const started = Date.now()
  const outcome = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env }
  })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  process.stdout.write(`=== ${label}: exit ${outcome.status ?? outcome.signal} in ${seconds}s\n`)
  return outcome.status === 0
}

function check(label, command, args) {
  if (run(label, command, args)) totals.passed += 1
  else {
    totals.failed += 1
    failures.push(label)
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

check('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.node.json'])
check('typecheck (renderer)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.web.json'])
check('lint', npx, ['eslint', '.'])
check('format', npx, ['prettier', '--check', '.'])

const vitestReport = resolve(results, 'vitest.json')
const vitestOk = run('vitest', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`
])
const vitest = readJson(vitestReport)
if (vitest) {
  totals.passed += vitest.numPassedTests ?? 0
  totals.failed += vitest.numFailedTests ?? 0
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0)
  if (!vitestOk && !vitest.numFailedTests) {
    // A suite that failed to load has no failed tests but still failed.
    totals.failed += 1
    failures.push('vitest (a test file failed to load)')
  } else if (vitest.numFailedTests) failures.push('vitest')
} else {
  totals.failed += 1
  failures.push('vitest (no report)')
}

const built = run('renderer build', npx, ['electron-vite', 'build'])
if (!built) {
  totals.failed += 1
  failures.push('renderer build')
}

const playwrightReport = resolve(results, 'playwright.json')
if (built) {
  const playwrightOk = run('playwright', npx, ['playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    PRINTDOCK_E2E_SKIP_BUILD: '1'
  })
  const report = readJson(playwrightReport)
  if (report?.stats) {
    totals.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0)
    totals.failed += report.stats.unexpected ?? 0
    totals.skipped += report.stats.skipped ?? 0
    if (report.stats.unexpected) failures.push('playwright')
    if (!playwrightOk && !report.stats.unexpected) {
      totals.failed += 1
      failures.push('playwright (run failed)')
    }
  } else {
    totals.failed += 1
    failures.push('playwright (no report)')
  }
}

if (!existsSync(resolve(root, 'out/renderer/index.html')) && built) {
  totals.failed += 1
  failures.push('renderer build produced no index.html')
}

process.stdout.write('\n')
if (failures.length) process.stdout.write(`Failed: ${failures.join(', ')}\n`)
process.stdout.write(
  `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`
)
process.exit(totals.failed === 0 ? 0 : 1)
