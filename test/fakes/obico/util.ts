import { createHmac, randomBytes } from 'node:crypto'

/**
 * Small helpers shared by the Obico fake modules.
 */

/** Django REST framework's datetime format: ISO-8601 UTC with microseconds and `Z` (obico-api.md §2.1). */
export function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

/** A timestamp field: numbers (ms) become DRF datetimes; anything else (raw PATCH values) passes through. */
export function ts(value: unknown): unknown {
  return typeof value === 'number' ? isoMicro(value) : (value ?? null)
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** DOT/oauthlib-style random token: 30 alphanumeric characters (obico-api.md §1.5, §1.6). */
export function randomToken(length = 30): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += TOKEN_ALPHABET[bytes[i] % TOKEN_ALPHABET.length]
  return out
}

/** A printer agent secret: 20 hex characters (obico-api.md §1.8). */
export function randomHex(chars = 20): string {
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars)
}

/**
 * Obico's `safe_filename` / `safe_name`: every character outside `[A-Za-z0-9_.]` and Unicode word
 * characters becomes `_` (obico-api.md §2.5).
 */
export function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}_.]/gu, '_')
}

/** HMAC-signs a media path; the `digest` query value of signed media URLs (obico-api.md §2.3, §2.5). */
export function signPath(secret: string, path: string): string {
  return createHmac('sha256', secret).update(path).digest('hex').slice(0, 32)
}

/** Parses an integer the way Python's int() would for query values; NaN otherwise. */
export function strictInt(value: string): number {
  return /^\s*[-+]?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : Number.NaN
}
