import { describe, expect, it } from 'vitest'
import { strayAuthorizationErrorNotice } from '../../../../src/main/core/auth/authorization-errors'

describe('strayAuthorizationErrorNotice', () => {
  it('names the server and says what it reported', () => {
    const text = strayAuthorizationErrorNotice(
      'Octoblu',
      'invalid_request',
      'redirect_uri does not match'
    )
    expect(text).toMatch(
      /^Octoblu reported an error: redirect_uri does not match \(invalid_request\)\./
    )
    expect(text).toMatch(/stays open/)
  })

  it('falls back to neutral words and strips control characters from provider text', () => {
    const text = strayAuthorizationErrorNotice(undefined, 'access_denied', 'no\u0000\u202e way')
    expect(text).toMatch(/^The sign-in server reported an error: no way \(access_denied\)\./)
    expect(text).not.toContain('\u0000')
    expect(text).not.toContain('\u202e')
  })
})
