import { describe, expect, it } from 'vitest'
import type { AppErrorCode } from '@shared/errors'
import { errorText, isAppErrorCode } from '../../src/renderer/src/lib/error-text'

// Written out here, not imported, so a code added to errors.ts without words fails the tsc check of
// this list (`satisfies`) and this test.
const ALL_CODES = [
  'ipc/invalid-arguments',
  'ipc/untrusted-sender',
  'ipc/unknown-channel',
  'auth/cancelled',
  'auth/timed-out',
  'auth/state-mismatch',
  'auth/denied',
  'auth/provider-error',
  'auth/invalid-code',
  'auth/invalid-credentials',
  'auth/needs-relink',
  'auth/already-linking',
  'auth/unsupported',
  'auth/invalid-callback',
  'account/not-found',
  'account/invalid-server-url',
  'vault/unavailable',
  'vault/read-failed',
  'network/offline',
  'network/timeout',
  'network/server-error',
  'network/rate-limited',
  'network/bad-response',
  'network/too-large',
  'operation/cancelled',
  'settings/invalid',
  'library/too-large',
  'library/not-gcode',
  'library/name-taken',
  'library/not-found',
  'library/disk-full',
  'library/rejected-by-proxy',
  'library/unconfirmed',
  'library/cannot-print',
  'internal/unexpected'
] as const satisfies readonly AppErrorCode[]

describe('errorText', () => {
  it('has a plain sentence for every code, never the code or main’s message', () => {
    const seen = new Set<string>()
    for (const code of ALL_CODES) {
      expect(isAppErrorCode(code)).toBe(true)
      const text = errorText({ code, message: 'RAW-MAIN-MESSAGE' })
      expect(text).not.toContain(code)
      expect(text).not.toContain('RAW-MAIN-MESSAGE')
      expect(text).toMatch(/^[A-Z].*\.$/)
      seen.add(text)
    }
    // Distinct words per code (two codes sharing a sentence would hide a real difference).
    expect(seen.size).toBe(ALL_CODES.length)
  })

  it('falls back to main’s message for a code it does not know', () => {
    expect(
      errorText({ code: 'printer/on-fire', message: 'The printer reported a thermal runaway.' })
    ).toBe('The printer reported a thermal runaway.')
    expect(errorText({ code: 'printer/on-fire', message: '  ' })).toBe(
      'Something went wrong inside Printdock.'
    )
  })
})
