/**
 * `KeychainProbeRunner` for the desktop app: the probe (`out/main/keychain-probe.js`, from
 * keychain-probe-entry.ts) in an Electron utility process. The packaged app has the RunAsNode
 * fuse off, so it cannot run its own binary as Node the way the CLI runs `node -e`
 * (docs/decisions/0014). A utility process is still a process of its own: a keychain that never
 * answers is killed after the timeout and start-up goes on.
 */
import { utilityProcess } from 'electron'
import {
  isProbeReport,
  superviseProbe,
  type KeychainProbeRunner
} from '../core/vault/keychain-probe'

/** Runs each probe in a fresh utility process forked from `entryPath`. */
export function utilityProcessKeychainProbe(entryPath: string): KeychainProbeRunner {
  return (request, timeoutMs) =>
    superviseProbe(timeoutMs, (finish) => {
      const child = utilityProcess.fork(entryPath, [], {
        serviceName: 'Printdock keychain probe',
        // Its output is not part of the protocol (the report comes as a message).
        stdio: 'ignore'
      })
      child.once('message', (message: unknown) => {
        finish(
          isProbeReport(message)
            ? message
            : { ok: false, stage: 'child', message: 'the probe sent something other than a report' }
        )
        child.kill()
      })
      child.once('exit', (code: number) =>
        finish({
          ok: false,
          stage: 'child',
          message: `probe exited with code ${code} before reporting`
        })
      )
      child.once('spawn', () => child.postMessage(request))
      return { kill: () => child.kill() }
    })
}
