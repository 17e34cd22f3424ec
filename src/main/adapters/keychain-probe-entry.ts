/**
 * The keychain probe as an Electron utility process (built as `out/main/keychain-probe.js` by
 * electron.vite.config.ts). It waits for one request from main, runs the round trip and posts the
 * report back. The request comes by message rather than argv so the probe value never shows in a
 * process list. A hang here is main's to end: it kills this process after its timeout.
 */
import { createRequire } from 'node:module'
import { isProbeRequest, keychainRoundTrip } from '../core/vault/keychain-probe'

const requireFromHere = createRequire(__filename)

process.parentPort.once('message', ({ data }) => {
  if (!isProbeRequest(data)) {
    process.parentPort.postMessage({
      ok: false,
      stage: 'child',
      message: 'malformed probe request'
    })
    return
  }
  try {
    const { Entry } = requireFromHere(data.modulePath) as typeof import('@napi-rs/keyring')
    process.parentPort.postMessage(keychainRoundTrip(Entry, data))
  } catch (error) {
    // The module failed to load (no prebuilt binary for this system).
    process.parentPort.postMessage({
      ok: false,
      stage: 'keyring',
      message: error instanceof Error ? error.message : String(error)
    })
  }
})
