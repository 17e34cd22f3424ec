import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '@shared': resolve(import.meta.dirname, 'src/shared'),
  '@renderer': resolve(import.meta.dirname, 'src/renderer/src')
}

/**
 * Three projects: `node` for core, main and sandbox tests; `cli` for the CLI tests, which spawn
 * the built CLI and so build it first (`test/cli/build-cli.ts`); `renderer` (jsdom) for React
 * code. Playwright end-to-end tests are separate (`playwright.config.ts`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/fakes-tests/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'cli',
          environment: 'node',
          include: ['test/cli/**/*.test.ts'],
          globalSetup: ['test/cli/build-cli.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts']
        }
      }
    ]
  }
})
