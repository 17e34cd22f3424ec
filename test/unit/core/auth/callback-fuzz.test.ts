import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { parseAppUrl, parseCallbackUrl } from '../../../../src/main/core/auth/callback-url'
import {
  PendingAuthorizations,
  type PendingAttempt
} from '../../../../src/main/core/auth/pending-authorizations'
import { createState } from '../../../../src/main/core/auth/pkce'

/** mulberry32: tiny seeded PRNG so a failing run can be replayed with FUZZ_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ 0x5eed) >>> 0
const ITERATIONS = 5000
const REDIRECT = 'http://127.0.0.1:53123/printdock/callback'

const PIECES = [
  '%00',
  '%0a',
  '%0d%0a',
  '%2F',
  '%2f',
  '%5C',
  '%25',
  '%',
  '%zz',
  '%u0041',
  '\\',
  '/',
  '//',
  '/./',
  '/../',
  '?',
  '#',
  '&',
  '=',
  '@',
  ':',
  ';',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ud83d\ude00',
  '\ud800',
  '\ufeff',
  'é',
  'ﬁ',
  '＠',
  '．',
  '。',
  '+',
  '"',
  "'",
  '<script>',
  '`',
  'code=',
  'state=',
  'error=access_denied',
  'error=server_error',
  'iss=x',
  'code=a&code=b',
  'state=a&state=b',
  'javascript:',
  'data:text/html,',
  'file://',
  'printdock://',
  'HTTP://',
  'http://127.0.0.1:53124',
  'http://localhost:53123',
  'http://[::1]:53123',
  'http://127.0.0.1.evil.example',
  'user:pw@',
  '0x7f.1',
  '2130706433',
  '127.0.0.1:53123@evil.example'
]

function randomString(rand: () => number, max: number): string {
  const length = Math.floor(rand() * max)
  let out = ''
  for (let i = 0; i < length; i++) {
    const pick = rand()
    if (pick < 0.6) out += String.fromCharCode(0x20 + Math.floor(rand() * 0x5f))
    else if (pick < 0.75) out += String.fromCharCode(Math.floor(rand() * 0x20))
    else if (pick < 0.9) out += String.fromCharCode(Math.floor(rand() * 0xffff))
    else out += PIECES[Math.floor(rand() * PIECES.length)]
  }
  return out
}

function mutate(rand: () => number, url: string): string {
  let out = url
  const steps = 1 + Math.floor(rand() * 4)
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(rand() * (out.length + 1))
    const op = rand()
    if (op < 0.3)
      out = out.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + out.slice(at)
    else if (op < 0.45) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 5))
    else if (op < 0.6) out = out.slice(0, at) + randomString(rand, 6) + out.slice(at + 1)
    else if (op < 0.7) out = out + '&' + out.slice(out.indexOf('?') + 1)
    else if (op < 0.8)
      out = out.replace('127.0.0.1:53123', PIECES[Math.floor(rand() * PIECES.length)])
    else if (op < 0.85) out = out + 'A'.repeat(Math.floor(rand() * 20_000))
    else if (op < 0.9) out = out.toUpperCase()
    else
      out = out.replace(
        '/printdock/callback',
        '/printdock' + PIECES[Math.floor(rand() * PIECES.length)] + 'callback'
      )
  }
  return out
}

function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    return 'lone-surrogate'
  }
}

function candidate(rand: () => number, state: string): string {
  const kind = rand()
  const goodState = rand() < 0.5 ? state : createState()
  if (kind < 0.2) return randomString(rand, 300)
  const base =
    rand() < 0.8
      ? `${REDIRECT}?code=${encodeLoosely(randomString(rand, 20) || 'c')}&state=${goodState}`
      : `${REDIRECT}?error=access_denied&state=${goodState}`
  return kind < 0.3 ? base : mutate(rand, base)
}

/** An independent oracle: what WHATWG URL makes of an accepted string. */
function oracleAgrees(raw: string, code: string, state: string): boolean {
  const url = new URL(raw)
  return (
    url.protocol === 'http:' &&
    url.host === '127.0.0.1:53123' &&
    url.pathname === '/printdock/callback' &&
    url.username === '' &&
    url.password === '' &&
    (url.hash === '' || url.hash === '#') &&
    url.searchParams.getAll('code').length === 1 &&
    url.searchParams.get('code') === code &&
    url.searchParams.getAll('state').length === 1 &&
    url.searchParams.get('state') === state
  )
}

