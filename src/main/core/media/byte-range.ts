/**
 * The `Range` header of a media request (RFC 9110 §14), for one file of a known size.
 *
 * Only what a `<video>` element sends is honoured: one `bytes=` range, in any of its three forms
 * (`a-b`, `a-`, `-n`). A header in another unit, or with several ranges, is ignored and the whole
 * file is sent (§14.2 allows ignoring Range). A `bytes=` range that cannot be read, or that starts
 * past the end, is refused with 416, as Go's file server does: a player that asked for bytes it
 * cannot have should hear so rather than get the whole file again.
 */

/** What to send. `end` is inclusive, as in `Content-Range`. */
export type ByteRange =
  { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' }

const SINGLE_RANGE = /^bytes=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i

export function parseByteRange(header: string | undefined | null, size: number): ByteRange {
  const value = header?.trim()
  if (!value) return { kind: 'whole' }
  if (!/^bytes=/i.test(value)) return { kind: 'whole' }
  if (value.includes(',')) return { kind: 'whole' }
  const match = SINGLE_RANGE.exec(value)
  if (!match) return { kind: 'unsatisfiable' }
  const [, first, last] = match
  if (first === '' && last === '') return { kind: 'unsatisfiable' }
  if (first === '') {
    // `-n`: the last n bytes.
    const length = Number(last)
    if (!Number.isSafeInteger(length) || length === 0 || size === 0)
      return { kind: 'unsatisfiable' }
    return { kind: 'part', start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(first)
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' }
  if (last === '') return { kind: 'part', start, end: size - 1 }
  // A last position past the end means "to the end" (§14.1.2); a huge one is no different.
  const end = Number(last)
  if (end < start) return { kind: 'unsatisfiable' }
  return { kind: 'part', start, end: Math.min(end, size - 1) }
}
