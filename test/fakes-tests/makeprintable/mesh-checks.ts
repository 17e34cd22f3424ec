/**
 * Independent checks of a binary STL, written separately from the fake's repair code so tests
 * do not grade the repair with its own parser.
 */

/** Facts about a binary STL read straight from its bytes. */
export interface StlFacts {
  facets: number
  headerStartsWithSolid: boolean
  /** Facets whose stored normal is not the unit normal of their winding. */
  badNormals: number
  /** Facets with (near) zero area. */
  zeroArea: number
  /** Undirected edges used by one facet only. */
  openEdges: number
  /** Directed edges used twice in the same direction (inconsistent winding). */
  sameDirectionEdges: number
  /** Sum of signed tetrahedron volumes. */
  volume: number
}

/** Reads a binary STL and measures it. */
export function inspectBinaryStl(data: Buffer): StlFacts {
  const facets = data.readUInt32LE(80)
  if (data.length !== 84 + 50 * facets) throw new Error('not a binary STL by the size rule')
  const key = (x: number, y: number, z: number) => `${x},${y},${z}`
  const undirected = new Map<string, number>()
  const directed = new Map<string, number>()
  let badNormals = 0
  let zeroArea = 0
  let volume = 0
  for (let i = 0; i < facets; i++) {
    const at = 84 + 50 * i
    const f = (k: number) => data.readFloatLE(at + 4 * k)
    const n = [f(0), f(1), f(2)]
    const v = [0, 1, 2].map((c) => [f(3 + 3 * c), f(4 + 3 * c), f(5 + 3 * c)])
    const [a, b, c] = v as [number[], number[], number[]]
    const ab = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!]
    const ac = [c[0]! - a[0]!, c[1]! - a[1]!, c[2]! - a[2]!]
    const cr = [
      ab[1]! * ac[2]! - ab[2]! * ac[1]!,
      ab[2]! * ac[0]! - ab[0]! * ac[2]!,
      ab[0]! * ac[1]! - ab[1]! * ac[0]!
    ]
    const len = Math.hypot(cr[0]!, cr[1]!, cr[2]!)
    if (len < 1e-9) zeroArea++
    else {
      const dot = (n[0]! * cr[0]! + n[1]! * cr[1]! + n[2]! * cr[2]!) / len
      if (Math.abs(dot - 1) > 1e-4 || Math.abs(Math.hypot(n[0]!, n[1]!, n[2]!) - 1) > 1e-4)
        badNormals++
    }
    volume +=
      (a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) -
        a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) +
        a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!)) /
      6
    const keys = v.map((p) => key(p[0]!, p[1]!, p[2]!))
    for (let k = 0; k < 3; k++) {
      const p = keys[k]!
      const q = keys[(k + 1) % 3]!
      const d = `${p}>${q}`
      directed.set(d, (directed.get(d) ?? 0) + 1)
      const u = p < q ? `${p}|${q}` : `${q}|${p}`
      undirected.set(u, (undirected.get(u) ?? 0) + 1)
    }
  }
  return {
    facets,
    headerStartsWithSolid: data.subarray(0, 5).toString('latin1') === 'solid',
    badNormals,
    zeroArea,
    openEdges: [...undirected.values()].filter((c) => c === 1).length,
    sameDirectionEdges: [...directed.values()].filter((c) => c > 1).length,
    volume
  }
}
