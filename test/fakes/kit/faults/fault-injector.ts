/**
 * Fault injection: what can go wrong between Printdock and a server, on demand.
 *
 * A rule names a route (method and path, exact or regex) and a fault; `times` limits how many
 * requests it hits before it removes itself. Several rules may match one request: latency applies
 * first, then a replacement status, then body faults.
 */
export type Fault =
  | { kind: 'latency'; ms: number }
  /**
   * A replacement answer. Without `body` it is Django's bare 500 page; `contentType` (default
   * `text/html; charset=utf-8`, what Django's error pages use) lets a JSON body pass as JSON.
   */
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /** DRF's throttled answer: 429, `Retry-After` and the "Expected available in N seconds." detail. */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'reset-request'; afterBytes: number }
  | { kind: 'reset-response'; afterBytes: number }
  | { kind: 'malformed-json' }
  | { kind: 'slow-reader'; bytesPerSecond: number }

/** Where and how often a fault strikes. */
export interface FaultRule {
  method?: string
  path?: string | RegExp
  fault: Fault
  times?: number
}

/** Holds the active rules of one fake server. */
export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = []

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const entry = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }
    this.rules.push(entry)
    return () => {
      this.rules = this.rules.filter((r) => r !== entry)
    }
  }

  clear(): void {
    this.rules = []
  }

  /** The faults that strike this request; each match uses up one of its rule's `times`. */
  take(method: string, path: string): Fault[] {
    const hits: Fault[] = []
    for (const entry of this.rules) {
      const { rule } = entry
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue
      if (rule.path !== undefined) {
        const matches = typeof rule.path === 'string' ? rule.path === path : rule.path.test(path)
        if (!matches) continue
      }
      hits.push(rule.fault)
      entry.remaining -= 1
    }
    this.rules = this.rules.filter((r) => r.remaining > 0)
    return hits
  }
}
