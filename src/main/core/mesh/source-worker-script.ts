import { join } from 'node:path'
import type { MeshWorkerScript } from './mesh-inspector'

/**
 * The worker run from its TypeScript source through tsx: for tests, the harness and benchmarks,
 * which run the sources rather than a build. `repoRoot` comes from the caller, whose module
 * format (ESM under vitest, CommonJS under Playwright) decides how it can know its own place.
 */
export function sourceMeshWorkerScript(repoRoot: string): MeshWorkerScript {
  return {
    path: join(repoRoot, 'src/main/core/mesh/mesh-worker.ts'),
    execArgv: ['--import', 'tsx']
  }
}
