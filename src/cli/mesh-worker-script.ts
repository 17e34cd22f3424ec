import type { MeshWorkerScript } from '../main/core/mesh/mesh-inspector'

/**
 * The mesh worker built beside the CLI bundle (`out/cli/mesh-worker.mjs`, vite.cli.config.mts).
 * `import.meta.url` is the bundle's own address once built.
 */
export function cliMeshWorkerScript(): MeshWorkerScript {
  return { path: new URL('./mesh-worker.mjs', import.meta.url) }
}
