/**
 * The mesh worker thread's entry: inspects one file per message, off the thread that asked, and
 * sends the preview buffers back as transfers (moved, not copied). Built as its own script beside
 * the app's main bundle and beside the CLI (electron.vite.config.ts, vite.cli.config.mts).
 */
import { parentPort } from 'node:worker_threads'
import { toErrorDto } from '../errors'
import { inspectMeshFile } from './inspect-mesh'
import type { MeshJob, MeshJobReply } from './mesh-worker-protocol'

const port = parentPort
if (port) {
  port.on('message', (job: MeshJob) => {
    inspectMeshFile(job.path, { name: job.name, preview: job.preview })
      .then(({ inspection, previews }) => {
        const reply: MeshJobReply = { id: job.id, ok: true, inspection, previews }
        port.postMessage(reply, previews)
      })
      .catch((error: unknown) => {
        const reply: MeshJobReply = { id: job.id, ok: false, error: toErrorDto(error) }
        port.postMessage(reply)
      })
  })
}
