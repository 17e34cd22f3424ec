import { describe, expect, it } from 'vitest'
import { strayAuthorizationErrorNotice } from '../../../../src/main/core/auth/authorization-errors'

describe('strayAuthorizationErrorNotice', () => {
  it('names the server and says in our words what the standard code means', () => {
    const text = strayAuthorizationErrorNotice('Octoblu', 'invalid_request')
    expect(text).toMatch(/^Octoblu reported an error: The server rejected .* \(invalid_request\)\./)
    expect(text).toMatch(/stays open/)
  })

  it('falls back to neutral words for the server', () => {
    expect(strayAuthorizationErrorNotice(undefined, 'access_denied')).toMatch(
      /^The sign-in server reported an error: Access was denied\. \(access_denied\)\./
    )
  })

  it('gives no notice for a code it does not know, including Object prototype names', () => {
    for (const code of ['made_up', 'constructor', 'toString', '__proto__']) {
      expect(strayAuthorizationErrorNotice('Octoblu', code)).toBeUndefined()
    }
  })
})
