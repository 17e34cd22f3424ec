import { crc32, deflateSync } from 'node:zlib'
import type { ThumbnailFormat } from '../../../shared/models/gcode'

/**
 * Just enough of PNG, JPEG and QOI to trust an embedded thumbnail: its real format and size from
 * the image's own header, and QOI turned into PNG so a browser can show it.
 */

export interface ImageSize {
  width: number
  height: number
}

/** The format the bytes really are, whatever the slicer's label says. */
export function imageFormat(bytes: Uint8Array): ThumbnailFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  if (bytes.length >= 14 && ascii(bytes, 0, 4) === 'qoif') return 'qoi'
  return null
}

/** Width and height from the image's header, or null when the header is damaged. */
export function imageSize(bytes: Uint8Array, format: ThumbnailFormat): ImageSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (format === 'png') {
    if (bytes.length < 24 || ascii(bytes, 12, 16) !== 'IHDR') return null
    return positive(view.getUint32(16), view.getUint32(20))
  }
  if (format === 'qoi') return positive(view.getUint32(4), view.getUint32(8))
  return jpegSize(bytes, view)
}

/** Walks JPEG segments to the first start-of-frame marker. */
function jpegSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  let at = 2
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null
    const marker = bytes[at + 1]
    if (marker === 0xff) {
      at += 1
      continue
    }
    const length = view.getUint16(at + 2)
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) return positive(view.getUint16(at + 7), view.getUint16(at + 5))
    at += 2 + length
  }
  return null
}

function positive(width: number, height: number): ImageSize | null {
  return width > 0 && height > 0 ? { width, height } : null
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to))
}

/** The largest QOI image Printdock decodes (a thumbnail, not a photo): 2048 × 2048. */
const MAX_QOI_PIXELS = 2048 * 2048

/**
 * Decodes a QOI image to RGBA pixels (the format is specified at qoiformat.org: a 14-byte
 * header, then ops that refer to the previous pixel or a 64-entry hash of seen colours).
 */
export function decodeQoi(bytes: Uint8Array): { size: ImageSize; rgba: Uint8Array } | null {
  if (imageFormat(bytes) !== 'qoi') return null
  const size = imageSize(bytes, 'qoi')
  if (!size || size.width * size.height > MAX_QOI_PIXELS) return null
  const pixels = size.width * size.height
  const rgba = new Uint8Array(pixels * 4)
  const seen = new Uint8Array(64 * 4)
  let r = 0
  let g = 0
  let b = 0
  let a = 255
  let at = 14
  let run = 0
  for (let pixel = 0; pixel < pixels; pixel++) {
    if (run > 0) {
      run--
    } else {
      if (at >= bytes.length) return null
      const op = bytes[at++]
      if (op === 0xfe) {
        r = bytes[at++]
        g = bytes[at++]
        b = bytes[at++]
      } else if (op === 0xff) {
        r = bytes[at++]
        g = bytes[at++]
        b = bytes[at++]
        a = bytes[at++]
      } else if (op >> 6 === 0) {
        const i = (op & 0x3f) * 4
        r = seen[i]
        g = seen[i + 1]
        b = seen[i + 2]
        a = seen[i + 3]
      } else if (op >> 6 === 1) {
        r = (r + ((op >> 4) & 3) - 2) & 0xff
        g = (g + ((op >> 2) & 3) - 2) & 0xff
        b = (b + (op & 3) - 2) & 0xff
      } else if (op >> 6 === 2) {
        const second = bytes[at++]
        const dg = (op & 0x3f) - 32
        g = (g + dg) & 0xff
        r = (r + dg - 8 + ((second >> 4) & 0x0f)) & 0xff
        b = (b + dg - 8 + (second & 0x0f)) & 0xff
      } else {
        run = op & 0x3f
      }
      const i = ((r * 3 + g * 5 + b * 7 + a * 11) % 64) * 4
      seen[i] = r
      seen[i + 1] = g
      seen[i + 2] = b
      seen[i + 3] = a
    }
    const o = pixel * 4
    rgba[o] = r
    rgba[o + 1] = g
    rgba[o + 2] = b
    rgba[o + 3] = a
  }
  return { size, rgba }
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no filtering: thumbnails are small). */
export function encodePng(size: ImageSize, rgba: Uint8Array): Buffer {
  const stride = size.width * 4
  const raw = Buffer.alloc((stride + 1) * size.height)
  for (let y = 0; y < size.height; y++)
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size.width, 0)
  header.writeUInt32BE(size.height, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8 bits, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })), // a preview: speed over size
    chunk('IEND', Buffer.alloc(0))
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
