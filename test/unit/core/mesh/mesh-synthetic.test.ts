/**
 * Cases the sample files do not hold, built in the test: non-manifold edges, a ZIP of models,
 * truncated and foreign files, the content sniffer and the preview buffer.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeMeshPreview } from '../../../../src/shared/mesh-preview'
import { detectKind } from '../../../../src/main/core/files/detect-kind'
import { EDGE_KIND } from '../../../../src/main/core/mesh/analyze-mesh'
import { inspectMeshFile } from '../../../../src/main/core/mesh/inspect-mesh'
import { MeshError } from '../../../../src/main/core/mesh/mesh-error'

const MESHES = join(import.meta.dirname, '../../../fixtures/meshes')
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'printdock-mesh-'))
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

type Tri = [number, number, number][]

function binaryStl(triangles: Tri[], header = 'test'): Buffer {
  const out = Buffer.alloc(84 + 50 * triangles.length)
  out.write(header, 0, 'latin1')
  out.writeUInt32LE(triangles.length, 80)
  triangles.forEach((tri, i) => {
    tri.flat().forEach((value, k) => out.writeFloatLE(value, 84 + i * 50 + 12 + k * 4))
  })
  return out
}

/** A closed tetrahedron, outward winding. */
const TETRA: Tri[] = [
  [
    [0, 0, 0],
    [0, 1, 0],
    [1, 0, 0]
  ],
  [
    [0, 0, 0],
    [1, 0, 0],
    [0, 0, 1]
  ],
  [
    [0, 0, 0],
    [0, 0, 1],
    [0, 1, 0]
  ],
  [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1]
  ]
]

async function errorOf(path: string): Promise<MeshError> {
  try {
    await inspectMeshFile(path)
  } catch (error) {
    if (error instanceof MeshError) return error
    throw error
  }
  throw new Error('expected a MeshError')
}

describe('synthetic meshes', () => {
  it('a closed tetrahedron: volume 1/6, no problems, and the preview carries its mesh', async () => {
    const path = join(dir, 'tetra.stl')
    await writeFile(path, binaryStl(TETRA))
    const { inspection, previews } = await inspectMeshFile(path)
    const r = inspection.entries[0]!.report
    expect(r).toMatchObject({ triangles: 4, vertices: 4, shells: 1, printable: true })
    expect(r.volumeMm3).toBeCloseTo(1 / 6, 6)
    const preview = decodeMeshPreview(previews[0]!)
    expect(preview.positions.length).toBe(12)
    expect(preview.triangles.length).toBe(12)
    expect(preview.problemKinds.length).toBe(0)
  })

  it('a fin on one edge: non-manifold edge, reported and in the preview', async () => {
    const fin: Tri = [
      [0, 0, 0],
      [1, 0, 0],
      [0, -1, -1]
    ]
    const path = join(dir, 'fin.stl')
    await writeFile(path, binaryStl([...TETRA, fin]))
    const { inspection, previews } = await inspectMeshFile(path)
    const r = inspection.entries[0]!.report
    expect(r.nonManifoldEdges).toBe(1)
    // The fin's other two edges are open.
    expect(r.openEdges).toBe(2)
    expect(r.printable).toBe(false)
    expect(r.verdict).toContain('1 edge is shared by more than two triangles')
    const preview = decodeMeshPreview(previews[0]!)
    expect([...preview.problemKinds].sort()).toEqual([
      EDGE_KIND.open,
      EDGE_KIND.open,
      EDGE_KIND.nonManifold
    ])
  })

  it('a ZIP of models gives one report per model', async () => {
    const box = await readFile(join(MESHES, '20mm-box_ascii.stl'))
    const zip = zipSync({
      'parts/box.stl': new Uint8Array(box),
      'parts/tetra.stl': new Uint8Array(binaryStl(TETRA)),
      'readme.txt': new TextEncoder().encode('hello')
    })
    const path = join(dir, 'parts.zip')
    await writeFile(path, zip)
    const { inspection, previews } = await inspectMeshFile(path)
    expect(inspection.entries.map((e) => [e.name, e.report.triangles])).toEqual([
      ['parts/box.stl', 12],
      ['parts/tetra.stl', 4]
    ])
    expect(previews).toHaveLength(2)
  })

  it('a binary STL cut short says how many triangles are missing', async () => {
    const whole = await readFile(join(MESHES, 'broken_teapot_open-zero-normals.stl'))
    const path = join(dir, 'cut.stl')
    await writeFile(path, whole.subarray(0, 30_000))
    const error = await errorOf(path)
    expect(error.code).toBe('mesh/truncated')
    expect(error.message).toContain('894 triangles')
  })

  it('an ASCII STL cut short is truncated, not silently smaller', async () => {
    const whole = await readFile(join(MESHES, '20mm-box_ascii.stl'), 'latin1')
    const path = join(dir, 'cut-ascii.stl')
    await writeFile(path, whole.slice(0, 1500))
    expect((await errorOf(path)).code).toBe('mesh/truncated')
  })

  it('a damaged 3MF is reported as damaged', async () => {
    const whole = await readFile(join(MESHES, 'cube-and-sphere_thumbnail.3mf'))
    const path = join(dir, 'cut.3mf')
    await writeFile(path, whole.subarray(0, 40_000))
    expect((await errorOf(path)).code).toBe('mesh/truncated')
  })

  it('text, images and G-code are not meshes, with plain words', async () => {
    const text = join(dir, 'notes.stl')
    await writeFile(text, 'Shopping list: filament, glue stick\n')
    const gcode = join(dir, 'part.stl')
    await writeFile(gcode, '; generated by PrusaSlicer\nG28\nG1 X10 Y10 F3000\nM104 S200\n')
    const empty = join(dir, 'empty.stl')
    await writeFile(empty, '')
    expect((await errorOf(text)).code).toBe('mesh/not-a-mesh')
    const gcodeError = await errorOf(gcode)
    expect(gcodeError.code).toBe('mesh/not-a-mesh')
    expect(gcodeError.message).toContain('G-code')
    expect((await errorOf(empty)).code).toBe('mesh/empty')
  })

  it('an OBJ face that points at a missing vertex is invalid, with its line', async () => {
    const path = join(dir, 'bad.obj')
    await writeFile(path, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 9\n')
    const error = await errorOf(path)
    expect(error.code).toBe('mesh/invalid')
    expect(error.message).toContain('line 5')
  })
})

describe('detectKind', () => {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
  it('tells formats apart by content', () => {
    const stl = binaryStl(TETRA, 'solid looks like ascii')
    expect(detectKind(stl, stl.length)).toBe('stl-binary')
    const ascii = encode('solid x\n facet normal 0 0 1\n')
    expect(detectKind(ascii, ascii.length)).toBe('stl-ascii')
    const obj = encode('# made by hand\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n')
    expect(detectKind(obj, obj.length)).toBe('obj')
    const gcode = encode(';FLAVOR:Marlin\nG28 ; home\nG1 X1 Y2\nM104 S210\n')
    expect(detectKind(gcode, gcode.length)).toBe('gcode')
    const zip = zipSync({ 'a.stl': new Uint8Array(stl) })
    expect(detectKind(zip, zip.length)).toBe('zip')
    const prose = encode('Dear diary\n')
    expect(detectKind(prose, prose.length)).toBe('unknown')
  })
})
