import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { KEYCHAIN_SERVICE, keyringModulePath } from './keyring-module'
import {
  isProbeReport,
  superviseProbe,
  type KeychainProbeReport,
  type KeychainProbeRequest,
  type KeychainProbeRunner
} from './keychain-probe'

/** Whether the OS keychain can hold Printdock's secrets right now, and why (plain words). */
export interface SecretBackendStatus {
  available: boolean
  reason: string
}

/** Options for `detectSecretBackend`; the defaults are the real machine. */
export interface DetectSecretBackendOptions {
  /** Give up (and call the keychain unavailable) after this long. Default 5000 ms. */
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  /** Service of the probe item; tests pass their own to stay clear of real items. */
  service?: string
  /**
   * Where the round trip runs. Default: a plain Node child (`nodeChildProbe`), for the CLI. The
   * app passes a utility-process runner, as its packaged binary has the RunAsNode fuse off.
   */
  runProbe?: KeychainProbeRunner
}

/** The probe item: written, read back and deleted by a child process. */
const PROBE_ACCOUNT = 'printdock-keychain-probe'

/**
 * Runs in a plain Node child (`node -e`), so a keychain that never answers can be killed.
 * `new Entry(...)` connects to D-Bus synchronously and blocks forever on a bus socket that accepts
 * but never replies (seen while writing this module), so an in-process probe could freeze
 * start-up. Plain CommonJS on purpose: the child has no TypeScript loader. The same steps as
 * `keychainRoundTrip`, which the app's utility process runs.
 */
const PROBE_SCRIPT = `
const [modulePath, service, account, value] = process.argv.slice(1)
const report = (result) => process.stdout.write(JSON.stringify(result) + '\\n')
try {
  const { Entry } = require(modulePath)
  const entry = new Entry(service, account, { linux: { store: 'secret-service' } })
  entry.setPassword(value)
  const back = entry.getPassword()
  entry.deletePassword()
  report(back === value ? { ok: true } : { ok: false, stage: 'verify', message: 'read back a different value' })
} catch (error) {
  report({ ok: false, stage: 'keyring', message: String((error && error.message) || error) })
}
`

/** Turns a keyring error into words a person can act on (it never contains the probe value). */
function explain(message: string, platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    if (
      /autolaunch|Failed to connect to socket|Could not connect|DBUS_SESSION_BUS_ADDRESS/i.test(
        message
      )
    ) {
      return `No D-Bus session bus is reachable, so the Secret Service can't be used (${message}).`
    }
    if (
      /no result found|ServiceUnknown|was not provided|org\.freedesktop\.secrets|No such interface/i.test(
        message
      )
    ) {
      return `No Secret Service answered on D-Bus: start and unlock GNOME Keyring, KWallet (with its Secret Service bridge) or KeePassXC (${message}).`
    }
    if (/lock|prompt|dismiss/i.test(message)) return `The keyring is locked (${message}).`
  }
  if (/Cannot find module|not supported|no prebuilt|ERR_DLOPEN/i.test(message)) {
    return `The keychain module isn't available on this system (${message}).`
  }
  return `The system keychain refused a test item (${message}).`
}

function noSessionBus(env: NodeJS.ProcessEnv): boolean {
  if (env.DBUS_SESSION_BUS_ADDRESS?.trim()) return false
  // libdbus also finds the systemd user bus at $XDG_RUNTIME_DIR/bus without the variable.
  const runtime = env.XDG_RUNTIME_DIR?.trim()
  return !(runtime && existsSync(join(runtime, 'bus')))
}

/**
 * Probes the OS keychain with a real round trip (write, read back, delete a probe item) in a child
 * process with a timeout.
 *
 * On Linux this proves that a D-Bus session exists and that `org.freedesktop.secrets` is owned or
 * activatable and unlocked; entries are pinned to the Secret Service, so kernel keyutils (which
 * loses everything at reboot) never counts as "available". Never throws.
 */
export async function detectSecretBackend(
  options: DetectSecretBackendOptions = {}
): Promise<SecretBackendStatus> {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const timeoutMs = options.timeoutMs ?? 5000
  if (platform === 'linux' && noSessionBus(env)) {
    return {
      available: false,
      reason:
        "No D-Bus session bus is running (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service can't be reached."
    }
  }
  let modulePath: string
  try {
    modulePath = keyringModulePath()
  } catch (error) {
    return { available: false, reason: explain((error as Error).message, platform) }
  }
  const value = randomBytes(16).toString('hex')
  const runProbe = options.runProbe ?? nodeChildProbe(env)
  const report = await runProbe(
    { modulePath, service: options.service ?? KEYCHAIN_SERVICE, account: PROBE_ACCOUNT, value },
    timeoutMs
  )
  if (report === 'timeout') {
    return {
      available: false,
      reason: `The system keychain didn't answer within ${Math.round(timeoutMs / 100) / 10} seconds.`
    }
  }
  if (report.ok)
    return { available: true, reason: describeKeychain(platform) + ' answered a test item.' }
  return { available: false, reason: explain(report.message, platform) }
}

/** The keychain's name on this OS, for the UI and the CLI. */
export function describeKeychain(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain'
  if (platform === 'win32') return 'Windows Credential Manager'
  return 'Secret Service (GNOME Keyring, KWallet or KeePassXC)'
}

/**
 * Runs the probe as `node -e` in a child of this process's own executable. Meant for plain Node
 * (the CLI, tests): inside a packaged Electron app with RunAsNode off, the child would start a
 * second app instead (docs/decisions/0014).
 */
export function nodeChildProbe(env: NodeJS.ProcessEnv = process.env): KeychainProbeRunner {
  return (request: KeychainProbeRequest, timeoutMs: number) =>
    superviseProbe(timeoutMs, (finish) => {
      const childEnv: NodeJS.ProcessEnv = { ...env }
      // A parent's loader flags (tsx, inspectors) only slow the child down.
      delete childEnv.NODE_OPTIONS
      const { modulePath, service, account, value } = request
      const child = spawn(
        process.execPath,
        ['-e', PROBE_SCRIPT, modulePath, service, account, value],
        {
          env: childEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
          windowsHide: true
        }
      )
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr
        .setEncoding('utf8')
        .on('data', (chunk: string) => (stderr += chunk.slice(0, 2000)))
      child.on('error', (error) => finish({ ok: false, stage: 'spawn', message: error.message }))
      child.on('close', (code) => finish(readReport(stdout, stderr, code)))
      return { kill: () => child.kill('SIGKILL') }
    })
}

/** The child's last stdout line is its report; without one, its first stderr line says why. */
function readReport(stdout: string, stderr: string, code: number | null): KeychainProbeReport {
  const line = stdout.trim().split('\n').pop() ?? ''
  try {
    const report: unknown = JSON.parse(line)
    if (isProbeReport(report)) return report
  } catch {
    // Not JSON: the child died before reporting; fall through to its stderr.
  }
  const detail = stderr.trim().split('\n')[0] || `probe exited with code ${code}`
  return { ok: false, stage: 'child', message: detail }
}
