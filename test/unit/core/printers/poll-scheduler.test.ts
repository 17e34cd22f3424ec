import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/main/core/clock'
import {
  DEFAULT_POLL_INTERVALS,
  PollScheduler,
  retryAfterMs,
  type ReadOutcome
} from '../../../../src/main/core/printers/poll-scheduler'

/** Lets the scheduler's promise chains settle between clock steps. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

function setUp(outcomes: (accountId: string) => ReadOutcome = () => ({ ok: true }), random = 0.5) {
  const clock = new ManualClock(0)
  const reads: { accountId: string; at: number }[] = []
  const scheduler = new PollScheduler({
    clock,
    intervals: DEFAULT_POLL_INTERVALS,
    random: () => random,
    read: async (accountId) => {
      reads.push({ accountId, at: clock.now() })
      return outcomes(accountId)
    }
  })
  /** Moves the clock in 100 ms steps so each read settles before the next timer. */
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100)
      await settle()
    }
  }
  return { clock, scheduler, reads, run }
}

function gapsOf(reads: { at: number }[]): number[] {
  return reads.slice(1).map((read, i) => read.at - reads[i].at)
}

describe('PollScheduler', () => {
  it('reads a new account at once, then every 30 s unwatched and every 5 s watched', async () => {
    const { scheduler, reads, run } = setUp()
    scheduler.setAccounts(['a'])
    await run(60_000)
    expect(reads).toHaveLength(2)
    expect(reads[0].at).toBeLessThanOrEqual(100)
    expect(gapsOf(reads)[0]).toBeCloseTo(30_000, -3)
    scheduler.setFast(true)
    await run(100)
    // Starting to watch reads now, not at the next slow tick.
    expect(reads).toHaveLength(3)
    expect(reads[2].at).toBeLessThanOrEqual(60_100)
    await run(20_000)
    for (const gap of gapsOf(reads).slice(2)) expect(gap).toBeCloseTo(5_000, -3)
  })

  it('reads once per account per interval, however many accounts', async () => {
    const { scheduler, reads, run } = setUp()
    scheduler.setFast(true)
    scheduler.setAccounts(['a', 'b', 'c'])
    await run(60_000)
    for (const id of ['a', 'b', 'c']) {
      const count = reads.filter((r) => r.accountId === id).length
      expect(count).toBeGreaterThanOrEqual(11)
      expect(count).toBeLessThanOrEqual(13)
    }
  })

  it('bursts after a command, then returns to the interval', async () => {
    const { scheduler, reads, run, clock } = setUp()
    scheduler.setFast(true)
    scheduler.setAccounts(['a'])
    await run(200)
    reads.length = 0
    const burstAt = clock.now()
    scheduler.burst('a')
    await run(15_000)
    const gaps = gapsOf(reads)
    expect(reads[0].at - burstAt).toBeLessThanOrEqual(100) // at once
    expect(gaps.slice(0, 5).every((gap) => gap <= 1_200)).toBe(true)
    expect(gaps[5]).toBeGreaterThanOrEqual(5_000)
  })

  it('backs off exponentially with jitter on failure and honours Retry-After', async () => {
    let failing = true
    let retryAfter: number | undefined
    const { scheduler, reads, run } = setUp(() =>
      failing ? { ok: false, retryAfterMs: retryAfter } : { ok: true }
    )
    scheduler.setFast(true)
    scheduler.setAccounts(['a'])
    await run(200_000)
    // random 0.5 → 3/4 of 5 s, 10 s, 20 s, 40 s, 80 s, never below the 5 s interval.
    const gaps = gapsOf(reads)
    const expected = [5_000, 7_500, 15_000, 30_000, 60_000]
    expected.forEach((gap, i) => expect(gaps[i]).toBeCloseTo(gap, -3))
    retryAfter = 400_000
    const before = reads.length
    await run(900_000)
    // The read already scheduled goes ahead; the next waits for Retry-After.
    expect(gapsOf(reads.slice(before))[0]).toBeGreaterThanOrEqual(400_000)
    failing = false
    retryAfter = undefined
    const recovered = reads.length
    await run(600_000)
    const after = gapsOf(reads.slice(recovered))
    expect(after.at(-1)).toBeCloseTo(5_000, -3) // healthy again: back to the interval
  })

  it('joins a read in flight instead of starting a second one', async () => {
    const clock = new ManualClock(0)
    let release: () => void = () => {}
    let calls = 0
    const scheduler = new PollScheduler({
      clock,
      intervals: DEFAULT_POLL_INTERVALS,
      read: () => {
        calls += 1
        return new Promise<ReadOutcome>((resolve) => (release = () => resolve({ ok: true })))
      }
    })
    scheduler.setAccounts(['a'])
    clock.advance(0)
    const a = scheduler.readNow('a')
    const b = scheduler.readNow('a')
    expect(calls).toBe(1)
    release()
    await Promise.all([a, b])
    scheduler.dispose()
  })

  it('parses Retry-After in seconds and as a date', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000)
    expect(retryAfterMs('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000)
    expect(retryAfterMs('soon', 0)).toBeUndefined()
    expect(retryAfterMs(undefined, 0)).toBeUndefined()
  })
})
