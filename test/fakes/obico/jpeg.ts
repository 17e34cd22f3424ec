/**
 * A tiny baseline JPEG encoder for the fake's webcam snapshots (no image files are shipped).
 *
 * Each 8×8 block is a flat colour, so only DC coefficients are coded and every block ends with
 * EOB. That keeps the encoder short while producing a real, decodable JPEG (YCbCr 4:4:4).
 */

/** Standard luminance DC table (ITU T.81 Annex K.3): code counts per length 1..16. */
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
/** An AC table holding only EOB (0x00), coded as the single bit `0`. */
const AC_COUNTS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
const AC_SYMBOLS = [0]

/** Canonical Huffman codes for a table: symbol → [code, length]. */
function huffmanCodes(counts: number[], symbols: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>()
  let code = 0
  let k = 0
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < counts[length - 1]; i++) codes.set(symbols[k++], [code++, length])
    code <<= 1
  }
  return codes
}

class BitWriter {
  readonly bytes: number[] = []
  private acc = 0
  private count = 0

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1)
      this.count++
      if (this.count === 8) this.flushByte()
    }
  }

  finish(): void {
    if (this.count > 0) this.write(0xff, 8 - this.count)
  }

  private flushByte(): void {
    this.bytes.push(this.acc)
    if (this.acc === 0xff) this.bytes.push(0x00) // byte stuffing
    this.acc = 0
    this.count = 0
  }
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2
  return [0xff, marker, length >> 8, length & 0xff, ...payload]
}

/**
 * Encodes an RGB image given as a colour per 8×8 block. `width` and `height` must be multiples
 * of 8; `blockColor(bx, by)` returns [r, g, b] in 0..255.
 */
export function encodeBlockJpeg(
  width: number,
  height: number,
  blockColor: (bx: number, by: number) => [number, number, number]
): Buffer {
  if (width % 8 || height % 8) throw new RangeError('width and height must be multiples of 8')
  const dc = huffmanCodes(DC_COUNTS, DC_SYMBOLS)
  const ac = huffmanCodes(AC_COUNTS, AC_SYMBOLS)
  const out: number[] = [0xff, 0xd8]
  out.push(
    ...segment(
      0xe0,
      [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
    )
  )
  out.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]))
  out.push(
    ...segment(0xc0, [
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      1,
      0x11,
      0,
      2,
      0x11,
      0,
      3,
      0x11,
      0
    ])
  )
  out.push(...segment(0xc4, [0x00, ...DC_COUNTS, ...DC_SYMBOLS]))
  out.push(...segment(0xc4, [0x10, ...AC_COUNTS, ...AC_SYMBOLS]))
  out.push(...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]))
  const bits = new BitWriter()
  const predictors = [0, 0, 0]
  for (let by = 0; by < height / 8; by++) {
    for (let bx = 0; bx < width / 8; bx++) {
      const [r, g, b] = blockColor(bx, by)
      const ycc = [
        0.299 * r + 0.587 * g + 0.114 * b,
        128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
        128 + 0.5 * r - 0.418688 * g - 0.081312 * b
      ]
      for (let c = 0; c < 3; c++) {
        // A flat block's DC coefficient is 8 × (value − 128) with a quantiser of 1.
        const value = Math.max(-1024, Math.min(1016, Math.round(8 * (ycc[c] - 128))))
        const diff = value - predictors[c]
        predictors[c] = value
        const magnitude = Math.abs(diff)
        const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1
        const [code, length] = dc.get(category) as [number, number]
        bits.write(code, length)
        if (category > 0) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category)
        const [eob, eobLength] = ac.get(0) as [number, number]
        bits.write(eob, eobLength)
      }
    }
  }
  bits.finish()
  out.push(...bits.bytes, 0xff, 0xd9)
  return Buffer.from(out)
}

/**
 * A 160×120 "webcam snapshot" of a print bed: a grey bed, a blue part whose height follows
 * `progress` (0..1), and a red stripe when `alert` is set.
 */
export function snapshotJpeg(progress: number, alert: boolean, seed: number): Buffer {
  const width = 160
  const height = 120
  const partHeight = Math.round(Math.max(0, Math.min(1, progress)) * 8)
  return encodeBlockJpeg(width, height, (bx, by) => {
    if (alert && by === 0) return [220, 30, 30]
    if (by >= 12) return [90, 90, 95] // bed
    if (bx >= 8 && bx < 12 && by >= 12 - partHeight) return [40, 110, 200]
    const shade = 30 + ((bx * 7 + by * 3 + seed) % 20)
    return [shade, shade, shade + 10]
  })
}
