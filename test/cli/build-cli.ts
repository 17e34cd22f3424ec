/**
 * Vitest globalSetup of the `cli` project: builds `out/cli/printdock.mjs` from the current source
 * before the CLI tests spawn it, so they run exactly what `npx printdock` runs, never a stale or
 * missing build (a fresh clone's `npm test` included). The build takes well under a second.
 */
import { resolve } from 'node:path'
import { build } from 'vite'

export default async function buildCli(): Promise<void> {
  await build({ configFile: resolve(__dirname, '../../vite.cli.config.mts'), logLevel: 'warn' })
}
