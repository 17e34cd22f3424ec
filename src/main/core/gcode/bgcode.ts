import { crc32, inflateSync } from 'node:zlib'
import { SlicerNameSchema, type ThumbnailFormat } from '../../../shared/models/gcode'
import { type GcodeFacts, prusaFigures } from './dialects'
import { describeImage, type FoundThumbnail } from './thumbnails'

/**
 * Prusa's binary G-code (`.bgcode`, libbgcode's specification): a 10-byte file header (`GCDE`,
 * version, checksum type) and then blocks, each a header (type, compression, sizes), parameters,
 * data and an optional CRC32. Every metadata and thumbnail block comes before the first G-code
 * block, so Printdock reads block headers until it meets G-code and never touches the G-code
 * itself (whose heatshrink and MeatPack encodings it therefore has no need to decode).
 */

export const BGCODE_MAGIC = 'GCDE'

const BLOCK = {
  fileMetadata: 0,
  gcode: 1,
  slicerMetadata: 2,
  printerMetadata: 3,
  printMetadata: 4,
  thumbnail: 5
}
const COMPRESSION_NAMES = ['none', 'deflate', 'heatshrink 11/4', 'heatshrink 12/4']
const THUMBNAIL_FORMATS: ThumbnailFormat[] = ['png', 'jpg', 'qoi']

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export type ReadAt = (position: number, length: number) => Promise<Buffer>

export interface BgcodeContents {
  facts: GcodeFacts
  thumbnails: FoundThumbnail[]
  notes: string[]
}

/** The most metadata Printdock reads from one binary G-code file before giving up. */
export const BGCODE_METADATA_BUDGET = 8 * 1024 * 1024

/** Reads the metadata and thumbnail blocks of a binary G-code file of `size` bytes. */
export async function readBgcode(readAt: ReadAt, size: number): Promise<BgcodeContents> {
  const notes: string[] = []
  const header = await readAt(0, 10)
  if (header.length < 10 || header.toString('latin1', 0, 4) !== BGCODE_MAGIC)
    throw new BgcodeError('The binary G-code header is cut short.')
  const withCrc = header.readUInt16LE(8) === 1
  const settings: Map<string, string>[] = []
  let producer: string | undefined
  const thumbnails: FoundThumbnail[] = []
  let damagedThumbnails = 0
  let position = 10
  let budget = BGCODE_METADATA_BUDGET
  while (position + 8 <= size) {
    const head = await readAt(position, 12)
    if (head.length < 12 && (head.length < 8 || head.readUInt16LE(2) !== 0))
      throw new BgcodeError('A block of the binary G-code is damaged or cut short.')
    const type = head.readUInt16LE(0)
    const compression = head.readUInt16LE(2)
    const uncompressedSize = head.readUInt32LE(4)
    const headerSize = compression === 0 ? 8 : 12
    const dataSize = compression === 0 ? uncompressedSize : head.readUInt32LE(8)
    const paramsSize = type === BLOCK.thumbnail ? 6 : 2
    const blockSize = headerSize + paramsSize + dataSize + (withCrc ? 4 : 0)
    if (type === BLOCK.gcode) break
    if (type > BLOCK.thumbnail || position + blockSize > size)
      throw new BgcodeError('A block of the binary G-code is damaged or cut short.')
    budget -= blockSize
    if (budget < 0) {
      notes.push(
        'The binary G-code carries more metadata than Printdock reads; the rest was skipped.'
      )
      break
    }
    const block = await readAt(position, blockSize)
    const payloadEnd = headerSize + paramsSize + dataSize
    if (withCrc && crc32(block.subarray(0, payloadEnd)) !== block.readUInt32LE(payloadEnd))
      throw new BgcodeError('A block of the binary G-code fails its checksum: the file is damaged.')
    const params = block.subarray(headerSize, headerSize + paramsSize)
    const data = unpack(
      block.subarray(headerSize + paramsSize, payloadEnd),
      compression,
      uncompressedSize
    )
    if (data === null) {
      notes.push(
        `A ${blockName(type)} block is compressed with ${COMPRESSION_NAMES[compression] ?? `method ${compression}`}, which Printdock does not decode for metadata; it was skipped.`
      )
    } else if (type === BLOCK.thumbnail) {
      const format = THUMBNAIL_FORMATS[params.readUInt16LE(0)]
      const declared = { width: params.readUInt16LE(2), height: params.readUInt16LE(4) }
      const found = format ? describeImage(new Uint8Array(data), format, declared) : null
      if (found) thumbnails.push(found)
      else damagedThumbnails++
    } else {
      const entries = parseIni(data.toString('utf8'))
      if (type === BLOCK.fileMetadata) producer = entries.get('Producer')
      else settings.push(entries)
    }
    position += blockSize
  }
  if (damagedThumbnails > 0)
    notes.push(
      `${damagedThumbnails} damaged thumbnail${damagedThumbnails > 1 ? 's were' : ' was'} skipped.`
    )
  const setting = (key: string): string | undefined => {
    for (const entries of settings) {
      const value = entries.get(key)
      if (value !== undefined) return value
    }
    return undefined
  }
  return {
    facts: { slicer: slicerOf(producer), gcodeFlavor: null, ...prusaFigures(setting) },
    thumbnails,
    notes
  }
}

/** A binary G-code file that cannot be read as one. */
export class BgcodeError extends Error {}

function unpack(data: Buffer, compression: number, uncompressedSize: number): Buffer | null {
  if (compression === 0) return data
  if (compression !== 1) return null
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, uncompressedSize) })
  } catch {
    throw new BgcodeError('A compressed block of the binary G-code is damaged.')
  }
}

/** INI-encoded metadata: `key=value` lines. */
function parseIni(text: string): Map<string, string> {
  const entries = new Map<string, string>()
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0 && !entries.has(line.slice(0, eq)))
      entries.set(line.slice(0, eq), line.slice(eq + 1).trimEnd())
  }
  return entries
}

/** `Producer=PrusaSlicer 2.8.1` → PrusaSlicer, 2.8.1 (null for a producer Printdock does not know). */
function slicerOf(producer: string | undefined): GcodeFacts['slicer'] {
  const match = producer ? /^(.+?)\s+(\S+)$/.exec(producer.trim()) : null
  const name = SlicerNameSchema.safeParse(match?.[1])
  return name.success && match ? { name: name.data, version: match[2] } : null
}

function blockName(type: number): string {
  return (
    [
      'file metadata',
      'G-code',
      'slicer metadata',
      'printer metadata',
      'print metadata',
      'thumbnail'
    ][type] ?? 'unknown'
  )
}
