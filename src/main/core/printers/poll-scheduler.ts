/**
 * When to read each account's printer list (docs/decisions/0017): one `GET /api/v1/printers/` per
 * account per interval, whatever the number of printers.
 * - every `watchedMs` (5 s) while a window watches and is visible, else every `backgroundMs` (30 s);
 * - a window starting to watch brings every slow account's next read forward to now;
 * - after a command, an immediate read and a short burst (`burstReads` reads `burstMs` apart);
 * - after a failure, exponential backoff with jitter, never sooner than the server's Retry-After
 *   and never sooner than the normal interval.
 * One read per account at a time: a tick that finds one in flight waits for it.
 */
import type { Clock } from '../clock'

/** How often to read. */
export interface PollIntervals {
  watchedMs: number
  backgroundMs: number
  burstMs: number
  burstReads: number
  backoffBaseMs: number
  backoffMaxMs: number
}

export const DEFAULT_POLL_INTERVALS: Readonly<PollIntervals> = Object.freeze({
  watchedMs: 5_000,
  backgroundMs: 30_000,
  burstMs: 1_000,
  burstReads: 5,
  backoffBaseMs: 5_000,
  backoffMaxMs: 5 * 60_000
})

/** How a read went, as far as scheduling cares. */
export type ReadOutcome = { ok: true } | { ok: false; retryAfterMs?: number }

interface AccountSchedule {
  failures: number
  burstLeft: number
  nextAt: number
  cancelTimer?: () => void
  inFlight?: Promise<void>
}

/** Schedules reads per account. `read` never throws (its failures are outcomes). */
export class PollScheduler {
  private readonly accounts = new Map<string, AccountSchedule>()
  private fast = false
  private disposed = false

  constructor(
    private readonly options: {
      clock: Clock
      intervals: PollIntervals
      read: (accountId: string) => Promise<ReadOutcome>
      /** 0 ≤ n < 1; injectable so backoff is testable. */
      random?: () => number
    }
  ) {}

  /** The accounts to read; new ones are read at once, gone ones stop. */
  setAccounts(accountIds: string[]): void {
    const wanted = new Set(accountIds)
    for (const [id, schedule] of this.accounts) {
      if (!wanted.has(id)) {
        schedule.cancelTimer?.()
        this.accounts.delete(id)
      }
    }
    for (const id of wanted) {
      if (!this.accounts.has(id)) {
        const schedule: AccountSchedule = { failures: 0, burstLeft: 0, nextAt: 0 }
        this.accounts.set(id, schedule)
        this.scheduleAt(id, schedule, this.options.clock.now())
      }
    }
  }

  /** Whether a visible window watches: 5 s instead of 30 s. Turning fast reads slow accounts now. */
  setFast(fast: boolean): void {
    if (this.fast === fast) return
    this.fast = fast
    if (!fast) return
    const now = this.options.clock.now()
    for (const [id, schedule] of this.accounts) {
      // A failing server keeps its backoff; a healthy one is read now.
      if (schedule.failures === 0 && schedule.nextAt > now + this.options.intervals.watchedMs) {
        this.scheduleAt(id, schedule, now)
      }
    }
  }

  /** The current interval for a healthy account. */
  get intervalMs(): number {
    return this.fast ? this.options.intervals.watchedMs : this.options.intervals.backgroundMs
  }

  /** After a command: read now, then `burstReads` reads `burstMs` apart. */
  burst(accountId: string): void {
    const schedule = this.accounts.get(accountId)
    if (!schedule) return
    schedule.burstLeft = this.options.intervals.burstReads
    this.scheduleAt(accountId, schedule, this.options.clock.now())
  }

  /** Reads now (or joins the read in flight); resolves when it is done. */
  async readNow(accountId: string): Promise<void> {
    const schedule = this.accounts.get(accountId)
    if (!schedule) return
    if (schedule.inFlight) return schedule.inFlight
    schedule.cancelTimer?.()
    await this.run(accountId, schedule)
  }

  /** When each account is read next (epoch ms), for the model and tests. */
  nextReadAt(accountId: string): number | undefined {
    return this.accounts.get(accountId)?.nextAt
  }

  dispose(): void {
    this.disposed = true
    for (const schedule of this.accounts.values()) schedule.cancelTimer?.()
    this.accounts.clear()
  }

  private scheduleAt(accountId: string, schedule: AccountSchedule, at: number): void {
    schedule.cancelTimer?.()
    schedule.nextAt = at
    if (schedule.inFlight) return // run() schedules the next read when this one ends
    const delay = Math.max(0, at - this.options.clock.now())
    schedule.cancelTimer = this.options.clock.schedule(delay, () => {
      schedule.cancelTimer = undefined
      void this.run(accountId, schedule)
    })
  }

  private run(accountId: string, schedule: AccountSchedule): Promise<void> {
    if (schedule.inFlight) return schedule.inFlight
    const reading = (async () => {
      let outcome: ReadOutcome
      try {
        outcome = await this.options.read(accountId)
      } catch {
        outcome = { ok: false }
      }
      schedule.inFlight = undefined
      if (this.disposed || this.accounts.get(accountId) !== schedule) return
      const now = this.options.clock.now()
      this.scheduleAt(accountId, schedule, now + this.delayAfter(schedule, outcome))
    })()
    schedule.inFlight = reading
    return reading
  }

  private delayAfter(schedule: AccountSchedule, outcome: ReadOutcome): number {
    const intervals = this.options.intervals
    if (outcome.ok) {
      schedule.failures = 0
      if (schedule.burstLeft > 0) {
        schedule.burstLeft -= 1
        return intervals.burstMs
      }
      return this.intervalMs
    }
    schedule.failures += 1
    schedule.burstLeft = 0
    const exponential = Math.min(
      intervals.backoffMaxMs,
      intervals.backoffBaseMs * 2 ** Math.min(schedule.failures - 1, 20)
    )
    // "Equal jitter": half fixed, half random, so many clients hitting one server spread out.
    const jittered = exponential / 2 + (exponential / 2) * (this.options.random ?? Math.random)()
    return Math.max(this.intervalMs, jittered, outcome.retryAfterMs ?? 0)
  }
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date); undefined when absent or bad. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), 24 * 3600) * 1000
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.min(at - now, 24 * 3600 * 1000))
}
