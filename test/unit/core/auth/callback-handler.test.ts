import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/main/core/clock'
import { createCallbackHandler } from '../../../../src/main/core/auth/callback-handler'
import { PendingAuthorizations } from '../../../../src/main/core/auth/pending-authorizations'
import { createState } from '../../../../src/main/core/auth/pkce'

const REDIRECT = 'http://127.0.0.1:40100/printdock/callback'

function setup(extra: { issuer?: string } = {}) {
  const pending = new PendingAuthorizations({ clock: new ManualClock() })
  const attempt = pending.begin({
    attemptKey: 'k',
    providerKey: 'generic',
    serverOrigin: 'https://op.example',
    redirectUri: REDIRECT,
    verifier: 'v'.repeat(43),
    state: createState(),
    ...extra
  })
  attempt.promise.catch(() => undefined)
  return {
    pending,
    attempt,
    handle: createCallbackHandler(pending, () => attempt.attemptId, 'Linked!')
  }
}

describe('createCallbackHandler', () => {
  it('ok on the right state', async () => {
    const { handle, attempt } = setup()
    expect(await handle(`${REDIRECT}?code=c&state=${attempt.state}`)).toEqual({
      ok: true,
      message: 'Linked!'
    })
    expect((await attempt.promise).code).toBe('c')
  })

  it('keeps waiting on a wrong state, closes on denial or issuer mix-up', async () => {
    const { handle, attempt, pending } = setup({ issuer: 'https://op.example' })
    const wrong = await handle(`${REDIRECT}?code=c&state=${createState()}`)
    expect(wrong).toMatchObject({ ok: false, close: false })
    expect(pending.get(attempt.attemptId)).toBeDefined()
    const mixed = await handle(
      `${REDIRECT}?code=c&state=${attempt.state}&iss=https%3A%2F%2Fevil.example`
    )
    expect(mixed).toMatchObject({ ok: false, close: true })

    const second = setup()
    const denied = await second.handle(
      `${REDIRECT}?error=access_denied&state=${second.attempt.state}`
    )
    expect(denied).toMatchObject({ ok: false, close: true })
    expect(denied.message).toMatch(/denied/)
  })

  it('says so when no attempt is bound yet', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const handle = createCallbackHandler(pending, () => undefined)
    expect((await handle(`${REDIRECT}?code=c&state=s`)).ok).toBe(false)
  })
})
