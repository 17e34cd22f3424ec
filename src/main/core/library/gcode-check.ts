/**
 * Is a file text G-code, Prusa's binary G-code, or something else? Obico stores only text G-code
 * (obico-api.md §2.5: anything that does not decode as UTF-8 gets a 400), so Printdock answers this
 * before sending a byte, from a bounded head of the file (never the whole file).
 *
 * The library takes the check as a dependency (`CheckGcodeKind`): the metadata parser in
 * `core/gcode` answers the same question with the slicer's metadata; until it is wired in, this
 * sniffer is the default.
 */
import { open } from 'node:fs/promises'

export type GcodeKind = 'gcode' | 'bgcode' | 'not-gcode'

/** Answers what kind of file `path` holds. */
export type CheckGcodeKind = (path: string) => Promise<GcodeKind>

const HEAD_BYTES = 64 * 1024
/** The magic of a Prusa binary G-code file (libbgcode: "GCDE"). */
const BGCODE_MAGIC = Buffer.from('GCDE', 'ascii')

/** Reads at most the first 64 KiB: bgcode by its magic, not-gcode by a NUL or invalid UTF-8. */
export const sniffGcodeKind: CheckGcodeKind = async (path) => {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0)
    const head = buffer.subarray(0, bytesRead)
    if (head.subarray(0, 4).equals(BGCODE_MAGIC)) return 'bgcode'
    if (head.includes(0)) return 'not-gcode'
    try {
      // `stream: true`: a character cut at the 64 KiB boundary is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: bytesRead === HEAD_BYTES })
    } catch {
      return 'not-gcode'
    }
    return 'gcode'
  } finally {
    await handle.close()
  }
}
