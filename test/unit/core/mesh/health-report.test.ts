/**
 * The health report on the sample meshes (test/fixtures/SOURCES.md): the expected counts for each
 * broken mesh are written out here, worked out from the files independently of this code (see the
 * SOURCES.md table), and the clean meshes must show zero problems.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MeshHealthReport } from '../../../../src/shared/models/mesh'
import { inspectMeshFile } from '../../../../src/main/core/mesh/inspect-mesh'

const MESHES = join(import.meta.dirname, '../../../fixtures/meshes')

async function report(file: string): Promise<MeshHealthReport> {
  const { inspection } = await inspectMeshFile(join(MESHES, file), { preview: false })
  expect(inspection.entries).toHaveLength(1)
  return inspection.entries[0]!.report
}

const NO_PROBLEMS = {
  openEdges: 0,
  holes: 0,
  nonManifoldEdges: 0,
  degenerateTriangles: 0,
  inconsistentFaces: 0,
  inconsistentEdges: 0,
  printable: true,
  verdict: 'Looks printable.'
}

describe('health report: clean meshes', () => {
  it('binary STL whose header starts with "solid" (size rule decides)', async () => {
    const r = await report('plate-holes_binary-solid-header.stl')
    expect(r).toMatchObject({ format: 'stl-binary', triangles: 1252, shells: 1, ...NO_PROBLEMS })
    expect(r.size.x).toBeCloseTo(203.2, 3)
    expect(r.size.y).toBeCloseTo(304.8, 3)
    expect(r.size.z).toBeCloseTo(12.7, 3)
    expect(r.volumeMm3).toBeCloseTo(767_362, -1)
    // 304.8 mm long: only the 350 mm bed takes it.
    expect(r.beds.filter((b) => b.fits).map((b) => b.size[0])).toEqual([350])
  })

  it('ASCII STL 20 mm cube', async () => {
    const r = await report('20mm-box_ascii.stl')
    expect(r).toMatchObject({
      format: 'stl-ascii',
      triangles: 12,
      vertices: 8,
      shells: 1,
      size: { x: 20, y: 20, z: 20 },
      volumeMm3: 8000,
      ...NO_PROBLEMS
    })
    expect(r.beds.every((b) => b.fits)).toBe(true)
  })

  it('OBJ with f v//vn faces and three shells', async () => {
    const r = await report('extruder-idler.obj')
    expect(r).toMatchObject({
      format: 'obj',
      triangles: 3586,
      vertices: 1781,
      shells: 3,
      ...NO_PROBLEMS
    })
    expect(r.volumeMm3).toBeCloseTo(5431, 0)
  })

  it('3MF: components and build-item transforms are applied', async () => {
    const r = await report('cube-and-sphere_thumbnail.3mf')
    expect(r).toMatchObject({ format: '3mf', triangles: 5132, shells: 2, ...NO_PROBLEMS })
    // Cube 0..39.998 moved by (-19.999, -62.998, 0); sphere 0.0912..40.0912 moved by 32.7103 in x.
    expect(r.min[0]).toBeCloseTo(-19.999, 3)
    expect(r.max[0]).toBeCloseTo(72.8015, 3)
    expect(r.min[1]).toBeCloseTo(-20, 3)
    expect(r.max[1]).toBeCloseTo(20, 3)
    expect(r.min[2]).toBeCloseTo(0, 3)
    expect(r.max[2]).toBeCloseTo(40, 3)
    // A 40 mm cube (64,000 mm³) plus a tessellated 20 mm-radius sphere (just under 33,510 mm³).
    expect(r.volumeMm3!).toBeGreaterThan(97_000)
    expect(r.volumeMm3!).toBeLessThan(97_510)
  })
})

describe('health report: broken meshes', () => {
  it('flipped facet: closed, 1 triangle wound the wrong way, 3 disagreeing edges', async () => {
    const r = await report('broken_block_flipped-facet_ascii.stl')
    expect(r).toMatchObject({
      triangles: 12,
      vertices: 8,
      shells: 1,
      openEdges: 0,
      holes: 0,
      nonManifoldEdges: 0,
      degenerateTriangles: 0,
      inconsistentFaces: 1,
      inconsistentEdges: 3,
      volumeMm3: null,
      printable: false
    })
    expect(r.verdict).toBe('Needs repair, because 1 triangle faces the wrong way.')
  })

  it('conveyor: one triangular hole (3 open edges) and 34 zero-area triangles', async () => {
    const r = await report('broken_conveyor_hole-degenerate_ascii.stl')
    expect(r).toMatchObject({
      triangles: 855,
      shells: 1,
      openEdges: 3,
      holes: 1,
      nonManifoldEdges: 0,
      degenerateTriangles: 34,
      inconsistentFaces: 0,
      volumeMm3: null,
      printable: false
    })
    expect(r.verdict).toBe(
      'Needs repair, because it is not closed (1 hole, 3 open edges); and 34 triangles have no area.'
    )
  })

  it('teapot: open rims (64 open edges in 6 loops), 3 shells', async () => {
    const r = await report('broken_teapot_open-zero-normals.stl')
    expect(r).toMatchObject({
      format: 'stl-binary',
      triangles: 894,
      vertices: 480,
      shells: 3,
      openEdges: 64,
      holes: 6,
      nonManifoldEdges: 0,
      degenerateTriangles: 0,
      inconsistentFaces: 0,
      volumeMm3: null,
      printable: false
    })
  })
})
