/**
 * Every undirected edge of a welded mesh. For each edge it keeps how many triangles use it, the
 * sum of their directions (+1 when a triangle runs it from the smaller vertex to the larger, −1
 * the other way) and the first two triangles, which is all the topology checks need.
 *
 * Half-edges are bucketed by their smaller vertex (counting sort, compressed-row layout), then
 * each vertex's short list (about six entries on a typical mesh) is grouped by the larger vertex.
 * That walks memory almost in order, which a hash table over millions of edges does not.
 */
import type { WeldedMesh } from './mesh-builder'

const NONE = -1

export interface EdgeTable {
  count: number
  /** Smaller and larger vertex of each edge. */
  low: Uint32Array
  high: Uint32Array
  /** Triangles using the edge (saturates at 255). */
  uses: Uint8Array
  /** Sum of directions; 0 on an edge two triangles agree about. */
  direction: Int16Array
  /** First and second triangle on the edge (−1 when absent). */
  first: Int32Array
  second: Int32Array
  /** Edge id of each triangle corner's edge (corner k to corner k+1); −1 for a collapsed edge. */
  triangleEdges: Int32Array
}

export function buildEdgeTable(mesh: WeldedMesh): EdgeTable {
  const { triangles: T, triangleCount, vertexCount } = mesh
  const halfEdges = triangleCount * 3

  // 1. How many half-edges start at each smaller vertex.
  const start = new Uint32Array(vertexCount + 1)
  for (let h = 0; h < halfEdges; h++) {
    const a = T[h]!
    const b = T[h - (h % 3) + ((h + 1) % 3)]!
    if (a !== b) start[(a < b ? a : b) + 1]!++
  }
  for (let v = 0; v < vertexCount; v++) start[v + 1]! += start[v]!
  const used = start[vertexCount]!

  // 2. Each half-edge into its vertex's bucket: the larger vertex and the half-edge itself.
  const fill = start.slice(0, vertexCount)
  const bucketHigh = new Uint32Array(used)
  const bucketHalf = new Uint32Array(used)
  const triangleEdges = new Int32Array(halfEdges).fill(NONE)
  for (let h = 0; h < halfEdges; h++) {
    const a = T[h]!
    const b = T[h - (h % 3) + ((h + 1) % 3)]!
    if (a === b) continue
    const slot = fill[a < b ? a : b]!++
    bucketHigh[slot] = a < b ? b : a
    bucketHalf[slot] = h
  }

  // 3. Group each bucket by the larger vertex: one edge per distinct pair.
  const low = new Uint32Array(used)
  const high = new Uint32Array(used)
  const uses = new Uint8Array(used)
  const direction = new Int16Array(used)
  const first = new Int32Array(used)
  const second = new Int32Array(used).fill(NONE)
  let count = 0
  for (let v = 0; v < vertexCount; v++) {
    const from = start[v]!
    const to = start[v + 1]!
    for (let i = from; i < to; i++) {
      const hi = bucketHigh[i]!
      const h = bucketHalf[i]!
      let edge = NONE
      for (let j = from; j < i; j++) {
        if (bucketHigh[j] === hi) {
          edge = triangleEdges[bucketHalf[j]!]!
          break
        }
      }
      const t = (h / 3) | 0
      if (edge === NONE) {
        edge = count++
        low[edge] = v
        high[edge] = hi
        first[edge] = t
      } else if (uses[edge] === 1) {
        second[edge] = t
      }
      if (uses[edge]! < 255) uses[edge]!++
      direction[edge]! += T[h] === v ? 1 : -1
      triangleEdges[h] = edge
    }
  }
  return { count, low, high, uses, direction, first, second, triangleEdges }
}
