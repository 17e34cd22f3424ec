/**
 * A reachable Secret Service for tests that need a real keychain.
 *
 * 1. The ambient one, when the suite runs under
 *    `dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; …'`
 *    (the lead's CI);
 * 2. else a private one: this module starts `dbus-run-session` + `gnome-keyring-daemon` with HOME in
 *    a temp folder (so the developer's own keyring is never touched) and stops it afterwards;
 * 3. else none, with the reason, so the tests skip and say why (or fail, where CI or
 *    PRINTDOCK_REQUIRE_KEYRING requires a keychain: `reportMissingKeyring`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { detectSecretBackend } from '../../../../src/main/core/vault/detect-secret-backend'

/** The repo root (tests resolve paths from it, never from the cwd). */
export const REPO_ROOT = resolve(__dirname, '../../../..')
/** tsx's CLI: children run TypeScript scripts with `node <tsx cli> script.ts`. */
export const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs')

/** A Secret Service the tests may use. */
export interface SecretServiceFixture {
  /** Environment for children (and for in-process probes) that reaches the service. */
  env: NodeJS.ProcessEnv
  origin: 'ambient' | 'private'
  stop(): Promise<void>
}

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0

async function startPrivate(): Promise<{ fixture?: SecretServiceFixture; reason?: string }> {
  const home = mkdtempSync(join(tmpdir(), 'printdock-keyring-'))
  const script =
    'printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ' +
    'echo "ADDR=$DBUS_SESSION_BUS_ADDRESS"; exec sleep 900'
  const child: ChildProcess = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home },
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true
  })
  const stop = async () => {
    // Our own process group: dbus-run-session, its dbus-daemon, the keyring daemon and sleep.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // Already gone.
      }
    }
    rmSync(home, { recursive: true, force: true })
  }
  const address = await new Promise<string | undefined>((done) => {
    let out = ''
    const timer = setTimeout(() => done(undefined), 10_000)
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const match = /ADDR=(\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        done(match[1])
      }
    })
    child.on('exit', () => done(undefined))
  })
  if (!address) {
    await stop()
    return { reason: 'could not start a private dbus-run-session with gnome-keyring-daemon' }
  }
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }
  const status = await detectSecretBackend({ env, timeoutMs: 8000 })
  if (!status.available) {
    await stop()
    return { reason: `private gnome-keyring did not work: ${status.reason}` }
  }
  return { fixture: { env, origin: 'private', stop } }
}

/** Finds or starts a Secret Service; `reason` explains why there is none. */
export async function provideSecretService(): Promise<{
  fixture?: SecretServiceFixture
  reason?: string
}> {
  if (process.platform !== 'linux') {
    return {
      reason: `the real-keychain tests target the Linux Secret Service (this is ${process.platform})`
    }
  }
  const ambient = await detectSecretBackend({ timeoutMs: 8000 })
  if (ambient.available)
    return { fixture: { env: process.env, origin: 'ambient', stop: async () => {} } }
  if (!onPath('dbus-run-session') || !onPath('gnome-keyring-daemon')) {
    return {
      reason:
        `no Secret Service reachable (${ambient.reason}) and dbus-run-session/gnome-keyring-daemon ` +
        'are not installed (apt-get install gnome-keyring dbus)'
    }
  }
  const started = await startPrivate()
  return started.fixture ? started : { reason: `${ambient.reason}; ${started.reason}` }
}

/** True for a set flag: `1`, `true`, `yes`… anything but empty, `0` or `false`. */
function flagSet(value: string | undefined): boolean {
  if (value === undefined) return false
  const v = value.trim().toLowerCase()
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no'
}

/**
 * Why the real-keychain tests must run here, or undefined when they may skip.
 *
 * CI wraps `npm test` in a private D-Bus session with gnome-keyring, so a missing Secret Service
 * there is a broken setup, not a reason to skip: a skip would let the keychain path go untested
 * without anyone noticing. Developers without a keyring still get the printed-reason skip.
 */
export function keyringRequiredBy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flagSet(env.PRINTDOCK_REQUIRE_KEYRING)) return 'PRINTDOCK_REQUIRE_KEYRING is set'
  if (flagSet(env.CI)) return 'CI is set'
  return undefined
}

/**
 * Says why the real-keychain tests do not run: a warning on a developer machine, an error when
 * they are required (`keyringRequiredBy`). Returns the error for the caller to fail a test with,
 * so the run reports a named failure instead of dying while loading the file.
 */
export function reportMissingKeyring(label: string, reason: string | undefined): Error | undefined {
  const requiredBy = keyringRequiredBy()
  if (!requiredBy) {
    console.warn(`[${label}] real Secret Service tests skipped: ${reason}`)
    return undefined
  }
  return new Error(
    `[${label}] a real Secret Service is required (${requiredBy}) but none is usable: ${reason}`
  )
}
