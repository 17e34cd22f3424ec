import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createPkcePair,
  createState,
  isValidVerifier,
  pkceChallenge
} from '../../../../src/main/core/auth/pkce'

describe('PKCE (RFC 7636)', () => {
  it('matches the Appendix B test vector', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    )
  })

  it('creates verifiers of 43-128 unreserved characters whose challenge is base64url(sha256)', () => {
    for (let i = 0; i < 200; i++) {
      const pair = createPkcePair()
      expect(pair.method).toBe('S256')
      expect(pair.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/)
      const expected = createHash('sha256').update(pair.verifier).digest('base64url')
      expect(pair.challenge).toBe(expected)
      expect(pair.challenge).not.toMatch(/[=+/]/)
    }
  })

  it('carries 256 bits: 43 characters decode to 32 bytes', () => {
    const { verifier } = createPkcePair()
    expect(verifier).toHaveLength(43)
    expect(Buffer.from(verifier, 'base64url')).toHaveLength(32)
  })

  it('rejects verifiers that break the grammar', () => {
    expect(isValidVerifier('a'.repeat(42))).toBe(false)
    expect(isValidVerifier('a'.repeat(129))).toBe(false)
    expect(isValidVerifier('a'.repeat(42) + '+')).toBe(false)
    expect(isValidVerifier('a'.repeat(43))).toBe(true)
    expect(() => pkceChallenge('short')).toThrow(TypeError)
  })
})

describe('createState', () => {
  it('is 256-bit base64url and unique', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      const state = createState()
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(state, 'base64url')).toHaveLength(32)
      seen.add(state)
    }
    expect(seen.size).toBe(5000)
  })

  it('looks random: every base64url symbol shows up and bits are balanced', () => {
    const joined = Array.from({ length: 2000 }, () => createState()).join('')
    const symbols = new Set(joined)
    expect(symbols.size).toBe(64)
    const bytes = Buffer.concat(
      Array.from({ length: 2000 }, () => Buffer.from(createState(), 'base64url'))
    )
    let ones = 0
    for (const byte of bytes) for (let bit = 0; bit < 8; bit++) ones += (byte >> bit) & 1
    const ratio = ones / (bytes.length * 8)
    expect(ratio).toBeGreaterThan(0.49)
    expect(ratio).toBeLessThan(0.51)
  })
})
