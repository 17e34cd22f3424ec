/**
 * `SpawnDemoServer` for the desktop app: the demo's Obico server (the built
 * `out/main/demo-server.js`) as an Electron utility process, so it never shares the main
 * process's event loop. Chromium ends utility processes with the browser process, so the demo
 * server cannot outlive Printdock. Protocol and validation: src/main/demo/demo-server-process.ts.
 */
import { utilityProcess } from 'electron'
import { awaitDemoServer, type SpawnDemoServer } from '../demo/demo-server-process'

/** Spawns the demo server bundle at `entryPath` in a utility process. */
export function utilityProcessDemoServer(entryPath: string): SpawnDemoServer {
  return () =>
    awaitDemoServer(
      utilityProcess.fork(entryPath, [], {
        serviceName: 'Printdock demo server',
        // Its own few log lines (a failed start) go where main's go.
        stdio: 'inherit'
      })
    )
}
