/**
 * Every undirected edge of a welded mesh, found with an open-addressing hash table on the pair
 * (smaller vertex, larger vertex). For each edge it keeps how many triangles use it, the sum of
 * their directions (+1 when a triangle runs it from the smaller vertex to the larger, −1 the
 * other way) and the first two triangles, which is all the topology checks need.
 */
import type { WeldedMesh } from './mesh-builder'

const EMPTY = -1

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
  const { triangles, triangleCount } = mesh
  const maxEdges = triangleCount * 3
  const size = 2 ** Math.ceil(Math.log2(Math.max(16, maxEdges * 1.5)))
  const mask = size - 1
  const slots = new Int32Array(size).fill(EMPTY)
  // A closed mesh has 1.5 edges per triangle; grow if a soup has more.
  let capacity = Math.max(16, Math.ceil(triangleCount * 1.6))
  let low = new Uint32Array(capacity)
  let high = new Uint32Array(capacity)
  let uses = new Uint8Array(capacity)
  let direction = new Int16Array(capacity)
  let first = new Int32Array(capacity)
  let second = new Int32Array(capacity)
  const triangleEdges = new Int32Array(maxEdges)
  let count = 0
  for (let t = 0; t < triangleCount; t++) {
    for (let k = 0; k < 3; k++) {
      const a = triangles[t * 3 + k]!
      const b = triangles[t * 3 + ((k + 1) % 3)]!
      if (a === b) {
        triangleEdges[t * 3 + k] = EMPTY
        continue
      }
      const lo = a < b ? a : b
      const hi = a < b ? b : a
      let slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask
      let edge = EMPTY
      for (;;) {
        const found = slots[slot]!
        if (found === EMPTY) break
        if (low[found] === lo && high[found] === hi) {
          edge = found
          break
        }
        slot = (slot + 1) & mask
      }
      if (edge === EMPTY) {
        if (count === capacity) {
          capacity *= 2
          low = grow(low, capacity)
          high = grow(high, capacity)
          uses = grow(uses, capacity)
          direction = grow(direction, capacity)
          first = grow(first, capacity)
          second = grow(second, capacity)
        }
        edge = count++
        slots[slot] = edge
        low[edge] = lo
        high[edge] = hi
        first[edge] = t
        second[edge] = EMPTY
      } else if (uses[edge] === 1) {
        second[edge] = t
      }
      if (uses[edge]! < 255) uses[edge]!++
      direction[edge]! += a < b ? 1 : -1
      triangleEdges[t * 3 + k] = edge
    }
  }
  return { count, low, high, uses, direction, first, second, triangleEdges }
}

function grow<T extends Uint32Array | Uint8Array | Int16Array | Int32Array>(
  array: T,
  capacity: number
): T {
  const next = new (array.constructor as new (n: number) => T)(capacity)
  next.set(array)
  return next
}
