import { describe, expect, it } from 'vitest'
import { parseByteRange } from '../../../../src/main/core/media/byte-range'

/** The Range header as a `<video>` sends it, for a 1,000-byte file (RFC 9110 §14.1.2). */
describe('parseByteRange', () => {
  const size = 1000

  it('sends the whole file without a header, in another unit, or for several ranges', () => {
    for (const header of [undefined, null, '', '   ', 'items=0-5', 'bytes=0-1,5-9']) {
      expect(parseByteRange(header, size), String(header)).toEqual({ kind: 'whole' })
    }
  })

  it('reads the three forms of one range', () => {
    expect(parseByteRange('bytes=0-', size)).toEqual({ kind: 'part', start: 0, end: 999 })
    expect(parseByteRange('bytes=100-199', size)).toEqual({ kind: 'part', start: 100, end: 199 })
    expect(parseByteRange('bytes=-100', size)).toEqual({ kind: 'part', start: 900, end: 999 })
    expect(parseByteRange('BYTES= 5 - 6 ', size)).toEqual({ kind: 'part', start: 5, end: 6 })
  })

  it('clamps a range that runs past the end, and a suffix longer than the file', () => {
    expect(parseByteRange('bytes=990-5000', size)).toEqual({ kind: 'part', start: 990, end: 999 })
    expect(parseByteRange('bytes=900-99999999999999999999999', size)).toEqual({
      kind: 'part',
      start: 900,
      end: 999
    })
    expect(parseByteRange('bytes=-5000', size)).toEqual({ kind: 'part', start: 0, end: 999 })
  })

  it('refuses ranges that start past the end, run backwards, or cannot be read', () => {
    for (const header of [
      'bytes=1000-',
      'bytes=1000-1001',
      'bytes=5-4',
      'bytes=-0',
      'bytes=-',
      'bytes=a-b',
      'bytes=1-2-3',
      'bytes=0x10-'
    ]) {
      expect(parseByteRange(header, size), header).toEqual({ kind: 'unsatisfiable' })
    }
  })

  it('has nothing to give from an empty file', () => {
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' })
    expect(parseByteRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' })
    expect(parseByteRange(undefined, 0)).toEqual({ kind: 'whole' })
  })
})
