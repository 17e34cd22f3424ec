import { open, type FileHandle } from 'node:fs/promises'
import { GcodeMetadataSchema, type GcodeMetadata } from '../../../shared/models/gcode'
import { AppError } from '../errors'
import { BgcodeError, readBgcode, type ReadAt } from './bgcode'
import { CommentIndex, headLines, tailLines } from './comments'
import { type GcodeFacts, readFacts } from './dialects'
import { BGCODE_NOT_ACCEPTED, SNIFF_BYTES, sniffGcode } from './sniff'
import { describeThumbnail, type FoundThumbnail, previewOf, textThumbnails } from './thumbnails'
import { placeholdersIn } from './values'

/**
 * `readGcodeMetadata`: the library's local metadata of a G-code file, from a bounded head and tail
 * (decision 0021). Slicers write their summary at the top (Cura, Simplify3D, Bambu Studio,
 * thumbnails) or at the bottom (PrusaSlicer's statistics and config, ideaMaker, KISSlicer), so
 * 256 KiB from each end holds it for every dialect Printdock reads, and a 500 MB file costs the
 * same half MiB as a small one. The head grows, up to 4 MiB, only to finish a thumbnail block
 * that starts in it.
 */

/** Bytes read from the start of the file. */
export const HEAD_BYTES = 256 * 1024
/** Bytes read from the end of the file. */
export const TAIL_BYTES = 256 * 1024
/** The furthest the head grows to finish a thumbnail block (large thumbnails run to ~1 MiB). */
export const MAX_HEAD_BYTES = 4 * 1024 * 1024

export interface ReadGcodeMetadataOptions {
  signal?: AbortSignal
}

const NO_FACTS: GcodeFacts = {
  slicer: null,
  gcodeFlavor: null,
  estimatedTimeSeconds: null,
  filamentLengthMm: null,
  filamentWeightG: null,
  layerHeightMm: null,
  nozzleTemperatureC: null,
  bedTemperatureC: null,
  objectCount: null
}

/**
 * Reads what the file at `path` says about itself. Never reads the whole of a large file.
 * Throws AppError 'files/unreadable' or 'files/not-a-file' when the file cannot be read, and
 * 'operation/cancelled' when `signal` aborts; a file that is not G-code is an answer
 * (kind 'not-gcode'), not an error.
 */
export async function readGcodeMetadata(
  path: string,
  options: ReadGcodeMetadataOptions = {}
): Promise<GcodeMetadata> {
  const { signal } = options
  checkAborted(signal)
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw new AppError('files/unreadable', 'Printdock could not open this file.', { cause: error })
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new AppError('files/not-a-file', 'This is not a file.')
    const reader = boundedReader(handle, stat.size, signal)
    return GcodeMetadataSchema.parse(await inspect(reader, stat.size))
  } catch (error) {
    if (error instanceof AppError) throw error
    if (signal?.aborted) throw cancelled()
    throw new AppError('files/unreadable', 'Printdock could not read this file.', { cause: error })
  } finally {
    await handle.close()
  }
}

interface Reader {
  readAt: ReadAt
  bytesRead: () => number
}

/**
 * Positioned reads that count what they take from disk. Ranges inside the first read (the head)
 * are served from it, so binary G-code's block walk does not read the head twice.
 */
function boundedReader(handle: FileHandle, size: number, signal?: AbortSignal): Reader {
  let total = 0
  let cached = Buffer.alloc(0)
  return {
    bytesRead: () => total,
    readAt: async (position, length) => {
      checkAborted(signal)
      const end = Math.min(size, position + length)
      if (end <= cached.length) return cached.subarray(position, end)
      const buffer = Buffer.alloc(Math.max(0, end - position))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
      total += bytesRead
      const read = buffer.subarray(0, bytesRead)
      if (position === 0 && read.length > cached.length) cached = read
      return read
    }
  }
}

async function inspect(reader: Reader, size: number): Promise<GcodeMetadata> {
  const head = await reader.readAt(0, HEAD_BYTES)
  const sniff = sniffGcode(head.subarray(0, SNIFF_BYTES), size)
  const result = (
    facts: GcodeFacts,
    thumbnails: FoundThumbnail[],
    notes: string[]
  ): GcodeMetadata => ({
    kind: sniff.kind,
    fileSizeBytes: size,
    notGcodeReason: sniff.kind === 'not-gcode' ? sniff.reason : null,
    obicoAccepts: sniff.kind === 'gcode',
    ...facts,
    thumbnails: thumbnails.map(describeThumbnail),
    preview: previewOf(thumbnails),
    notes,
    bytesRead: reader.bytesRead()
  })
  if (sniff.kind === 'not-gcode') return result(NO_FACTS, [], [])
  if (sniff.kind === 'bgcode') {
    try {
      const contents = await readBgcode(reader.readAt, size)
      return result(contents.facts, contents.thumbnails, [BGCODE_NOT_ACCEPTED, ...contents.notes])
    } catch (error) {
      if (!(error instanceof BgcodeError)) throw error
      return result(NO_FACTS, [], [BGCODE_NOT_ACCEPTED, error.message])
    }
  }
  return readText(reader, size, head, result)
}

/**
 * Head and tail are decoded as Latin-1: every setting Printdock reads is ASCII, and a one-byte
 * decode is the cheapest V8 has. Free text (object names) is only compared, never shown.
 */
async function readText(
  reader: Reader,
  size: number,
  firstHead: Buffer,
  result: (facts: GcodeFacts, thumbnails: FoundThumbnail[], notes: string[]) => GcodeMetadata
): Promise<GcodeMetadata> {
  let head = firstHead
  let linesOfHead = headLines(head.toString('latin1'), head.length >= size)
  let found = textThumbnails(linesOfHead)
  // Thumbnails do not count against the head: when they take a good part of it (or one runs past
  // it), read on, only the missing part and never past MAX_HEAD_BYTES, so the settings that
  // follow them (Bambu Studio's config block) are still read.
  for (let round = 0; round < 2; round++) {
    const wanted = found.unfinished
      ? MAX_HEAD_BYTES
      : found.blockBytes > HEAD_BYTES / 4
        ? HEAD_BYTES + found.blockBytes
        : 0
    const until = Math.min(size, MAX_HEAD_BYTES, wanted)
    if (head.length >= until) break
    head = Buffer.concat([head, await reader.readAt(head.length, until - head.length)])
    linesOfHead = headLines(head.toString('latin1'), head.length >= size)
    found = textThumbnails(linesOfHead)
  }
  const tailStart = Math.max(head.length, size - TAIL_BYTES)
  const tail = tailStart < size ? await reader.readAt(tailStart, size - tailStart) : Buffer.alloc(0)
  const lines = {
    head: linesOfHead,
    tail: tailLines(tail.toString('latin1'), tailStart === head.length)
  }
  const comments = new CommentIndex(lines)
  const notes: string[] = []
  const placeholders = placeholdersIn(comments.comments.slice(0, 200).join('\n'))
  if (placeholders.length > 0)
    notes.push(
      `The slicer left placeholders unfilled (${placeholders.join(', ')}): the figures they stand for are unknown.`
    )
  if (found.damaged > 0)
    notes.push(
      `${found.damaged} damaged thumbnail${found.damaged > 1 ? 's were' : ' was'} skipped.`
    )
  if (found.unfinished)
    notes.push('A thumbnail runs past the part of the file Printdock reads; it was skipped.')
  return result(readFacts({ comments, headLines: lines.head }), found.thumbnails, notes)
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled()
}

function cancelled(): AppError {
  return new AppError('operation/cancelled', 'Reading the G-code file was cancelled.')
}
