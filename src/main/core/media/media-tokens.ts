/**
 * Unguessable, expiring names for cached media: what the page puts in a `<video src>` instead of a
 * signed server URL. A token names one cache key; it lives while it is used and goes after
 * `idleMs` without a request (and when there are too many, the longest unused first).
 */
import { randomBytes } from 'node:crypto'

export const DEFAULT_TOKEN_IDLE_MS = 30 * 60_000
/** More than any page could hold open; a runaway caller cannot grow the map without end. */
const MAX_TOKENS = 64

/** 24 random bytes as base64url: 32 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/

export interface MediaTokensOptions {
  now: () => number
  idleMs?: number
}

export class MediaTokens {
  /** Insertion order is recency: the first token is the longest unused. */
  private readonly tokens = new Map<string, { key: string; usedAt: number }>()
  private readonly idleMs: number

  constructor(private readonly options: MediaTokensOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_TOKEN_IDLE_MS
  }

  /** A new token for `key`. */
  issue(key: string): string {
    this.prune()
    const token = randomBytes(24).toString('base64url')
    this.tokens.set(token, { key, usedAt: this.options.now() })
    while (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value
      if (oldest === undefined) break
      this.tokens.delete(oldest)
    }
    return token
  }

  /** The key a live token names (and the token counts as used now), or undefined. */
  resolve(token: string): string | undefined {
    this.prune()
    const entry = this.tokens.get(token)
    if (!entry) return undefined
    this.tokens.delete(token)
    this.tokens.set(token, { key: entry.key, usedAt: this.options.now() })
    return entry.key
  }

  /** Live tokens (for tests). */
  get size(): number {
    this.prune()
    return this.tokens.size
  }

  clear(): void {
    this.tokens.clear()
  }

  private prune(): void {
    const now = this.options.now()
    for (const [token, entry] of this.tokens) {
      // Oldest first: the first live one means the rest are live too.
      if (now - entry.usedAt < this.idleMs) return
      this.tokens.delete(token)
    }
  }
}
