import { fileURLToPath } from 'node:url'
import type { MeshWorkerScript } from './mesh-inspector'

/**
 * The worker run from its TypeScript source through tsx: for tests, the harness and benchmarks,
 * which run the sources rather than a build.
 */
export function sourceMeshWorkerScript(): MeshWorkerScript {
  return {
    path: fileURLToPath(new URL('./mesh-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx']
  }
}
