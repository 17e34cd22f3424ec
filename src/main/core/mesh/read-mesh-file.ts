/**
 * Opens a model file of any supported kind and hands back its meshes, welded: one for STL, OBJ
 * and 3MF, one per model inside a ZIP. The kind comes from the content (files/detect-kind.ts).
 */
import { readFile, stat } from 'node:fs/promises'
import { unzipSync } from 'fflate'
import type { MeshFormat } from '../../../shared/models/mesh'
import { detectKind, SNIFF_BYTES, type FileKind } from '../files/detect-kind'
import { fileChunks, type ByteChunks } from './byte-chunks'
import type { WeldedMesh } from './mesh-builder'
import { MeshError } from './mesh-error'
import { parseThreeMfModel, threeMfModelPath } from './parse-3mf'
import { parseObj } from './parse-obj'
import { binaryStlTriangleCount, parseAsciiStl, parseBinaryStl } from './parse-stl'

/** One mesh read from a file. */
export interface ReadMesh {
  /** The file's name, or the entry's path inside a ZIP. */
  name: string
  format: MeshFormat
  mesh: WeldedMesh
}

/** Largest total a ZIP may expand to: a guard against ZIP bombs. */
export const MAX_UNZIPPED_BYTES = 2 * 1024 ** 3

const MESH_EXTENSIONS = /\.(stl|obj|3mf)$/i

export async function readMeshFile(path: string, name: string): Promise<ReadMesh[]> {
  const { size } = await stat(path)
  if (size === 0) throw new MeshError('mesh/empty', 'This file is empty.')
  const head = await readHead(path)
  const kind = detectKind(head, size)
  if (kind === 'zip' || kind === '3mf') {
    return readZip(new Uint8Array(await readFile(path)), name)
  }
  return [await readSingle(kind, name, head, size, () => fileChunks(path))]
}

async function readHead(path: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of fileChunks(path)) {
    chunks.push(chunk)
    length += chunk.length
    if (length >= SNIFF_BYTES) break
  }
  const head = new Uint8Array(Math.min(length, SNIFF_BYTES))
  let offset = 0
  for (const chunk of chunks) {
    const take = Math.min(chunk.length, head.length - offset)
    head.set(chunk.subarray(0, take), offset)
    offset += take
  }
  return head
}

async function readSingle(
  kind: FileKind,
  name: string,
  head: Uint8Array,
  size: number,
  chunks: () => ByteChunks
): Promise<ReadMesh> {
  switch (kind) {
    case 'stl-binary':
      return {
        name,
        format: 'stl-binary',
        mesh: await parseBinaryStl(chunks(), binaryStlTriangleCount(head, size)!)
      }
    case 'stl-ascii':
      return { name, format: 'stl-ascii', mesh: await parseAsciiStl(chunks()) }
    case 'obj':
      return { name, format: 'obj', mesh: await parseObj(chunks()) }
    case 'gcode':
    case 'bgcode':
      throw new MeshError(
        'mesh/not-a-mesh',
        'This is G-code (printer instructions), not a 3D model. Repair the model it was sliced from.'
      )
    default:
      throw notAMesh(head, size)
  }
}

/** A clearer error for files that look like a mesh but break its rules. */
function notAMesh(head: Uint8Array, size: number): MeshError {
  // A binary file whose header promises more triangles than it holds: a cut-short binary STL.
  if (size >= 84 && head.includes(0)) {
    const count = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(80, true)
    const expected = 84 + 50 * count
    if (count > 0 && expected > size) {
      return new MeshError(
        'mesh/truncated',
        `This STL file is cut short: its header promises ${count.toLocaleString('en-US')} triangles (${expected.toLocaleString('en-US')} bytes), but the file has ${size.toLocaleString('en-US')} bytes.`
      )
    }
  }
  return new MeshError(
    'mesh/not-a-mesh',
    'This file is not a 3D model Printdock can read (STL, OBJ, 3MF, or a ZIP of them).'
  )
}

async function readZip(bytes: Uint8Array, name: string): Promise<ReadMesh[]> {
  let total = 0
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize
        if (total > MAX_UNZIPPED_BYTES) {
          throw new MeshError('mesh/invalid', 'This ZIP file expands to more than 2 GB.')
        }
        return (
          MESH_EXTENSIONS.test(file.name) ||
          /\.model$/i.test(file.name) ||
          /(^|\/)\.rels$/i.test(file.name)
        )
      }
    })
  } catch (error) {
    if (error instanceof MeshError) throw error
    throw new MeshError('mesh/truncated', 'This ZIP or 3MF file is damaged or cut short.')
  }
  const names = Object.keys(files)
  const modelPath = threeMfModelPath(
    names,
    files['_rels/.rels'] ? new TextDecoder().decode(files['_rels/.rels']) : undefined
  )
  if (modelPath) {
    const xml = new TextDecoder().decode(files[modelPath])
    return [{ name, format: '3mf', mesh: parseThreeMfModel(xml) }]
  }
  const entries = names.filter(
    (entry) => MESH_EXTENSIONS.test(entry) && !entry.startsWith('__MACOSX/')
  )
  if (entries.length === 0) {
    throw new MeshError('mesh/not-a-mesh', 'This ZIP file holds no STL, OBJ or 3MF models.')
  }
  const result: ReadMesh[] = []
  for (const entry of entries.sort()) {
    const data = files[entry]!
    const kind = detectKind(data.subarray(0, SNIFF_BYTES), data.length)
    if (kind === 'zip') {
      throw new MeshError('mesh/not-a-mesh', `${entry} inside the ZIP is itself a ZIP.`)
    }
    if (kind === '3mf') {
      result.push(...(await readZip(data, entry)))
      continue
    }
    result.push(
      await readSingle(kind, entry, data.subarray(0, SNIFF_BYTES), data.length, () => [data])
    )
  }
  return result
}
