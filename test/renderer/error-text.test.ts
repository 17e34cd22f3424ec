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

  it('names the server that could not be reached, when main says which', () => {
    expect(errorText({ code: 'network/offline', message: 'x', server: 'http://127.0.0.1:9' })).toBe(
      'Printdock could not reach http://127.0.0.1:9. Check the address and that the server is running.'
    )
    expect(errorText({ code: 'network/timeout', message: 'x', server: 'https://obico.lan' })).toBe(
      'https://obico.lan did not answer within a few seconds. Check the address and that the server is running.'
    )
  })

  it('uses the server’s own reason for a rejected credential instead of a catch-all', () => {
    expect(
      errorText({
        code: 'auth/invalid-credentials',
        message: 'x',
        serverSaid: 'Incorrect username or password'
      })
    ).toBe('Incorrect username or password.')
    expect(
      errorText({ code: 'auth/provider-error', message: 'x', serverSaid: 'Client is disabled.' })
    ).toBe('The service said: Client is disabled.')
    expect(
      errorText({ code: 'network/server-error', message: 'x', serverSaid: 'Database is down' })
    ).toBe('The server had a problem. Try again later. The server said: Database is down.')
  })
})
