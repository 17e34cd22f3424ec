/**
 * What the composition root gets in main tests unless a test says otherwise: a fresh in-memory
 * vault, a browser that opens nothing, no log, the system clock, the demo server forked as in
 * the app, no environment, the custom scheme available.
 */
import type { ComposeDeps } from '../../../src/main/compose-services'
import { systemClock } from '../../../src/main/core/clock'
import { nullLogger } from '../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../src/main/core/vault/token-vault'
import { forkDemoServer } from '../../fakes/obico/fork-demo-server'

/** The deps for `composeServices` in `dataDir`, with `overrides` on top. */
export function testComposeDeps(
  dataDir: string,
  overrides: Partial<ComposeDeps> = {}
): ComposeDeps {
  return {
    dataDir,
    vault: { vault: new InMemoryTokenVault() },
    browser: { open: async () => {} },
    logger: nullLogger,
    clock: systemClock,
    spawnDemoServer: forkDemoServer,
    env: {},
    customSchemeAvailable: true,
    appMeta: {
      name: 'Printdock',
      version: '0.0.0-test',
      platform: process.platform,
      harness: true
    },
    ...overrides
  }
}
