import { describe, expect, it } from 'vitest'
import { newerSnapshot, type Snapshot } from '../../../src/shared/snapshot'
import { SnapshotSource } from '../../../src/main/core/snapshots'

/** A promise and the function that settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

describe('SnapshotSource', () => {
  it('gives every read a larger revision', async () => {
    let value = 'a'
    const source = new SnapshotSource(() => value)
    const first = await source.snapshot()
    value = 'b'
    const second = await source.snapshot()
    expect(first).toEqual({ revision: 1, value: 'a' })
    expect(second).toEqual({ revision: 2, value: 'b' })
  })

  it('numbers overlapping reads by when they started, so the newer state wins', async () => {
    // An older read that finishes last must not carry the larger revision.
    const reads = [deferred<string>(), deferred<string>()]
    let next = 0
    const source = new SnapshotSource(() => reads[next++].promise)
    const older = source.snapshot()
    const newer = source.snapshot()
    reads[1].resolve('after the write')
    reads[0].resolve('before the write')
    const [a, b] = await Promise.all([older, newer])
    expect(newerSnapshot(newerSnapshot(undefined, b), a)).toEqual({
      revision: 2,
      value: 'after the write'
    })
  })
})

describe('newerSnapshot', () => {
  const at = (revision: number, value: string): Snapshot<string> => ({ revision, value })

  it('takes the first snapshot', () => {
    expect(newerSnapshot(undefined, at(4, 'x'))).toEqual(at(4, 'x'))
  })

  it('takes a newer one and keeps the current over an older or equal one', () => {
    const current = at(5, 'now')
    expect(newerSnapshot(current, at(6, 'next'))).toEqual(at(6, 'next'))
    expect(newerSnapshot(current, at(4, 'stale'))).toBe(current)
    expect(newerSnapshot(current, at(5, 'same read again'))).toBe(current)
  })
})
