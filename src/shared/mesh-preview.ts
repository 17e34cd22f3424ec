/**
 * The compact binary form in which a mesh travels from main to the Repair screen's preview: one
 * ArrayBuffer (structured clone carries it as bytes, never as JSON).
 *
 * Layout, little-endian, every section 4-byte aligned:
 *   Uint32 × 4   magic "PDMP", version 1, vertex count V, triangle count T
 *   Uint32 × 1   problem edge count E
 *   Uint32 × 3   reserved (0)
 *   Float32 × 3V positions
 *   Uint32 × 3T  triangle vertex indices
 *   Uint32 × 2E  problem edge vertex indices
 *   Uint8 × E    problem edge kinds (1 open, 2 non-manifold, 3 inconsistent), padded to 4
 */

export const PREVIEW_MAGIC = 0x504d4450 // "PDMP" read as little-endian Uint32
export const PREVIEW_VERSION = 1
const HEADER_WORDS = 8

/** A decoded preview: views into the one buffer. */
export interface MeshPreview {
  positions: Float32Array
  triangles: Uint32Array
  problemEdges: Uint32Array
  problemKinds: Uint8Array
}

export function encodeMeshPreview(preview: MeshPreview): ArrayBuffer {
  const v = preview.positions.length / 3
  const t = preview.triangles.length / 3
  const e = preview.problemKinds.length
  const bytes = 4 * (HEADER_WORDS + 3 * v + 3 * t + 2 * e) + Math.ceil(e / 4) * 4
  const buffer = new ArrayBuffer(bytes)
  const header = new Uint32Array(buffer, 0, HEADER_WORDS)
  header.set([PREVIEW_MAGIC, PREVIEW_VERSION, v, t, e])
  let offset = HEADER_WORDS * 4
  new Float32Array(buffer, offset, 3 * v).set(preview.positions)
  offset += 12 * v
  new Uint32Array(buffer, offset, 3 * t).set(preview.triangles)
  offset += 12 * t
  new Uint32Array(buffer, offset, 2 * e).set(preview.problemEdges)
  offset += 8 * e
  new Uint8Array(buffer, offset, e).set(preview.problemKinds)
  return buffer
}

export function decodeMeshPreview(buffer: ArrayBuffer): MeshPreview {
  if (buffer.byteLength < HEADER_WORDS * 4) throw new Error('Mesh preview is too short.')
  const [magic, version, v, t, e] = new Uint32Array(buffer, 0, HEADER_WORDS)
  if (magic !== PREVIEW_MAGIC || version !== PREVIEW_VERSION) {
    throw new Error('Mesh preview has an unknown format.')
  }
  const needed = 4 * (HEADER_WORDS + 3 * v! + 3 * t! + 2 * e!) + e!
  if (buffer.byteLength < needed) throw new Error('Mesh preview is cut short.')
  let offset = HEADER_WORDS * 4
  const positions = new Float32Array(buffer, offset, 3 * v!)
  offset += 12 * v!
  const triangles = new Uint32Array(buffer, offset, 3 * t!)
  offset += 12 * t!
  const problemEdges = new Uint32Array(buffer, offset, 2 * e!)
  offset += 8 * e!
  const problemKinds = new Uint8Array(buffer, offset, e!)
  return { positions, triangles, problemEdges, problemKinds }
}
