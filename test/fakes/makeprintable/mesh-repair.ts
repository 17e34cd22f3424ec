/**
 * The Makeprintable fake's "repair": a small, honest mesh clean-up, not Makeprintable's
 * (unknown, proprietary) repair engine. providers.md §1.3 only says a fix produces download links
 * to a repaired model; what happens inside is the fake's own choice, documented here:
 *
 * 1. Parse binary STL (detected by the size rule 84 + 50·n, never by the word "solid"), ASCII STL
 *    or Wavefront OBJ (polygons fan-triangulated). Coordinates are rounded to float32 and equal
 *    coordinates are merged into one vertex.
 * 2. Drop degenerate facets: two corners on the same vertex, or zero area (collinear corners);
 *    then split the edges those slivers were plugging (T-junctions) so no crack opens.
 * 3. Make winding consistent per shell (facets joined by shared edges): flip facets whose shared
 *    edges run the same way as their neighbour's. A closed shell is then turned outward (positive
 *    signed volume); an open shell keeps the orientation most of its facets already had.
 * 4. Fill holes: every simple loop of boundary edges is closed with a fan of triangles.
 * 5. Recompute every facet normal from its winding (right-hand rule).
 *
 * The output is always a binary STL whose header does not start with "solid".
 */

/** A point or direction in model space. */
export type Vec3 = [number, number, number]

/** What a parsed mesh looks like before repair. */
export interface ParsedMesh {
  format: 'stl-binary' | 'stl-ascii' | 'obj'
  /** Triangles as corner coordinates, in file order. */
  triangles: [Vec3, Vec3, Vec3][]
  /** Stored normals (STL only), used to count how many were wrong. */
  storedNormals: Vec3[]
}

/** What the repair changed, reported in the fix record. */
export interface RepairReport {
  input_format: ParsedMesh['format']
  facets_in: number
  facets_out: number
  degenerate_removed: number
  facets_flipped: number
  holes_filled: number
  boundary_edges_before: number
  boundary_edges_after: number
  /** Stored normals that were zero or disagreed with their facet (STL input only). */
  stored_normals_bad: number
  shells: number
}

/** A mesh the fake cannot read (unsupported format or corrupt file). */
export class MeshParseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MeshParseError'
  }
}

/** Formats the fake can repair; others are accepted on upload but their fixes fail. */
export const REPAIRABLE_EXTENSIONS = new Set(['stl', 'obj'])

/** Parses an STL (binary or ASCII) or OBJ file. */
export function parseMesh(data: Buffer, extension: string): ParsedMesh {
  const ext = extension.toLowerCase()
  if (ext === 'stl') return parseStl(data)
  if (ext === 'obj') return parseObj(data.toString('utf8'))
  throw new MeshParseError(`the fake repairs STL and OBJ files only, not .${ext}`)
}

function parseStl(data: Buffer): ParsedMesh {
  // A binary STL is exactly 84 + 50·n bytes; some exporters start its header with "solid"
  // (test/fixtures/SOURCES.md, plate-holes), so the size rule decides first.
  if (data.length >= 84) {
    const count = data.readUInt32LE(80)
    if (data.length === 84 + 50 * count) return parseBinaryStl(data, count)
  }
  const head = data.subarray(0, 512).toString('latin1').trimStart()
  if (head.startsWith('solid')) return parseAsciiStl(data.toString('latin1'))
  throw new MeshParseError('not an STL file: size does not match 84 + 50·n and no "solid" header')
}

function parseBinaryStl(data: Buffer, count: number): ParsedMesh {
  const triangles: [Vec3, Vec3, Vec3][] = []
  const storedNormals: Vec3[] = []
  for (let i = 0; i < count; i++) {
    const at = 84 + i * 50
    const read = (offset: number): Vec3 => [
      data.readFloatLE(at + offset),
      data.readFloatLE(at + offset + 4),
      data.readFloatLE(at + offset + 8)
    ]
    storedNormals.push(read(0))
    triangles.push([read(12), read(24), read(36)])
  }
  return { format: 'stl-binary', triangles, storedNormals }
}

