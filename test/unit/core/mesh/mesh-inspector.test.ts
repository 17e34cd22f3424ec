import { join } from 'node:path'
import { isMainThread } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { decodeMeshPreview } from '../../../../src/shared/mesh-preview'
import { AppError } from '../../../../src/main/core/errors'
import { createMeshInspector } from '../../../../src/main/core/mesh/mesh-inspector'
import { sourceMeshWorkerScript } from '../../../../src/main/core/mesh/source-worker-script'

const MESHES = join(import.meta.dirname, '../../../fixtures/meshes')

describe('MeshInspector (worker threads)', () => {
  const inspector = createMeshInspector({
    script: sourceMeshWorkerScript(join(import.meta.dirname, '../../../..'))
  })

  it('inspects on a worker and moves the preview buffer back', async () => {
    expect(isMainThread).toBe(true)
    const { inspection, previews } = await inspector.inspect(
      join(MESHES, 'broken_conveyor_hole-degenerate_ascii.stl'),
      'conveyor.stl'
    )
    expect(inspection.fileName).toBe('conveyor.stl')
    expect(inspection.entries[0]!.report.openEdges).toBe(3)
    const preview = decodeMeshPreview(previews[0]!)
    expect(preview.triangles.length).toBe(855 * 3)
    expect(preview.problemKinds.length).toBe(3)
  })

  it('runs several jobs and turns a parse failure into a coded error', async () => {
    const [good, bad] = await Promise.allSettled([
      inspector.inspect(join(MESHES, '20mm-box_ascii.stl'), 'box.stl'),
      inspector.inspect(join(MESHES, '../SOURCES.md'), 'SOURCES.md')
    ])
    expect(good.status).toBe('fulfilled')
    expect(bad.status).toBe('rejected')
    const error = (bad as PromiseRejectedResult).reason as AppError
    expect(error).toBeInstanceOf(AppError)
    expect(error.code).toBe('mesh/not-a-mesh')
  })

  it('cancels a job through its signal', async () => {
    const controller = new AbortController()
    const job = inspector.inspect(join(MESHES, 'extruder-idler.obj'), 'idler.obj', {
      signal: controller.signal
    })
    controller.abort()
    await expect(job).rejects.toMatchObject({ code: 'operation/cancelled' })
  })
})
