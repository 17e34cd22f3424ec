/**
 * The demo's Obico server as a process of its own: the Obico fake on a plain `FakeServer` (no
 * fault injection, no `/__sandbox` control routes: this file imports neither, so the build of it
 * contains neither), seeded with the demo data, on a random 127.0.0.1 port. Electron runs the
 * built `out/main/demo-server.js` as a utility process; tests and the browser harness fork this
 * file with Node (`fork-demo-server.ts`). The protocol is in src/main/demo/demo-server-process.ts:
 * one `listening` message to the parent, then serve until SIGTERM or until the parent goes away.
 */
import type { DemoServerListening } from '../../../src/main/demo/demo-server-process'
import { FakeClock, FakeServer } from '../kit'
import { startObicoServer } from './obico-server'
import { DEMO_CLIENT_ID, DEMO_USER } from './seed'

/** `process.parentPort` in an Electron utility process (the child side of `utilityProcess.fork`). */
interface ParentPort {
  postMessage(message: unknown): void
}

/** The parent: Electron's utility-process port, or Node's IPC channel under `child_process.fork`. */
function tellParent(message: DemoServerListening): void {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort
  if (parentPort) parentPort.postMessage(message)
  else if (process.send) process.send(message)
  else throw new Error('the demo server runs only as a child process')
}

async function main(): Promise<void> {
  const server = new FakeServer({ name: 'obico-demo', clock: new FakeClock() })
  const obico = await startObicoServer(server, {
    host: '127.0.0.1',
    port: 0,
    seed: 'demo',
    loginHint: { username: DEMO_USER.email, password: DEMO_USER.password }
  })
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    // Closing removes the upload folder; exit even if that fails.
    void obico.close().finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // Node's fork: the IPC channel closes when the parent exits, however it exits. (Chromium ends
  // utility processes with the browser process itself.)
  process.on('disconnect', stop)
  tellParent({ type: 'listening', origin: obico.baseUrl, clientId: DEMO_CLIENT_ID })
}

main().catch((error: unknown) => {
  process.stderr.write(`The demo server could not start: ${String(error)}\n`)
  process.exit(1)
})