function parseAsciiStl(source: string): ParsedMesh {
  const triangles: [Vec3, Vec3, Vec3][] = []
  const storedNormals: Vec3[] = []
  let corners: Vec3[] = []
  for (const rawLine of source.split(/\r?\n/)) {
    const words = rawLine.trim().split(/\s+/)
    if (words[0] === 'facet' && words[1] === 'normal') {
      storedNormals.push(toVec(words.slice(2, 5)))
      corners = []
    } else if (words[0] === 'vertex') {
      corners.push(toVec(words.slice(1, 4)))
    } else if (words[0] === 'endfacet') {
      if (corners.length !== 3) throw new MeshParseError(`facet with ${corners.length} vertices`)
      triangles.push([corners[0]!, corners[1]!, corners[2]!])
    }
  }
  if (triangles.length === 0) throw new MeshParseError('ASCII STL without facets')
  return { format: 'stl-ascii', triangles, storedNormals }
}

function parseObj(source: string): ParsedMesh {
  const vertices: Vec3[] = []
  const triangles: [Vec3, Vec3, Vec3][] = []
  for (const rawLine of source.split(/\r?\n/)) {
    const words = rawLine.trim().split(/\s+/)
    if (words[0] === 'v') {
      vertices.push(toVec(words.slice(1, 4)))
    } else if (words[0] === 'f') {
      const corners = words.slice(1).map((word) => {
        const index = Number.parseInt(word.split('/')[0] ?? '', 10)
        const resolved = index < 0 ? vertices.length + index : index - 1
        const vertex = vertices[resolved]
        if (!vertex) throw new MeshParseError(`face refers to missing vertex ${word}`)
        return vertex
      })
      for (let i = 1; i + 1 < corners.length; i++) {
        triangles.push([corners[0]!, corners[i]!, corners[i + 1]!])
      }
    }
  }
  if (triangles.length === 0) throw new MeshParseError('OBJ without faces')
  return { format: 'obj', triangles, storedNormals: [] }
}

function toVec(words: string[]): Vec3 {
  const values = words.map(Number)
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v))) {
    throw new MeshParseError(`bad coordinates: ${words.join(' ')}`)
  }
  return [values[0]!, values[1]!, values[2]!]
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

function length(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2])
}

function normalOf(a: Vec3, b: Vec3, c: Vec3): Vec3 {
  const n = cross(sub(b, a), sub(c, a))
  const len = length(n)
  return len === 0 ? [0, 0, 0] : [n[0] / len, n[1] / len, n[2] / len]
}

/** The repaired triangles plus what changed. */
export interface RepairResult {
  triangles: { normal: Vec3; corners: [Vec3, Vec3, Vec3] }[]
  report: RepairReport
}

/** Runs the clean-up described at the top of this file. */
export function repairMesh(mesh: ParsedMesh): RepairResult {
  // 1. Merge equal float32 coordinates into indexed vertices.
  const vertices: Vec3[] = []
  const vertexIndex = new Map<string, number>()
  const indexOf = (v: Vec3): number => {
    const q: Vec3 = [Math.fround(v[0]), Math.fround(v[1]), Math.fround(v[2])]
    const key = q.join(',')
    let index = vertexIndex.get(key)
    if (index === undefined) {
      index = vertices.length
      vertices.push(q)
      vertexIndex.set(key, index)
    }
    return index
  }
  const rawFaces = mesh.triangles.map(([a, b, c]) => [indexOf(a), indexOf(b), indexOf(c)] as const)

  // 2. Degenerate facets: repeated corner, or zero area (three distinct corners on one line).
  // Zero-area slivers usually plug T-junctions (a corner lying on a neighbour's edge). Once they
  // are gone, every boundary edge with such a corner on it is split there, so removing slivers
  // does not open cracks.
  const isFlat = ([a, b, c]: readonly number[]): boolean => {
    const pa = vertices[a!]!
    const pb = vertices[b!]!
    const pc = vertices[c!]!
    const longest = Math.max(length(sub(pb, pa)), length(sub(pc, pb)), length(sub(pa, pc)))
    return length(cross(sub(pb, pa), sub(pc, pa))) <= 1e-9 * longest * longest
  }
  const faces: [number, number, number][] = []
  let degenerate = 0
  for (const [a, b, c] of rawFaces) {
    if (a === b || b === c || a === c || isFlat([a, b, c])) degenerate++
    else faces.push([a, b, c])
  }
  if (degenerate > 0) splitTJunctions(faces, vertices)

  // 3. Consistent winding per shell.
  const { flipped, shells } = orientShells(faces, vertices)
  const boundaryBefore = boundaryEdges(faces).length

  // 4. Fill simple boundary loops with fans.
  const holes = fillHoles(faces)
  const boundaryAfter = boundaryEdges(faces).length

  // 5. Normals from winding. Stored normals that were zero or disagreed with their own facet's
  // winding are counted (the output never keeps a stored normal).
  const triangles = faces.map(([a, b, c]) => {
    const corners: [Vec3, Vec3, Vec3] = [vertices[a]!, vertices[b]!, vertices[c]!]
    return { normal: normalOf(...corners), corners }
  })
  let badNormals = 0
  mesh.storedNormals.forEach((stored, i) => {
    const fresh = normalOf(...mesh.triangles[i]!)
    const dot = stored[0] * fresh[0] + stored[1] * fresh[1] + stored[2] * fresh[2]
    if (!(dot > 0.99 * length(stored))) badNormals++
  })

  return {
    triangles,
    report: {
      input_format: mesh.format,
      facets_in: mesh.triangles.length,
      facets_out: triangles.length,
      degenerate_removed: degenerate,
      facets_flipped: flipped,
      holes_filled: holes.loops,
      boundary_edges_before: boundaryBefore,
      boundary_edges_after: boundaryAfter,
      stored_normals_bad: badNormals,
      shells
    }
  }
}

