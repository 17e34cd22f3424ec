/**
 * Tells what a file holds from its first bytes and its size, not from its name: a mesh (binary or
 * ASCII STL, OBJ, 3MF), a ZIP, or G-code. `printdock inspect` and the Repair screen dispatch on it.
 */
import { open } from 'node:fs/promises'
import { binaryStlTriangleCount } from '../mesh/parse-stl'

export type FileKind =
  'stl-binary' | 'stl-ascii' | 'obj' | '3mf' | 'zip' | 'gcode' | 'bgcode' | 'unknown'

/** How many leading bytes the sniffer reads. */
export const SNIFF_BYTES = 64 * 1024

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
/** Prusa's binary G-code starts with the ASCII bytes `GCDE`. */
const BGCODE_MAGIC = [0x47, 0x43, 0x44, 0x45]

/** Text or binary G-code: printer instructions, read by the G-code library, not the mesh check. */
export function isGcodeKind(kind: FileKind): kind is 'gcode' | 'bgcode' {
  return kind === 'gcode' || kind === 'bgcode'
}

/** Decides the kind from the file's head (up to SNIFF_BYTES) and its full size. */
export function detectKind(head: Uint8Array, size: number): FileKind {
  if (binaryStlTriangleCount(head, size) !== null) return 'stl-binary'
  if (BGCODE_MAGIC.every((byte, i) => head[i] === byte)) return 'bgcode'
  if (ZIP_MAGIC.every((byte, i) => head[i] === byte)) {
    return isThreeMf(head) ? '3mf' : 'zip'
  }
  // A text format: look at its meaningful lines.
  const text = new TextDecoder('latin1').decode(head)
  if (text.includes('\0')) return 'unknown'
  const lineList = text
    .split(/\r\n|\r|\n/)
    .slice(0, 400)
    .map((line) => line.trim())
  const meaningful = lineList.filter((line) => line.length > 0)
  if (meaningful.length === 0) return 'unknown'
  if (
    /^solid\b/i.test(meaningful[0]!) &&
    meaningful.some((line) => /^(facet|endsolid)\b/.test(line))
  ) {
    return 'stl-ascii'
  }
  let gcode = 0
  let obj = 0
  for (const line of meaningful) {
    if (/^[GMT]\d+\b/i.test(line) || /^;/.test(line)) gcode++
    else if (/^(v|vn|vt|f|o|g|s|usemtl|mtllib)\s/.test(line)) obj++
  }
  const objLines = meaningful.filter((line) => !line.startsWith('#')).length
  if (obj > 0 && obj >= objLines * 0.9 && /^(v|f)\s/m.test(lineList.join('\n'))) return 'obj'
  if (
    gcode > 0 &&
    gcode >= meaningful.length * 0.6 &&
    meaningful.some((l) => /^[GM]\d+/i.test(l))
  ) {
    return 'gcode'
  }
  return 'unknown'
}

/**
 * A 3MF package names its model part in `[Content_Types].xml` and `_rels/.rels`; both are tiny and
 * usually the first entries, and ZIP local headers keep each entry's name in plain bytes.
 */
function isThreeMf(head: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(head)
  return /3dmodel\.model|application\/vnd\.ms-package\.3dmanufacturing/i.test(text)
}

/** Reads a file's head and size and decides its kind. */
export async function detectFileKind(path: string): Promise<FileKind> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const head = new Uint8Array(Math.min(SNIFF_BYTES, size))
    await handle.read(head, 0, head.length, 0)
    return detectKind(head, size)
  } finally {
    await handle.close()
  }
}
