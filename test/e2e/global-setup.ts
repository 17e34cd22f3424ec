/**
 * Builds the production renderer into out/renderer before the end-to-end tests, with the same
 * settings as the Electron build (vite.renderer.config.ts reads electron.vite.config.ts).
 */
import { join } from 'node:path'
import { build } from 'vite'

const ROOT = join(__dirname, '..', '..')

/** Playwright global setup. */
export default async function globalSetup(): Promise<void> {
  if (process.env.PRINTDOCK_E2E_SKIP_BUILD === '1') {
    process.stdout.write('e2e: PRINTDOCK_E2E_SKIP_BUILD=1, reusing out/renderer\n')
    return
  }
  await build({
    configFile: join(ROOT, 'vite.renderer.config.ts'),
    root: join(ROOT, 'src/renderer'),
    logLevel: 'warn'
  })
}
