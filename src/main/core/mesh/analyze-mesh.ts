/**
 * The health check: counts, size, volume, shells and every kind of defect a slicer trips over,
 * from one pass over the triangles and one over the edges. Linear in the mesh size, on typed
 * arrays, so a million triangles take well under a second (docs/benchmarks.md).
 */
import type { MeshFormat, MeshHealthReport } from '../../../shared/models/mesh'
import { buildEdgeTable, type EdgeTable } from './edge-table'
import type { WeldedMesh } from './mesh-builder'
import { fitPrintBeds } from './print-beds'
import { repairReasons, verdictText } from './verdict'

/** What a problem edge is, as stored in the preview buffer. */
export const EDGE_KIND = { open: 1, nonManifold: 2, inconsistent: 3 } as const

/**
 * A triangle counts as having no area when twice its area is at most this fraction of its
 * longest edge squared: its height is a millionth of its length. Exactly collinear corners written
 * as decimals rarely stay exactly collinear as float32, so zero itself would miss them.
 */
export const FLAT_TRIANGLE_RATIO = 1e-6

/** The report plus the problem edges for the preview. */
export interface MeshAnalysis {
  report: MeshHealthReport
  /** Vertex index pairs of problem edges. */
  problemEdges: Uint32Array
  /** EDGE_KIND of each problem edge. */
  problemKinds: Uint8Array
}

export function analyzeMesh(mesh: WeldedMesh, format: MeshFormat): MeshAnalysis {
  const { positions, triangles, triangleCount, vertexCount } = mesh
  const { min, max } = bounds(positions, vertexCount)
  const degenerateTriangles = countDegenerate(mesh)
  const edges = buildEdgeTable(mesh)

  let openEdges = 0
  let nonManifoldEdges = 0
  let inconsistentEdges = 0
  for (let e = 0; e < edges.count; e++) {
    const uses = edges.uses[e]!
    if (uses === 1) openEdges++
    else if (uses > 2) nonManifoldEdges++
    else if (edges.direction[e] !== 0) inconsistentEdges++
  }
  const problemCount = openEdges + nonManifoldEdges + inconsistentEdges
  const problemEdges = new Uint32Array(problemCount * 2)
  const problemKinds = new Uint8Array(problemCount)
  let p = 0
  for (let e = 0; e < edges.count; e++) {
    const uses = edges.uses[e]!
    const kind =
      uses === 1
        ? EDGE_KIND.open
        : uses > 2
          ? EDGE_KIND.nonManifold
          : edges.direction[e] !== 0
            ? EDGE_KIND.inconsistent
            : 0
    if (kind === 0) continue
    problemEdges[p * 2] = edges.low[e]!
    problemEdges[p * 2 + 1] = edges.high[e]!
    problemKinds[p++] = kind
  }

  const shells = countShells(mesh)
  const inconsistentFaces =
    inconsistentEdges > 0 ? countMisorientedFaces(edges, triangles, triangleCount) : 0
  const holes = openEdges > 0 ? countLoops(edges, vertexCount) : 0
  const closed = openEdges === 0 && nonManifoldEdges === 0 && inconsistentFaces === 0
  const size = { x: max[0] - min[0], y: max[1] - min[1], z: max[2] - min[2] }
  const problems = { openEdges, holes, nonManifoldEdges, degenerateTriangles, inconsistentFaces }
  const reasons = repairReasons(problems)
  return {
    report: {
      format,
      triangles: triangleCount,
      vertices: vertexCount,
      size,
      min,
      max,
      volumeMm3: closed ? Math.abs(signedVolume(positions, triangles, triangleCount)) : null,
      shells,
      openEdges,
      holes,
      nonManifoldEdges,
      degenerateTriangles,
      inconsistentFaces,
      inconsistentEdges,
      beds: fitPrintBeds(size),
      printable: reasons.length === 0,
      verdict: verdictText(reasons)
    },
    problemEdges,
    problemKinds
  }
}

function bounds(
  positions: Float32Array,
  vertexCount: number
): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  for (let v = 0; v < vertexCount; v++) {
    for (let k = 0; k < 3; k++) {
      const c = positions[v * 3 + k]!
      if (c < min[k]!) min[k] = c
      if (c > max[k]!) max[k] = c
    }
  }
  return { min, max }
}

