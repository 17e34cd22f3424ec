/**
 * STL, binary and ASCII. Which one a file is follows from its size, never from the word "solid":
 * a binary STL is exactly 84 + 50·n bytes with n stored at byte 80, and some CAD exporters start
 * a binary header with "solid" (test/fixtures/SOURCES.md, plate-holes).
 */
import { lines, type ByteChunks } from './byte-chunks'
import { MeshBuilder, type WeldedMesh } from './mesh-builder'
import { MeshError } from './mesh-error'

export const STL_HEADER_BYTES = 84
export const STL_TRIANGLE_BYTES = 50

/** The triangle count a binary STL header promises, or null when `size` breaks the size rule. */
export function binaryStlTriangleCount(head: Uint8Array, size: number): number | null {
  if (head.length < STL_HEADER_BYTES || size < STL_HEADER_BYTES) return null
  const count = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(80, true)
  return size === STL_HEADER_BYTES + STL_TRIANGLE_BYTES * count ? count : null
}

/**
 * Reads a binary STL whose size already passed the size rule. Records are read straight from each
 * chunk; one that straddles two chunks goes through a 50-byte carry buffer.
 */
export async function parseBinaryStl(chunks: ByteChunks, count: number): Promise<WeldedMesh> {
  if (count === 0) throw new MeshError('mesh/empty', 'This STL file holds no triangles.')
  const builder = new MeshBuilder(count)
  const carry = new Uint8Array(STL_TRIANGLE_BYTES)
  const carryView = new DataView(carry.buffer)
  let carried = 0
  let skip = STL_HEADER_BYTES
  let seen = 0
  const record = (view: DataView, at: number): void => {
    // Skip the stored normal (12 bytes): the report derives orientation from the winding.
    for (let k = 12; k < 48; k += 12) {
      builder.cornerBits(
        view.getUint32(at + k, true),
        view.getUint32(at + k + 4, true),
        view.getUint32(at + k + 8, true)
      )
    }
    seen++
  }
  for await (const chunk of chunks) {
    let offset = 0
    if (skip > 0) {
      offset = Math.min(skip, chunk.length)
      skip -= offset
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (carried > 0 && offset < chunk.length) {
      const take = Math.min(STL_TRIANGLE_BYTES - carried, chunk.length - offset)
      carry.set(chunk.subarray(offset, offset + take), carried)
      carried += take
      offset += take
      if (carried === STL_TRIANGLE_BYTES) {
        record(carryView, 0)
        carried = 0
      }
    }
    while (offset + STL_TRIANGLE_BYTES <= chunk.length && seen < count) {
      record(view, offset)
      offset += STL_TRIANGLE_BYTES
    }
    if (offset < chunk.length && seen < count) {
      carry.set(chunk.subarray(offset), 0)
      carried = chunk.length - offset
    }
  }
  if (seen < count) {
    throw new MeshError(
      'mesh/truncated',
      `This STL file is cut short: its header promises ${count} triangles, but only ${seen} are there.`
    )
  }
  return builder.finish()
}

/** Reads an ASCII STL (`solid … facet normal … outer loop … vertex … endloop endfacet … endsolid`). */
export async function parseAsciiStl(chunks: ByteChunks): Promise<WeldedMesh> {
  const builder = new MeshBuilder()
  let inFacet = false
  let corners = 0
  let sawSolid = false
  let sawEnd = false
  let lineNumber = 0
  // A file cut mid-line ends in a broken line; that is "cut short", not "damaged", so an error
  // on a line is only raised once another line follows it.
  let pending: MeshError | undefined
  const readLine = (line: string): void => {
    if (line.startsWith('vertex')) {
      const words = line.split(/\s+/)
      if (!inFacet || words.length < 4 || corners >= 3) {
        throw new MeshError(
          'mesh/invalid',
          `This ASCII STL file has a misplaced vertex on line ${lineNumber}.`
        )
      }
      builder.corner3(Number(words[1]), Number(words[2]), Number(words[3]))
      corners++
    } else if (line.startsWith('facet')) {
      if (inFacet) throw invalidLine(lineNumber)
      inFacet = true
      corners = 0
    } else if (line.startsWith('endfacet')) {
      if (!inFacet || corners !== 3) {
        throw new MeshError(
          'mesh/invalid',
          `This ASCII STL file has a facet without exactly three corners (line ${lineNumber}).`
        )
      }
      inFacet = false
    } else if (line.startsWith('endsolid')) {
      sawEnd = true
    } else if (line.startsWith('solid')) {
      sawSolid = true
    } else if (!line.startsWith('outer') && !line.startsWith('endloop')) {
      throw invalidLine(lineNumber)
    }
  }
  for await (const raw of lines(chunks)) {
    lineNumber++
    const line = raw.trim()
    if (line.length === 0) continue
    if (pending) throw pending
    try {
      readLine(line)
    } catch (error) {
      if (!(error instanceof MeshError)) throw error
      pending = error
    }
  }
  if (pending && sawEnd) throw pending
  if (pending) inFacet = true
  if (!sawSolid) throw new MeshError('mesh/not-a-mesh', 'This file is not an STL file.')
  if (inFacet || !sawEnd) {
    throw new MeshError(
      'mesh/truncated',
      'This ASCII STL file is cut short: it ends without "endsolid".'
    )
  }
  if (builder.triangleTotal === 0) {
    throw new MeshError('mesh/empty', 'This STL file holds no triangles.')
  }
  return builder.finish()
}

function invalidLine(lineNumber: number): MeshError {
  return new MeshError(
    'mesh/invalid',
    `This ASCII STL file has something unexpected on line ${lineNumber}.`
  )
}
