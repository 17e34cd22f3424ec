/**
 * Reads a model file and checks each mesh in it: the work a mesh worker does (mesh-worker.ts),
 * callable in-process too (tests, benchmarks).
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { MeshInspection } from '../../../shared/models/mesh'
import { encodeMeshPreview } from '../../../shared/mesh-preview'
import { analyzeMesh } from './analyze-mesh'
import { readMeshFile } from './read-mesh-file'

/** A file's inspection plus one preview buffer per mesh (same order as `entries`). */
export interface InspectedFile {
  inspection: MeshInspection
  previews: ArrayBuffer[]
}

export async function inspectMeshFile(
  path: string,
  options: { name?: string; preview?: boolean } = {}
): Promise<InspectedFile> {
  const name = options.name ?? basename(path)
  const { size } = await stat(path)
  const meshes = await readMeshFile(path, name)
  const entries = []
  const previews: ArrayBuffer[] = []
  for (const { name: entryName, format, mesh } of meshes) {
    const analysis = analyzeMesh(mesh, format)
    entries.push({ name: entryName, report: analysis.report })
    if (options.preview !== false) {
      previews.push(
        encodeMeshPreview({
          positions: mesh.positions,
          triangles: mesh.triangles,
          problemEdges: analysis.problemEdges,
          problemKinds: analysis.problemKinds
        })
      )
    }
  }
  return { inspection: { fileName: name, sizeBytes: size, entries }, previews }
}
