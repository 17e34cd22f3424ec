import type { Clock } from '../../../src/main/core/clock'
import { Emitter, type Disposable } from '../../../src/main/core/events'

/**
 * The fake's notion of time: real time plus an offset that tests push forward.
 *
 * Code lifetimes, token expiry and simulated printers all read `now()`, so a test can expire a
 * 60-second Omniport code or finish a two-hour print with `advance(ms)` instead of sleeping.
 * Timers scheduled through `schedule` fire on real time or when `advance` passes them, whichever
 * comes first.
 */
export class FakeClock implements Clock {
  private offset = 0
  private readonly frozenAt: number | undefined
  private timers: { at: number; callback: () => void; handle?: NodeJS.Timeout }[] = []
  private readonly advanced = new Emitter<number>()

  /** `frozen` stops real time from passing: only `advance` moves the clock (deterministic tests). */
  constructor(options: { start?: number; frozen?: boolean } = {}) {
    const start = options.start ?? Date.now()
    this.frozenAt = options.frozen ? start : undefined
    if (!options.frozen) this.offset = start - Date.now()
  }

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offset
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer: { at: number; callback: () => void; handle?: NodeJS.Timeout } = {
      at: this.now() + Math.max(0, ms),
      callback
    }
    const fire = () => {
      if (!this.timers.includes(timer)) return
      this.timers = this.timers.filter((t) => t !== timer)
      timer.callback()
    }
    if (this.frozenAt === undefined) {
      timer.handle = setTimeout(fire, Math.max(0, ms))
      timer.handle.unref()
    }
    this.timers.push(timer)
    return () => {
      if (timer.handle) clearTimeout(timer.handle)
      this.timers = this.timers.filter((t) => t !== timer)
    }
  }

  /** Jumps forward by `ms`, fires timers that fell due, then tells listeners. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms >= 0')
    this.offset += ms
    const now = this.now()
    const due = this.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)
    this.timers = this.timers.filter((t) => t.at > now)
    for (const timer of due) {
      if (timer.handle) clearTimeout(timer.handle)
      timer.callback()
    }
    this.advanced.fire(now)
  }

  /** Called after every `advance`, with the new time. */
  onAdvance(listener: (now: number) => void): Disposable {
    return this.advanced.event(listener)
  }
}