describe(`callback fuzz (seed ${SEED}; rerun with FUZZ_SEED=${SEED})`, () => {
  it(`parseCallbackUrl and parseAppUrl never throw and only accept exact redirects (${ITERATIONS} inputs)`, () => {
    console.log(`[callback-fuzz] seed=${SEED}`)
    const rand = prng(SEED)
    let accepted = 0
    for (let i = 0; i < ITERATIONS; i++) {
      const raw = candidate(rand, createState())
      let result
      try {
        result = parseCallbackUrl(raw, { redirectUri: REDIRECT })
        const app = parseAppUrl(raw)
        expect(app.kind).toBe('unknown')
        const appVariant = parseAppUrl(raw.replace(REDIRECT, 'printdock://oauth/callback'))
        expect(['unknown', 'oauth-callback']).toContain(appVariant.kind)
      } catch (error) {
        throw new Error(
          `seed=${SEED} i=${i} threw on ${JSON.stringify(raw.slice(0, 200))}: ${String(error)}`
        )
      }
      expect(['code', 'error', 'invalid']).toContain(result.kind)
      if (result.kind === 'code') {
        accepted++
        expect(raw.length).toBeLessThanOrEqual(8192)
        expect(raw).toMatch(/^[\x21-\x7e]+$/)
        expect(
          oracleAgrees(raw, result.code, result.state),
          `seed=${SEED} i=${i} ${raw.slice(0, 200)}`
        ).toBe(true)
      }
    }
    // The generator must actually produce some valid callbacks, or the test proves nothing.
    expect(accepted).toBeGreaterThan(50)
    expect(accepted).toBeLessThan(ITERATIONS / 2)
  })

  it(`PendingAuthorizations.resolve fails closed on ${ITERATIONS} hostile callbacks`, async () => {
    const rand = prng(SEED ^ 0xabcdef)
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const start = (): PendingAttempt =>
      pending.begin({
        attemptKey: 'fuzz',
        providerKey: 'generic',
        serverOrigin: 'https://op.example',
        redirectUri: REDIRECT,
        verifier: 'v'.repeat(43),
        state: createState()
      })
    let attempt = start()
    let resolved = 0
    for (let i = 0; i < ITERATIONS; i++) {
      const raw = candidate(rand, attempt.state)
      let outcome: 'resolved' | 'rejected' = 'rejected'
      try {
        pending.resolve(raw)
        outcome = 'resolved'
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw new Error(
            `seed=${SEED} i=${i} non-AppError on ${JSON.stringify(raw.slice(0, 200))}: ${String(error)}`
          )
        }
        if (error.code === 'auth/state-mismatch' || error.code === 'auth/invalid-callback') {
          expect(pending.get(attempt.attemptId), `seed=${SEED} i=${i}`).toBeDefined()
          continue
        }
        // Only a provider error carrying the pending state may end the attempt.
        expect(['auth/denied', 'auth/provider-error']).toContain(error.code)
      }
      const parsed = parseCallbackUrl(raw, { redirectUri: REDIRECT })
      expect(
        parsed.kind === 'invalid' ? undefined : parsed.state,
        `seed=${SEED} i=${i} ${raw.slice(0, 200)}`
      ).toBe(attempt.state)
      if (outcome === 'resolved') {
        resolved++
        const result = await attempt.promise
        expect(parsed.kind === 'code' && parsed.code).toBe(result.code)
      } else {
        await attempt.promise.catch(() => undefined)
      }
      expect(pending.list()).toHaveLength(0)
      attempt = start()
    }
    expect(resolved).toBeGreaterThan(20)
  })
})