function edgeKey(a: number, b: number): string {
  return a < b ? `${a}_${b}` : `${b}_${a}`
}

/** Flips faces in place so that neighbours agree; returns how many were flipped and shells. */
function orientShells(
  faces: [number, number, number][],
  vertices: Vec3[]
): { flipped: number; shells: number } {
  const byEdge = new Map<string, number[]>()
  faces.forEach((face, f) => {
    for (let k = 0; k < 3; k++) {
      const key = edgeKey(face[k]!, face[(k + 1) % 3]!)
      const list = byEdge.get(key)
      if (list) list.push(f)
      else byEdge.set(key, [f])
    }
  })
  const directed = (face: readonly number[], a: number, b: number): boolean => {
    for (let k = 0; k < 3; k++) if (face[k] === a && face[(k + 1) % 3] === b) return true
    return false
  }
  const flip = new Int8Array(faces.length).fill(-1)
  let flipped = 0
  let shells = 0
  for (let seed = 0; seed < faces.length; seed++) {
    if (flip[seed] !== -1) continue
    shells++
    flip[seed] = 0
    const members = [seed]
    let closed = true
    for (let q = 0; q < members.length; q++) {
      const f = members[q]!
      const face = faces[f]!
      for (let k = 0; k < 3; k++) {
        const a = face[k]!
        const b = face[(k + 1) % 3]!
        const around = byEdge.get(edgeKey(a, b))!
        if (around.length === 1) closed = false
        // Only manifold edges (exactly two facets) carry orientation.
        if (around.length !== 2) continue
        const g = around[0] === f ? around[1]! : around[0]!
        if (flip[g] !== -1) continue
        // Consistent neighbours run the shared edge in opposite directions.
        const fRuns = directed(face, a, b) !== (flip[f] === 1)
        const gRunsSame = directed(faces[g]!, a, b)
        flip[g] = gRunsSame === fRuns ? 1 : 0
        members.push(g)
      }
    }
    let toFlip = members.filter((f) => flip[f] === 1)
    if (closed) {
      let volume = 0
      for (const f of members) {
        const [a, b, c] = faces[f]!
        const [pa, pb, pc] =
          flip[f] === 1
            ? [vertices[a]!, vertices[c]!, vertices[b]!]
            : [vertices[a]!, vertices[b]!, vertices[c]!]
        const n = cross(pb, pc)
        volume += (pa[0] * n[0] + pa[1] * n[1] + pa[2] * n[2]) / 6
      }
      if (volume < 0) toFlip = members.filter((f) => flip[f] !== 1)
    } else if (toFlip.length * 2 > members.length) {
      toFlip = members.filter((f) => flip[f] !== 1)
    }
    for (const f of toFlip) {
      const face = faces[f]!
      faces[f] = [face[0], face[2], face[1]]
    }
    flipped += toFlip.length
  }
  return { flipped, shells }
}

