/**
 * Collects triangles corner by corner and merges corners with identical coordinates into one
 * vertex as they arrive, so a parser never holds a second, unwelded copy of the model.
 *
 * Identity is the exact float32 bit pattern (with -0 read as 0): two corners are the same vertex
 * only when an exporter wrote the same number, which is how STL stores shared corners. Welding
 * with a tolerance would close cracks that are really there and hide them from the report.
 */
import { MeshError } from './mesh-error'

/** One murmur3 round: mixes a 32-bit word into the running hash. */
function round(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  h ^= Math.imul(k, 0x1b873593)
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

/**
 * murmur3 of three 32-bit words (the coordinates' bit patterns). Each word goes through its own
 * round: XOR-ing three products first clustered grid-like coordinates (3.1 probes a lookup on the
 * benchmark torus at a quarter full, against 1.2 now).
 */
function hash3(a: number, b: number, c: number): number {
  let h = round(round(round(0x9747b28c, a), b), c) ^ 12
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Exponent bits all set: Infinity or NaN. */
const NOT_FINITE = 0x7f800000
const NEGATIVE_ZERO = 0x80000000

/** A welded triangle mesh: vertex positions plus three vertex indices per triangle. */
export interface WeldedMesh {
  /** x, y, z per vertex. */
  positions: Float32Array
  /** Three vertex indices per triangle. */
  triangles: Uint32Array
  vertexCount: number
  triangleCount: number
}

export class MeshBuilder {
  private positions: Float32Array
  private bits: Uint32Array
  private vertexCount = 0
  /**
   * Open addressing, four words a slot: the three coordinate bit patterns and the vertex index
   * plus one (0 = empty). Keeping the key in the slot makes a probe one memory access.
   */
  private table: Uint32Array
  private mask: number
  private triangles: Uint32Array
  private triangleCount = 0
  private corner = 0
  private readonly scratch = new Float32Array(3)
  private readonly scratchBits = new Uint32Array(this.scratch.buffer)

  /** `expectedTriangles` sizes the buffers up front (binary STL knows it); they grow otherwise. */
  constructor(expectedTriangles = 1024) {
    const triangles = Math.max(16, expectedTriangles)
    // Closed meshes have about half as many vertices as triangles; start there and grow.
    const vertices = Math.max(16, Math.ceil(triangles * 0.6))
    this.positions = new Float32Array(vertices * 3)
    this.bits = new Uint32Array(this.positions.buffer)
    this.triangles = new Uint32Array(triangles * 3)
    const tableSize = 2 ** Math.ceil(Math.log2(vertices * 2))
    this.table = new Uint32Array(tableSize * 4)
    this.mask = tableSize - 1
  }

  /** Adds one corner; every third corner completes a triangle. */
  corner3(x: number, y: number, z: number): void {
    const s = this.scratch
    s[0] = x
    s[1] = y
    s[2] = z
    this.cornerBits(this.scratchBits[0]!, this.scratchBits[1]!, this.scratchBits[2]!)
  }

  /**
   * Adds one corner given as float32 bit patterns (binary STL is read this way: no conversion to
   * a number and back for corners already seen).
   */
  cornerBits(a: number, b: number, c: number): void {
    if (
      (a & NOT_FINITE) === NOT_FINITE ||
      (b & NOT_FINITE) === NOT_FINITE ||
      (c & NOT_FINITE) === NOT_FINITE
    ) {
      throw new MeshError(
        'mesh/invalid',
        'The file has a corner whose coordinates are not numbers.'
      )
    }
    // -0 and 0 are the same place.
    const index = this.vertexIndex(
      a === NEGATIVE_ZERO ? 0 : a,
      b === NEGATIVE_ZERO ? 0 : b,
      c === NEGATIVE_ZERO ? 0 : c
    )
    if (this.triangleCount * 3 + this.corner >= this.triangles.length) this.growTriangles()
    this.triangles[this.triangleCount * 3 + this.corner] = index
    this.corner++
    if (this.corner === 3) {
      this.corner = 0
      this.triangleCount++
    }
  }

  get triangleTotal(): number {
    return this.triangleCount
  }

  /** The welded mesh, trimmed to size (copies once, then the builder is spent). */
  finish(): WeldedMesh {
    const vertexCount = this.vertexCount
    const triangleCount = this.triangleCount
    // Views, not copies: a copy would briefly double the largest buffers.
    const mesh: WeldedMesh = {
      positions: this.positions.subarray(0, vertexCount * 3),
      triangles: this.triangles.subarray(0, triangleCount * 3),
      vertexCount,
      triangleCount
    }
    this.table = new Uint32Array(0)
    return mesh
  }

  private vertexIndex(a: number, b: number, c: number): number {
    const table = this.table
    let slot = hash3(a, b, c) & this.mask
    for (;;) {
      const at = slot * 4
      const stored = table[at + 3]!
      if (stored === 0) break
      if (table[at] === a && table[at + 1] === b && table[at + 2] === c) return stored - 1
      slot = (slot + 1) & this.mask
    }
    const index = this.vertexCount++
    if (index * 3 + 3 > this.positions.length) this.growVertices()
    this.bits[index * 3] = a
    this.bits[index * 3 + 1] = b
    this.bits[index * 3 + 2] = c
    const at = slot * 4
    table[at] = a
    table[at + 1] = b
    table[at + 2] = c
    table[at + 3] = index + 1
    // Keep the table at most half full so probes stay short.
    if (this.vertexCount * 2 > this.mask + 1) this.rehash()
    return index
  }

  private growVertices(): void {
    const next = new Float32Array(this.positions.length * 2)
    next.set(this.positions)
    this.positions = next
    this.bits = new Uint32Array(next.buffer)
  }

  private growTriangles(): void {
    const next = new Uint32Array(this.triangles.length * 2)
    next.set(this.triangles)
    this.triangles = next
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2
    const table = new Uint32Array(size * 4)
    const mask = size - 1
    const bits = this.bits
    for (let v = 0; v < this.vertexCount; v++) {
      const a = bits[v * 3]!
      const b = bits[v * 3 + 1]!
      const c = bits[v * 3 + 2]!
      let slot = hash3(a, b, c) & mask
      while (table[slot * 4 + 3] !== 0) slot = (slot + 1) & mask
      table.set([a, b, c, v + 1], slot * 4)
    }
    this.table = table
    this.mask = mask
  }
}
