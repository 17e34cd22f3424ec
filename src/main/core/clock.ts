/**
 * Time, injected. Core code never calls Date.now() or setTimeout directly, so tests (and the
 * fake) can move time forward without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, callback) {
    const handle = setTimeout(callback, ms)
    handle.unref?.()
    return () => clearTimeout(handle)
  }
}

/**
 * A clock that moves only when told to. `advance(ms)` runs every timer that falls due, in order.
 */
export class ManualClock implements Clock {
  private current: number
  private timers: { at: number; seq: number; callback: () => void }[] = []
  private seq = 0

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, callback }
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((t) => t !== timer)
    }
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.current + ms
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!due) break
      this.timers = this.timers.filter((t) => t !== due)
      this.current = Math.max(this.current, due.at)
      due.callback()
    }
    this.current = target
  }
}
