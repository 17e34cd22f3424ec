import type { Clock } from '../clock'
import { AppError } from '../errors'

/**
 * The three ways a request is stopped before it finishes on its own: the caller cancels it, its
 * overall deadline passes, or nothing moves for too long. All three abort one AbortSignal that the
 * transport watches; `stopReason` then says which one it was, in words the UI can show.
 */

/** setTimeout wraps above 2^31 - 1 ms and would fire at once; no deadline is that long anyway. */
const LONGEST_TIMER_MS = 2 ** 31 - 1

function seconds(ms: number): string {
  const value = ms / 1000
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}

/** The AppError for a request the caller cancelled. */
export function cancelledError(): AppError {
  return new AppError('operation/cancelled', 'The request was cancelled.')
}

/** One request's limits, live from construction until `dispose()`. */
export class RequestLimits {
  private readonly controller = new AbortController()
  private reason: AppError | undefined
  private readonly cancelDeadline: () => void
  private cancelIdle: (() => void) | undefined
  private disposed = false
  private readonly onCallerAbort = () => this.stop(cancelledError())

  constructor(
    private readonly clock: Clock,
    private readonly limits: {
      /** The whole request, from the first byte sent to the last byte read. */
      deadlineMs: number
      /** The longest silence in both directions; undefined: no idle limit. */
      idleTimeoutMs?: number
      /** The caller's cancel. */
      signal?: AbortSignal
    }
  ) {
    this.cancelDeadline = clock.schedule(Math.min(limits.deadlineMs, LONGEST_TIMER_MS), () =>
      this.stop(
        new AppError(
          'network/timeout',
          `The server did not finish answering within ${seconds(limits.deadlineMs)} seconds. Check the connection and try again.`,
          { retryable: true }
        )
      )
    )
    this.touch()
    if (limits.signal?.aborted) this.onCallerAbort()
    else limits.signal?.addEventListener('abort', this.onCallerAbort, { once: true })
  }

  /** Aborted when the request must stop; hand it to the transport. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** Why the request was stopped, or undefined while it has not been. */
  get stopReason(): AppError | undefined {
    return this.reason
  }

  /** Bytes moved: the idle limit starts again. */
  touch(): void {
    const idleMs = this.limits.idleTimeoutMs
    // axios reports progress asynchronously: a late report must not start a timer after the end.
    if (idleMs === undefined || this.reason || this.disposed) return
    this.cancelIdle?.()
    this.cancelIdle = this.clock.schedule(Math.min(idleMs, LONGEST_TIMER_MS), () =>
      this.stop(
        new AppError(
          'network/timeout',
          `The connection stalled: nothing was sent or received for ${seconds(idleMs)} seconds. Check the connection and try again.`,
          { retryable: true }
        )
      )
    )
  }

  /** Stops the request for `reason` (the first reason wins). */
  stop(reason: AppError): void {
    if (this.reason) return
    this.reason = reason
    this.controller.abort()
  }

  /** Ends the timers and the caller-signal listener; call once the request has settled. */
  dispose(): void {
    this.disposed = true
    this.cancelDeadline()
    this.cancelIdle?.()
    this.limits.signal?.removeEventListener('abort', this.onCallerAbort)
  }
}
