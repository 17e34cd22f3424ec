/**
 * Single-flight: concurrent callers for the same key share one in-flight promise; once it settles
 * (fulfilled or rejected), the next call for that key starts a new task.
 *
 * Used for token refresh. Servers that rotate refresh tokens (DOT's ROTATE_REFRESH_TOKEN with a
 * 0 s grace period, obico-api.md §1.2) reject the old refresh token the moment a new one is issued,
 * so two parallel refreshes would log the account out. The task given to `run` must therefore
 * **store the rotated tokens (vault write) before it resolves**: callers receive the new access
 * token only after it is durable, and a crash between refresh and store cannot lose the only
 * valid refresh token silently.
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>()

  /** Runs `task` for `key`, or joins the run already in flight for it. */
  run(key: K, task: () => Promise<V>): Promise<V> {
    const existing = this.inFlight.get(key)
    if (existing) return existing
    let promise: Promise<V>
    try {
      promise = Promise.resolve(task())
    } catch (error) {
      promise = Promise.reject(error)
    }
    const tracked = promise.finally(() => {
      if (this.inFlight.get(key) === tracked) this.inFlight.delete(key)
    })
    this.inFlight.set(key, tracked)
    return tracked
  }

  /** True while a task for `key` has not settled. */
  isInFlight(key: K): boolean {
    return this.inFlight.has(key)
  }

  /** Number of keys with a task in flight. */
  get size(): number {
    return this.inFlight.size
  }
}