function countDegenerate({ positions: P, triangles: T, triangleCount }: WeldedMesh): number {
  let count = 0
  for (let t = 0; t < triangleCount; t++) {
    const a = T[t * 3]! * 3
    const b = T[t * 3 + 1]! * 3
    const c = T[t * 3 + 2]! * 3
    if (a === b || b === c || a === c) {
      count++
      continue
    }
    const ux = P[b]! - P[a]!
    const uy = P[b + 1]! - P[a + 1]!
    const uz = P[b + 2]! - P[a + 2]!
    const vx = P[c]! - P[a]!
    const vy = P[c + 1]! - P[a + 1]!
    const vz = P[c + 2]! - P[a + 2]!
    const wx = P[c]! - P[b]!
    const wy = P[c + 1]! - P[b + 1]!
    const wz = P[c + 2]! - P[b + 2]!
    const nx = uy * vz - uz * vy
    const ny = uz * vx - ux * vz
    const nz = ux * vy - uy * vx
    const twiceArea = Math.sqrt(nx * nx + ny * ny + nz * nz)
    const longest2 = Math.max(
      ux * ux + uy * uy + uz * uz,
      vx * vx + vy * vy + vz * vz,
      wx * wx + wy * wy + wz * wz
    )
    if (twiceArea <= FLAT_TRIANGLE_RATIO * longest2) count++
  }
  return count
}

/** Union-find root with path halving. */
function root(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]!]!
    x = parent[x]!
  }
  return x
}

/**
 * Parts: triangles joined through shared vertices (every vertex belongs to a triangle). Two
 * pieces that touch at a single corner print as one, so they count as one shell.
 */
function countShells({ triangles: T, triangleCount, vertexCount }: WeldedMesh): number {
  const parent = new Int32Array(vertexCount)
  for (let v = 0; v < vertexCount; v++) parent[v] = v
  let shells = vertexCount
  for (let i = 0; i < triangleCount * 3; i++) {
    const a = root(parent, T[i]!)
    const b = root(parent, T[i - (i % 3)]!)
    if (a !== b) {
      parent[a] = b
      shells--
    }
  }
  return shells
}

/**
 * Walks each part across its two-triangle edges, noting for every triangle whether it is wound
 * like the triangle the walk started from. Neighbours agree when they run their shared edge in
 * opposite directions. The smaller group of each part is the one facing the wrong way.
 */
function countMisorientedFaces(edges: EdgeTable, T: Uint32Array, triangleCount: number): number {
  const parity = new Int8Array(triangleCount).fill(-1)
  const queue = new Int32Array(triangleCount)
  let misoriented = 0
  for (let seed = 0; seed < triangleCount; seed++) {
    if (parity[seed] !== -1) continue
    parity[seed] = 0
    let head = 0
    let tail = 0
    queue[tail++] = seed
    let flipped = 0
    while (head < tail) {
      const f = queue[head++]!
      for (let k = 0; k < 3; k++) {
        const e = edges.triangleEdges[f * 3 + k]!
        if (e < 0 || edges.uses[e] !== 2) continue
        const g = edges.first[e] === f ? edges.second[e]! : edges.first[e]!
        if (g === f || g < 0 || parity[g] !== -1) continue
        const fForward = T[f * 3 + k]! < T[f * 3 + ((k + 1) % 3)]!
        let gForward = fForward
        for (let j = 0; j < 3; j++) {
          if (edges.triangleEdges[g * 3 + j] === e) {
            gForward = T[g * 3 + j]! < T[g * 3 + ((j + 1) % 3)]!
            break
          }
        }
        parity[g] = (parity[f]! ^ (fForward === gForward ? 1 : 0)) as 0 | 1
        if (parity[g] === 1) flipped++
        queue[tail++] = g
      }
    }
    misoriented += Math.min(flipped, tail - flipped)
  }
  return misoriented
}

/** Holes: connected loops of open edges. */
function countLoops(edges: EdgeTable, vertexCount: number): number {
  const parent = new Int32Array(vertexCount).fill(-1)
  let loops = 0
  const touch = (v: number): void => {
    if (parent[v] === -1) {
      parent[v] = v
      loops++
    }
  }
  for (let e = 0; e < edges.count; e++) {
    if (edges.uses[e] !== 1) continue
    const a = edges.low[e]!
    const b = edges.high[e]!
    touch(a)
    touch(b)
    const ra = root(parent, a)
    const rb = root(parent, b)
    if (ra !== rb) {
      parent[ra] = rb
      loops--
    }
  }
  return loops
}

function signedVolume(P: Float32Array, T: Uint32Array, triangleCount: number): number {
  let sum = 0
  for (let t = 0; t < triangleCount; t++) {
    const a = T[t * 3]! * 3
    const b = T[t * 3 + 1]! * 3
    const c = T[t * 3 + 2]! * 3
    const ax = P[a]!
    const ay = P[a + 1]!
    const az = P[a + 2]!
    const bx = P[b]!
    const by = P[b + 1]!
    const bz = P[b + 2]!
    const cx = P[c]!
    const cy = P[c + 1]!
    const cz = P[c + 2]!
    sum += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx)
  }
  return sum / 6
}
