import type { GcodePreview, GcodeThumbnail, ThumbnailFormat } from '../../../shared/models/gcode'
import { decodeQoi, encodePng, imageFormat, imageSize } from './images'

/**
 * Thumbnails embedded in text G-code as base64 comment blocks:
 *
 *     ; thumbnail begin 220x124 6448        (PNG; `thumbnail_JPG` / `thumbnail_QOI` for the others)
 *     ; iVBORw0KGgo…
 *     ; thumbnail end
 *
 * The declared length is the base64 length. A block is trusted only when that length matches and
 * the decoded bytes are the image format and size the block names.
 */

/** A decoded thumbnail, with its bytes (only the preview keeps them). */
export interface FoundThumbnail extends GcodeThumbnail {
  bytes: Uint8Array
}

export interface TextThumbnails {
  thumbnails: FoundThumbnail[]
  /** Blocks that were present but damaged (skipped). */
  damaged: number
  /** True when the lines end inside a block: read more of the file to finish it. */
  unfinished: boolean
  /** Characters the blocks take (with line breaks): the head need not count them. */
  blockBytes: number
}

const BEGIN = /^;\s*thumbnail(?:_([A-Za-z]+))?\s+begin\s+(\d+)x(\d+)\s+(\d+)/
const END = /^;\s*thumbnail(?:_[A-Za-z]+)?\s+end\b/
const LABELS: Record<string, ThumbnailFormat> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', qoi: 'qoi' }

/** Finds the thumbnail blocks among `lines`. */
export function textThumbnails(lines: string[]): TextThumbnails {
  const thumbnails: FoundThumbnail[] = []
  let damaged = 0
  let blockBytes = 0
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('thumbnail')) continue
    const begin = BEGIN.exec(lines[i])
    if (!begin) continue
    const payload: string[] = []
    let j = i + 1
    blockBytes += lines[i].length + 1
    while (j < lines.length && !END.test(lines[j])) {
      blockBytes += lines[j].length + 1
      payload.push(lines[j].replace(/^;\s*/, '').trim())
      j++
    }
    if (j >= lines.length) return { thumbnails, damaged, unfinished: true, blockBytes }
    blockBytes += lines[j].length + 1
    i = j
    const label = LABELS[(begin[1] ?? 'png').toLowerCase()]
    const base64 = payload.join('')
    const found = label ? decodeThumbnail(base64, label, begin) : null
    if (found) thumbnails.push(found)
    else damaged++
  }
  return { thumbnails, damaged, unfinished: false, blockBytes }
}

function decodeThumbnail(
  base64: string,
  label: ThumbnailFormat,
  begin: RegExpExecArray
): FoundThumbnail | null {
  if (base64.length !== Number(begin[4]) || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
  return describeImage(bytes, label, { width: Number(begin[2]), height: Number(begin[3]) })
}

/**
 * A thumbnail whose bytes are the `label`led format and, where the container declares one, the
 * declared size; null when they are not.
 */
export function describeImage(
  bytes: Uint8Array,
  label: ThumbnailFormat,
  declared?: { width: number; height: number }
): FoundThumbnail | null {
  if (bytes.length === 0 || imageFormat(bytes) !== label) return null
  const size = imageSize(bytes, label)
  if (!size) return null
  if (declared && (declared.width !== size.width || declared.height !== size.height)) return null
  return { format: label, width: size.width, height: size.height, byteSize: bytes.length, bytes }
}

/** The largest thumbnail (by pixels, then bytes) as a browser-ready preview; QOI becomes PNG. */
export function previewOf(thumbnails: FoundThumbnail[]): GcodePreview | null {
  const ranked = [...thumbnails].sort(
    (a, b) => b.width * b.height - a.width * a.height || b.byteSize - a.byteSize
  )
  for (const thumbnail of ranked) {
    if (thumbnail.format === 'qoi') {
      const decoded = decodeQoi(thumbnail.bytes)
      if (!decoded) continue
      return {
        mediaType: 'image/png',
        sourceFormat: 'qoi',
        width: thumbnail.width,
        height: thumbnail.height,
        base64: encodePng(decoded.size, decoded.rgba).toString('base64')
      }
    }
    return {
      mediaType: thumbnail.format === 'png' ? 'image/png' : 'image/jpeg',
      sourceFormat: thumbnail.format,
      width: thumbnail.width,
      height: thumbnail.height,
      base64: Buffer.from(thumbnail.bytes).toString('base64')
    }
  }
  return null
}

/** The public description of a thumbnail, without its bytes. */
export function describeThumbnail(thumbnail: FoundThumbnail): GcodeThumbnail {
  const { format, width, height, byteSize } = thumbnail
  return { format, width, height, byteSize }
}
