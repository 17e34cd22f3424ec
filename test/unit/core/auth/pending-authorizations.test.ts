import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import type { Logger } from '../../../../src/main/core/logger'
import {
  PendingAuthorizations,
  type BeginAuthorizationInput
} from '../../../../src/main/core/auth/pending-authorizations'
import { createPkcePair, createState } from '../../../../src/main/core/auth/pkce'

const REDIRECT_A = 'http://127.0.0.1:40001/printdock/callback'
const REDIRECT_B = 'http://127.0.0.1:40002/printdock/callback'

function input(overrides: Partial<BeginAuthorizationInput> = {}): BeginAuthorizationInput {
  return {
    attemptKey: 'obico-self-hosted|https://a.example',
    providerKey: 'obico-self-hosted',
    serverOrigin: 'https://a.example',
    redirectUri: REDIRECT_A,
    verifier: createPkcePair().verifier,
    state: createState(),
    ...overrides
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`)
  return { lines, debug: push, info: push, warn: push, error: push }
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return error as AppError
  }
  throw new Error('expected a throw')
}

describe('PendingAuthorizations', () => {
  it('uses the caller’s attempt id and refuses it while that attempt is pending', () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const id = '3f0c7a52-9f7e-4b8e-a1d2-5c6b7a8e9f01'
    expect(pending.begin(input({ attemptId: id })).attemptId).toBe(id)
    const error = thrown(() =>
      pending.begin(input({ attemptId: id, attemptKey: 'another-account' }))
    )
    expect(error.code).toBe('ipc/duplicate-operation')
    expect(pending.list().map((attempt) => attempt.attemptId)).toEqual([id])
    pending.cancel(id)
    expect(pending.begin(input({ attemptId: id })).attemptId).toBe(id)
  })

  it('resolves with the code, the verifier and the attempt when state matches', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const begin = input()
    const attempt = pending.begin(begin)
    expect(pending.list()).toHaveLength(1)
    const info = pending.resolve(`${REDIRECT_A}?code=the-code&state=${attempt.state}`)
    expect(info.attemptId).toBe(attempt.attemptId)
    const result = await attempt.promise
    expect(result.code).toBe('the-code')
    expect(result.verifier).toBe(begin.verifier)
    expect(result.attempt.serverOrigin).toBe('https://a.example')
    expect(pending.list()).toHaveLength(0)
  })

  it('times out through the injected clock', async () => {
    const clock = new ManualClock()
    const pending = new PendingAuthorizations({ clock, timeoutMs: 1000 })
    const attempt = pending.begin(input())
    expect(attempt.expiresAt - attempt.startedAt).toBe(1000)
    clock.advance(999)
    expect(pending.list()).toHaveLength(1)
    clock.advance(1)
    expect((await rejection(attempt.promise)).code).toBe('auth/timed-out')
    expect(pending.list()).toHaveLength(0)
    const late = thrown(() => pending.resolve(`${REDIRECT_A}?code=c&state=${attempt.state}`))
    expect(late.code).toBe('auth/state-mismatch')
    expect(late.message).toMatch(/expired/)
  })

  it('defaults to a 5-minute timeout', async () => {
    const clock = new ManualClock()
    const pending = new PendingAuthorizations({ clock })
    const attempt = pending.begin(input())
    clock.advance(5 * 60 * 1000 - 1)
    expect(pending.get(attempt.attemptId)).toBeDefined()
    clock.advance(1)
    expect((await rejection(attempt.promise)).code).toBe('auth/timed-out')
  })

  it('a second attempt with the same key supersedes the first', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const first = pending.begin(input())
    const second = pending.begin(input())
    expect((await rejection(first.promise)).code).toBe('auth/cancelled')
    expect(pending.list().map((a) => a.attemptId)).toEqual([second.attemptId])
    const stale = thrown(() => pending.resolve(`${REDIRECT_A}?code=c&state=${first.state}`))
    expect(stale.code).toBe('auth/state-mismatch')
    expect(pending.get(second.attemptId)).toBeDefined()
    pending.resolve(`${REDIRECT_A}?code=c2&state=${second.state}`)
    expect((await second.promise).code).toBe('c2')
  })

  it('cancel rejects with auth/cancelled and is idempotent', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const attempt = pending.begin(input())
    expect(pending.cancel(attempt.attemptId)).toBe(true)
    expect(pending.cancel(attempt.attemptId)).toBe(false)
    expect((await rejection(attempt.promise)).code).toBe('auth/cancelled')
  })

  it('a wrong state leaves the attempt pending and is not logged with the state', async () => {
    const logger = recordingLogger()
    const pending = new PendingAuthorizations({ clock: new ManualClock(), logger })
    const attempt = pending.begin(input())
    const wrong = createState()
    const error = thrown(() => pending.resolve(`${REDIRECT_A}?code=c&state=${wrong}`))
    expect(error.code).toBe('auth/state-mismatch')
    expect(pending.get(attempt.attemptId)).toBeDefined()
    expect(logger.lines.join('\n')).not.toContain(wrong)
    pending.resolve(`${REDIRECT_A}?code=real&state=${attempt.state}`)
    expect((await attempt.promise).code).toBe('real')
  })

  it('a state that differs in one character does not match', () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const attempt = pending.begin(input())
    const last = attempt.state.at(-1) === 'A' ? 'B' : 'A'
    const near = attempt.state.slice(0, -1) + last
    expect(thrown(() => pending.resolve(`${REDIRECT_A}?code=c&state=${near}`)).code).toBe(
      'auth/state-mismatch'
    )
    expect(thrown(() => pending.resolve(`${REDIRECT_A}?code=c&state=${attempt.state}x`)).code).toBe(
      'auth/state-mismatch'
    )
    expect(pending.list()).toHaveLength(1)
  })

  it('rejects a replayed callback with words for a reload, and logs it', async () => {
    const logger = recordingLogger()
    const pending = new PendingAuthorizations({ clock: new ManualClock(), logger })
    const attempt = pending.begin(input())
    const url = `${REDIRECT_A}?code=c&state=${attempt.state}`
    pending.resolve(url)
    await attempt.promise
    const replay = thrown(() => pending.resolve(url))
    expect(replay.code).toBe('auth/state-mismatch')
    expect(replay.message).toMatch(/already used/)
    expect(logger.lines.some((line) => /reloaded/.test(line))).toBe(true)
    // A new attempt for the same account must not be resolved by the old URL either.
    const next = pending.begin(input())
    expect(thrown(() => pending.resolve(url)).code).toBe('auth/state-mismatch')
    expect(pending.get(next.attemptId)).toBeDefined()
  })

  it('maps provider errors: access_denied → auth/denied, others → auth/provider-error', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input())
    const denied = thrown(() =>
      pending.resolve(`${REDIRECT_A}?error=access_denied&state=${a.state}`)
    )
    expect(denied.code).toBe('auth/denied')
    expect((await rejection(a.promise)).code).toBe('auth/denied')

    const b = pending.begin(input())
    const failed = thrown(() =>
      pending.resolve(
        `${REDIRECT_A}?error=invalid_scope&error_description=scope+%22x%22+unknown&state=${b.state}`
      )
    )
    expect(failed.code).toBe('auth/provider-error')
    expect(failed.message).toMatch(/permissions/)
    expect(failed.message).toContain('scope "x" unknown')
    expect((await rejection(b.promise)).code).toBe('auth/provider-error')

    const c = pending.begin(input())
    const busy = thrown(() =>
      pending.resolve(`${REDIRECT_A}?error=temporarily_unavailable&state=${c.state}`)
    )
    expect(busy.retryable).toBe(true)
  })

  it("Octoblu's error redirect (error + numeric code) ends the attempt whose state it carries", async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input({ providerKey: 'octoblu', attemptKey: 'octoblu' }))
    const denied = thrown(() =>
      pending.resolve(
        `${REDIRECT_A}?error=access_denied&error_description=The+user+denied+access&code=400&state=${a.state}`
      )
    )
    expect(denied.code).toBe('auth/denied')
    expect((await rejection(a.promise)).code).toBe('auth/denied')
    expect(pending.get(a.attemptId)).toBeUndefined()
  })

  it("Octoblu's error redirect without a matching state touches nothing", () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input())
    for (const url of [
      `${REDIRECT_A}?error=invalid_request&code=400`,
      `${REDIRECT_A}?error=access_denied&code=400&state=${createState()}`
    ]) {
      expect(thrown(() => pending.resolve(url)).code).toBe('auth/state-mismatch')
    }
    expect(pending.get(a.attemptId)).toBeDefined()
  })

  it('an error without a matching state touches nothing', () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input())
    expect(thrown(() => pending.resolve(`${REDIRECT_A}?error=access_denied`)).code).toBe(
      'auth/state-mismatch'
    )
    expect(
      thrown(() => pending.resolve(`${REDIRECT_A}?error=access_denied&state=${createState()}`)).code
    ).toBe('auth/state-mismatch')
    expect(pending.get(a.attemptId)).toBeDefined()
  })

  it('malformed callbacks are auth/invalid-callback and leave the attempt alone', () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input())
    for (const bad of [
      `${REDIRECT_A}?code=c&code=d&state=${a.state}`,
      `${REDIRECT_A}#code=c&state=${a.state}`,
      `http://127.0.0.1:40001/other?code=c&state=${a.state}`
    ]) {
      const error = thrown(() => pending.resolve(bad))
      expect(['auth/invalid-callback', 'auth/state-mismatch']).toContain(error.code)
    }
    expect(pending.get(a.attemptId)).toBeDefined()
  })

  it('mix-up: a callback on server B’s redirect URI never resolves server A’s attempt', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input())
    const b = pending.begin(
      input({
        attemptKey: 'obico|https://b.example',
        serverOrigin: 'https://b.example',
        redirectUri: REDIRECT_B
      })
    )
    // A's state arriving on B's redirect URI (B's server saw A's request): rejected, both stay.
    expect(thrown(() => pending.resolve(`${REDIRECT_B}?code=evil&state=${a.state}`)).code).toBe(
      'auth/state-mismatch'
    )
    expect(thrown(() => pending.resolve(`${REDIRECT_A}?code=evil&state=${b.state}`)).code).toBe(
      'auth/state-mismatch'
    )
    expect(pending.list()).toHaveLength(2)
    // Scoped to B's listener, even A's own URL is refused (it is not on B's redirect URI).
    expect(
      thrown(() =>
        pending.resolve(`${REDIRECT_A}?code=x&state=${a.state}`, { attemptId: b.attemptId })
      ).code
    ).toBe('auth/invalid-callback')
    expect(pending.list()).toHaveLength(2)
    pending.resolve(`${REDIRECT_B}?code=good-b&state=${b.state}`)
    const result = await b.promise
    expect(result.attempt.serverOrigin).toBe('https://b.example')
    expect(result.code).toBe('good-b')
    expect(pending.get(a.attemptId)).toBeDefined()
  })

  it('RFC 9207: a wrong iss fails the attempt; a required iss must be present', async () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    const a = pending.begin(input({ issuer: 'https://a.example' }))
    expect(
      thrown(() =>
        pending.resolve(
          `${REDIRECT_A}?code=c&state=${a.state}&iss=${encodeURIComponent('https://b.example')}`
        )
      ).code
    ).toBe('auth/state-mismatch')
    await rejection(a.promise)

    const b = pending.begin(input({ issuer: 'https://a.example', requireIssuer: true }))
    expect(thrown(() => pending.resolve(`${REDIRECT_A}?code=c&state=${b.state}`)).code).toBe(
      'auth/state-mismatch'
    )

    const c = pending.begin(input({ issuer: 'https://a.example', requireIssuer: true }))
    pending.resolve(
      `${REDIRECT_A}?code=c&state=${c.state}&iss=${encodeURIComponent('https://a.example')}`
    )
    expect((await c.promise).iss).toBe('https://a.example')
  })

  it('fires onDidSettle once per attempt', async () => {
    const clock = new ManualClock()
    const pending = new PendingAuthorizations({ clock, timeoutMs: 10 })
    const outcomes: string[] = []
    pending.onDidSettle((event) =>
      outcomes.push(event.outcome === 'code' ? 'code' : event.error.code)
    )
    const a = pending.begin(input({ attemptKey: 'a' }))
    pending.begin(input({ attemptKey: 'b' }))
    pending.resolve(`${REDIRECT_A}?code=c&state=${a.state}`)
    clock.advance(10)
    clock.advance(10)
    expect(outcomes).toEqual(['code', 'auth/timed-out'])
  })

  it('refuses weak states', () => {
    const pending = new PendingAuthorizations({ clock: new ManualClock() })
    expect(() => pending.begin(input({ state: 'short' }))).toThrow(TypeError)
  })
})
