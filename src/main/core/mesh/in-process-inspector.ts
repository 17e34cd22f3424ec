import { inspectMeshFile } from './inspect-mesh'
import type { MeshInspector } from './mesh-inspector'

/**
 * Checks meshes on the calling thread: for shells that ship no worker script (unit tests of other
 * services). The app and the CLI always pass a worker.
 */
export function inProcessMeshInspector(): MeshInspector {
  return {
    inspect: (path, name, options = {}) => inspectMeshFile(path, { name, preview: options.preview })
  }
}