/** Splits boundary edges that have another boundary vertex lying on them (T-junctions). */
function splitTJunctions(faces: [number, number, number][], vertices: Vec3[]): void {
  for (let round = 0; round < 1000; round++) {
    const edges = boundaryEdges(faces)
    const onBoundary = [...new Set(edges.flat())]
    let split: { face: number; k: number; m: number } | undefined
    for (const [p, q] of edges) {
      const pq = sub(vertices[q]!, vertices[p]!)
      const len2 = pq[0] * pq[0] + pq[1] * pq[1] + pq[2] * pq[2]
      const m = onBoundary.find((v) => {
        if (v === p || v === q) return false
        const pm = sub(vertices[v]!, vertices[p]!)
        const t = (pm[0] * pq[0] + pm[1] * pq[1] + pm[2] * pq[2]) / len2
        if (t <= 1e-9 || t >= 1 - 1e-9) return false
        return length(cross(pm, pq)) <= 1e-9 * len2
      })
      if (m === undefined) continue
      const face = faces.findIndex((f) => [0, 1, 2].some((k) => f[k] === p && f[(k + 1) % 3] === q))
      const k = [0, 1, 2].find((i) => faces[face]![i] === p)!
      split = { face, k, m }
      break
    }
    if (!split) return
    // Edge u→v followed by w becomes u→m→w and m→v→w: same winding, same surface.
    const f = faces[split.face]!
    const u = f[split.k]!
    const v = f[(split.k + 1) % 3]!
    const w = f[(split.k + 2) % 3]!
    faces[split.face] = [u, split.m, w]
    faces.push([split.m, v, w])
  }
}

/** Directed edges used by exactly one facet (the facet's own direction). */
function boundaryEdges(faces: [number, number, number][]): [number, number][] {
  const count = new Map<string, number>()
  for (const face of faces) {
    for (let k = 0; k < 3; k++) {
      const key = edgeKey(face[k]!, face[(k + 1) % 3]!)
      count.set(key, (count.get(key) ?? 0) + 1)
    }
  }
  const result: [number, number][] = []
  for (const face of faces) {
    for (let k = 0; k < 3; k++) {
      const a = face[k]!
      const b = face[(k + 1) % 3]!
      if (count.get(edgeKey(a, b)) === 1) result.push([a, b])
    }
  }
  return result
}

/** Closes every simple boundary loop with a fan; appends faces in place. */
function fillHoles(faces: [number, number, number][]): { loops: number; facets: number } {
  // A hole's filling runs each boundary edge a→b backwards (b→a) to stay consistent.
  const next = new Map<number, number>()
  const ambiguous = new Set<number>()
  for (const [a, b] of boundaryEdges(faces)) {
    if (next.has(b)) ambiguous.add(b)
    next.set(b, a)
  }
  const used = new Set<number>()
  let loops = 0
  let facets = 0
  for (const start of next.keys()) {
    if (used.has(start)) continue
    const loop: number[] = []
    let current: number | undefined = start
    let simple = true
    while (current !== undefined && !used.has(current)) {
      if (ambiguous.has(current)) simple = false
      used.add(current)
      loop.push(current)
      current = next.get(current)
    }
    // Only loops that return to their start, through vertices with one way on, are filled.
    if (!simple || current !== start || loop.length < 3) continue
    for (let i = 1; i + 1 < loop.length; i++) {
      faces.push([loop[0]!, loop[i]!, loop[i + 1]!])
      facets++
    }
    loops++
  }
  return { loops, facets }
}

/** Writes a binary STL (header never starts with "solid", attribute bytes zero). */
export function writeBinaryStl(result: RepairResult, headerText: string): Buffer {
  const out = Buffer.alloc(84 + 50 * result.triangles.length)
  out.write(`Printdock fake repair: ${headerText}`.slice(0, 80), 0, 'latin1')
  out.writeUInt32LE(result.triangles.length, 80)
  result.triangles.forEach(({ normal, corners }, i) => {
    const at = 84 + i * 50
    const values = [...normal, ...corners[0], ...corners[1], ...corners[2]]
    values.forEach((value, k) => out.writeFloatLE(value, at + k * 4))
  })
  return out
}
