/**
 * The keychain probe's protocol, shared by the two ways of running it: a plain Node child (the
 * CLI, `detect-secret-backend.ts`) and an Electron utility process (the app,
 * `src/main/adapters/keychain-probe-utility.ts`). Either way the round trip runs outside the
 * caller's process, so a D-Bus that accepts but never answers can be killed instead of freezing
 * start-up (docs/decisions/0002, 0014).
 */

/** What the probe is asked to do: load the keyring module from `modulePath`, then write, read
 * back and delete the item (`service`, `account`) holding `value` (random, never a secret). */
export interface KeychainProbeRequest {
  modulePath: string
  service: string
  account: string
  value: string
}

/** The probe's answer; `stage` says where it failed (spawn, keyring, verify, child). */
export type KeychainProbeReport = { ok: true } | { ok: false; stage: string; message: string }

/** Runs one probe and settles within `timeoutMs` ('timeout' once the probe has been killed). */
export type KeychainProbeRunner = (
  request: KeychainProbeRequest,
  timeoutMs: number
) => Promise<KeychainProbeReport | 'timeout'>

/** The part of `@napi-rs/keyring`'s synchronous `Entry` the round trip uses. */
interface SyncEntryConstructor {
  new (
    service: string,
    account: string,
    options: { linux: { store: 'secret-service' } }
  ): {
    setPassword(value: string): void
    getPassword(): string | null
    deletePassword(): boolean
  }
}

/**
 * The round trip itself, for a probe process that can load TypeScript-built code (the utility
 * process). The CLI's `node -e` child carries the same steps as a script string, since it has no
 * bundle to load. Synchronous on purpose: it runs in a process of its own, which is killed when
 * it hangs.
 */
export function keychainRoundTrip(
  Entry: SyncEntryConstructor,
  request: Pick<KeychainProbeRequest, 'service' | 'account' | 'value'>
): KeychainProbeReport {
  try {
    const entry = new Entry(request.service, request.account, {
      linux: { store: 'secret-service' }
    })
    entry.setPassword(request.value)
    const back = entry.getPassword()
    entry.deletePassword()
    return back === request.value
      ? { ok: true }
      : { ok: false, stage: 'verify', message: 'read back a different value' }
  } catch (error) {
    return { ok: false, stage: 'keyring', message: errorMessage(error) }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A started probe, as `superviseProbe` sees it: something it can kill. */
export interface StartedProbe {
  kill(): void
}

/**
 * Settles a probe exactly once: with the first report `start`'s `finish` receives, or with
 * 'timeout' after `timeoutMs`, killing the probe then. `start` wires its process's events to
 * `finish` and returns the process.
 */
export function superviseProbe(
  timeoutMs: number,
  start: (finish: (report: KeychainProbeReport) => void) => StartedProbe
): Promise<KeychainProbeReport | 'timeout'> {
  return new Promise((resolve) => {
    let settled = false
    let probe: StartedProbe | undefined
    const settle = (result: KeychainProbeReport | 'timeout') => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    const timer = setTimeout(() => {
      settle('timeout')
      probe?.kill()
    }, timeoutMs)
    try {
      probe = start(settle)
    } catch (error) {
      settle({ ok: false, stage: 'spawn', message: errorMessage(error) })
    }
  })
}

/** Checks that a message from a probe process is a report (it crosses a process boundary). */
export function isProbeReport(value: unknown): value is KeychainProbeReport {
  if (typeof value !== 'object' || value === null) return false
  const report = value as Record<string, unknown>
  if (report.ok === true) return true
  return (
    report.ok === false && typeof report.stage === 'string' && typeof report.message === 'string'
  )
}

/** Checks a request crossing into a probe process (only main sends one, but it is a boundary). */
export function isProbeRequest(value: unknown): value is KeychainProbeRequest {
  if (typeof value !== 'object' || value === null) return false
  const request = value as Record<string, unknown>
  return ['modulePath', 'service', 'account', 'value'].every(
    (key) => typeof request[key] === 'string'
  )
}
