import { fork } from 'node:child_process'
import { join, resolve } from 'node:path'
import { awaitDemoServer, type DemoServer } from '../../../src/main/demo/demo-server-process'

const REPO_ROOT = resolve(__dirname, '..', '..', '..')

/** The demo server entries: the TypeScript source, and what `electron-vite build` makes of it. */
export const DEMO_SERVER_SOURCE = join(__dirname, 'demo-server.ts')
export const DEMO_SERVER_BUILD = join(REPO_ROOT, 'out', 'main', 'demo-server.js')

/**
 * The demo server as a child Node process, the way tests and the browser harness run it (the app
 * uses Electron's utilityProcess instead). The source entry runs through tsx's loader; pass
 * `DEMO_SERVER_BUILD` to run the bundle as built.
 */
export function forkDemoServer(entry: string = DEMO_SERVER_SOURCE): Promise<DemoServer> {
  const child = fork(entry, [], {
    cwd: REPO_ROOT,
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  return awaitDemoServer(child)
}
