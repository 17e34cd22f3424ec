import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import { Emitter, type Event } from '../events'
import { nullLogger, type Logger } from '../logger'
import { authorizationErrorToAppError } from './authorization-errors'
import { parseCallbackUrl, type CallbackParse } from './callback-url'

/**
 * The authorization attempts waiting for the browser to come back.
 *
 * Each attempt owns a one-time `state` bound to {provider, server origin, redirect URI}: a callback
 * resolves an attempt only if it arrives on that attempt's redirect URI *and* carries its state, so a
 * callback meant for another server never resolves this one (RFC 9700 §2.1 mix-up; DOT sends no
 * `iss`, oauth-and-secrets.md §3.5). Fail-closed: an unknown state touches no attempt.
 */

/** Default time a user has to finish in the browser (oauth-and-secrets.md §3.9: 5 minutes). */
export const DEFAULT_AUTHORIZATION_TIMEOUT_MS = 5 * 60 * 1000

/** An attempt as it may be shown or logged: no state, no verifier. */
export interface PendingAttemptInfo {
  attemptId: string
  /** One pending attempt per key (e.g. profile + origin); a new one supersedes the old. */
  attemptKey: string
  providerKey: string
  serverOrigin: string
  redirectUri: string
  startedAt: number
  expiresAt: number
}

/** What an attempt ends with when the browser brings a code back. */
export interface AuthorizationCodeResult {
  code: string
  attempt: PendingAttemptInfo
  /** The PKCE verifier given to `begin`, handed back for the token request. */
  verifier: string
  /** The RFC 9207 `iss` the server sent, if any. */
  iss?: string
}

/** A started attempt. Await `promise` for the code; it rejects with AppError on any other end. */
export interface PendingAttempt extends PendingAttemptInfo {
  state: string
  promise: Promise<AuthorizationCodeResult>
}

/** Input to `begin`. `verifier` and `state` are secrets held only in memory. */
export interface BeginAuthorizationInput {
  /**
   * The caller's name for the attempt (an operation id); a fresh UUID when absent. Not a secret:
   * callbacks are matched by `state`, never by this id.
   */
  attemptId?: string
  attemptKey: string
  providerKey: string
  serverOrigin: string
  redirectUri: string
  verifier: string
  state: string
  /**
   * The authorization server's issuer, for RFC 9207. When set, a callback carrying a different
   * `iss` is rejected; with `requireIssuer`, a callback without `iss` is rejected too.
   */
  issuer?: string
  requireIssuer?: boolean
  /** Overrides the constructor's timeout for this attempt. */
  timeoutMs?: number
}

/** How an attempt ended, for listeners. */
export type AttemptOutcome =
  | { attempt: PendingAttemptInfo; outcome: 'code' }
  | { attempt: PendingAttemptInfo; outcome: 'failed'; error: AppError }

/** Why a state is no longer usable; kept so a reloaded callback gets a clear answer. */
type DeadReason = 'used' | 'cancelled' | 'timed-out' | 'superseded' | 'failed'

interface Entry {
  info: PendingAttemptInfo
  stateDigest: Buffer
  verifier: string
  issuer?: string
  requireIssuer: boolean
  resolve: (value: AuthorizationCodeResult) => void
  reject: (error: AppError) => void
  cancelTimer: () => void
}

const DEAD_STATE_LIMIT = 200
const DEAD_STATE_TTL_MS = 60 * 60 * 1000

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

/** Constant-time equality of two digests (both 32 bytes, so no length leak). */
function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

const DEAD_WORDS: Record<DeadReason, string> = {
  used: 'This sign-in link was already used. If the browser reloaded the page, you can close it.',
  cancelled: 'This sign-in was cancelled in Printdock. Start linking again if you still want to.',
  'timed-out': 'This sign-in link expired. Start linking again from Printdock.',
  superseded:
    'A newer sign-in was started for this provider and server, so this link no longer counts.',
  failed: 'This sign-in already ended. Start linking again from Printdock.'
}

/** The error for an attempt id that is already in flight. */
export function duplicateAttempt(): AppError {
  return new AppError('ipc/duplicate-operation', 'A sign-in with that id is already in progress.')
}

/** Tracks pending authorization attempts and matches browser callbacks to them. */
export class PendingAuthorizations {
  private readonly clock: Clock
  private readonly timeoutMs: number
  private readonly logger: Logger
  private readonly entries = new Map<string, Entry>()
  private readonly dead: { digest: Buffer; reason: DeadReason; at: number }[] = []
  private readonly settled = new Emitter<AttemptOutcome>()

  /** Fires once per attempt when it ends, whichever way. */
  readonly onDidSettle: Event<AttemptOutcome> = this.settled.event

  constructor(options: { clock: Clock; timeoutMs?: number; logger?: Logger }) {
    this.clock = options.clock
    this.timeoutMs = options.timeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS
    this.logger = options.logger ?? nullLogger
  }

  /**
   * Registers an attempt. An existing attempt with the same `attemptKey` is cancelled first
   * ('auth/cancelled'), so one provider and server never has two live attempts. An `attemptId` that names a
   * pending attempt is refused ('ipc/duplicate-operation'): two attempts under one id would make
   * their outcomes indistinguishable.
   */
  begin(input: BeginAuthorizationInput): PendingAttempt {
    const attemptId = input.attemptId ?? randomUUID()
    if (this.entries.has(attemptId)) throw duplicateAttempt()
    if (typeof input.state !== 'string' || input.state.length < 22) {
      throw new TypeError('state must carry at least 128 bits (22+ base64url characters)')
    }
    if (typeof input.verifier !== 'string' || input.verifier === '') {
      throw new TypeError('verifier is required')
    }
    const stateDigest = digest(input.state)
    for (const entry of this.entries.values()) {
      if (entry.info.attemptKey === input.attemptKey) {
        this.fail(
          entry,
          new AppError(
            'auth/cancelled',
            'A newer sign-in was started for this provider and server.'
          ),
          'superseded'
        )
      } else if (sameDigest(entry.stateDigest, stateDigest)) {
        throw new TypeError('state is already in use by another attempt')
      }
    }

    const startedAt = this.clock.now()
    const timeoutMs = input.timeoutMs ?? this.timeoutMs
    const info: PendingAttemptInfo = {
      attemptId,
      attemptKey: input.attemptKey,
      providerKey: input.providerKey,
      serverOrigin: input.serverOrigin,
      redirectUri: input.redirectUri,
      startedAt,
      expiresAt: startedAt + timeoutMs
    }
    let resolve!: (value: AuthorizationCodeResult) => void
    let reject!: (error: AppError) => void
    const promise = new Promise<AuthorizationCodeResult>((res, rej) => {
      resolve = res
      reject = rej
    })
    // Nobody may be listening yet; a rejection must not become an unhandled-rejection crash.
    promise.catch(() => undefined)

    const entry: Entry = {
      info,
      stateDigest,
      verifier: input.verifier,
      issuer: input.issuer,
      requireIssuer: input.requireIssuer ?? false,
      resolve,
      reject,
      cancelTimer: () => undefined
    }
    entry.cancelTimer = this.clock.schedule(timeoutMs, () => {
      if (this.entries.get(info.attemptId) !== entry) return
      this.logger.info('Authorization attempt timed out', { attemptId: info.attemptId })
      this.fail(
        entry,
        new AppError(
          'auth/timed-out',
          'Printdock waited too long for the browser. Start linking again when you are ready.'
        ),
        'timed-out'
      )
    })
    this.entries.set(info.attemptId, entry)
    return { ...info, state: input.state, promise }
  }

  /**
   * Delivers a callback URL (from the loopback listener, the OS, or pasted by the user).
   *
   * Returns the attempt that received a code; its `promise` resolves with the code. Throws AppError:
   * 'auth/state-mismatch' when no pending attempt has this state on this redirect URI (no attempt is
   * touched; a replayed state gets words for that), 'auth/invalid-callback' when the URL is
   * malformed for every pending redirect URI, and 'auth/denied' / 'auth/provider-error' when the
   * provider sent an error for a matching attempt (that attempt's promise rejects the same way).
   * `options.attemptId` limits matching to one attempt (a loopback listener knows its own).
   */
  resolve(callbackUrl: string, options: { attemptId?: string } = {}): PendingAttemptInfo {
    const candidates = [...this.entries.values()].filter(
      (entry) => options.attemptId === undefined || entry.info.attemptId === options.attemptId
    )
    let sawWellFormed = false
    let lastReason = 'no sign-in is waiting'
    let presentedState: string | undefined

    for (const entry of candidates) {
      const parsed = parseCallbackUrl(callbackUrl, { redirectUri: entry.info.redirectUri })
      if (parsed.kind === 'invalid') {
        lastReason = parsed.reason
        continue
      }
      sawWellFormed = true
      if (parsed.state === undefined) continue
      presentedState = parsed.state
      if (!sameDigest(digest(parsed.state), entry.stateDigest)) continue
      return this.settleMatched(entry, parsed)
    }

    const stateForLookup = presentedState ?? this.extractAnyState(callbackUrl)
    const deadReason = stateForLookup === undefined ? undefined : this.deadReason(stateForLookup)
    if (deadReason !== undefined) {
      // GitHub Desktop logs this case as "browser reloading the callback URL" (oauth-and-secrets.md §3.6).
      this.logger.info('Ignored a callback for a finished sign-in (reloaded page?)', {
        reason: deadReason
      })
      throw new AppError('auth/state-mismatch', DEAD_WORDS[deadReason])
    }
    if (!sawWellFormed && candidates.length > 0) {
      this.logger.warn('Ignored a malformed OAuth callback', { reason: lastReason })
      throw new AppError(
        'auth/invalid-callback',
        'That link is not a sign-in response Printdock can use. Copy the whole address from the browser, or start linking again.'
      )
    }
    this.logger.warn('Ignored an OAuth callback whose state matches no pending sign-in')
    throw new AppError(
      'auth/state-mismatch',
      'This sign-in response does not belong to a sign-in Printdock started, so it was ignored.'
    )
  }

  /** Cancels one attempt ('auth/cancelled'); false when it is not pending. */
  cancel(attemptId: string): boolean {
    const entry = this.entries.get(attemptId)
    if (!entry) return false
    this.fail(entry, new AppError('auth/cancelled', 'Linking was cancelled.'), 'cancelled')
    return true
  }

  /** Cancels every pending attempt (app shutdown). */
  cancelAll(): void {
    for (const entry of [...this.entries.values()]) {
      this.fail(entry, new AppError('auth/cancelled', 'Linking was cancelled.'), 'cancelled')
    }
  }

  /** The pending attempt with this id, if any. */
  get(attemptId: string): PendingAttemptInfo | undefined {
    const entry = this.entries.get(attemptId)
    return entry ? { ...entry.info } : undefined
  }

  /** Pending attempts, oldest first. */
  list(): PendingAttemptInfo[] {
    return [...this.entries.values()]
      .map((entry) => ({ ...entry.info }))
      .sort((a, b) => a.startedAt - b.startedAt)
  }

  private settleMatched(
    entry: Entry,
    parsed: Exclude<CallbackParse, { kind: 'invalid' }>
  ): PendingAttemptInfo {
    const info = { ...entry.info }
    if (
      parsed.iss !== undefined
        ? entry.issuer !== undefined && parsed.iss !== entry.issuer
        : entry.requireIssuer
    ) {
      // RFC 9207 §2.4: a wrong or missing issuer means the response may come from another server.
      const error = new AppError(
        'auth/state-mismatch',
        'The sign-in response came from a different server than the one Printdock asked.'
      )
      this.logger.warn('Rejected a callback whose issuer does not match', {
        attemptId: info.attemptId
      })
      this.fail(entry, error, 'failed')
      throw error
    }
    if (parsed.kind === 'error') {
      const error = authorizationErrorToAppError(parsed.error, parsed.description)
      this.logger.info('Provider answered the authorization with an error', {
        attemptId: info.attemptId,
        error: parsed.error
      })
      this.fail(entry, error, 'failed')
      throw error
    }
    this.finish(entry, 'used')
    entry.resolve({
      code: parsed.code,
      attempt: info,
      verifier: entry.verifier,
      ...(parsed.iss === undefined ? {} : { iss: parsed.iss })
    })
    this.settled.fire({ attempt: info, outcome: 'code' })
    return info
  }

  private fail(entry: Entry, error: AppError, reason: DeadReason): void {
    this.finish(entry, reason)
    entry.reject(error)
    this.settled.fire({ attempt: { ...entry.info }, outcome: 'failed', error })
  }

  private finish(entry: Entry, reason: DeadReason): void {
    entry.cancelTimer()
    this.entries.delete(entry.info.attemptId)
    this.rememberDead(entry.stateDigest, reason)
  }

  private rememberDead(stateDigest: Buffer, reason: DeadReason): void {
    const now = this.clock.now()
    while (
      this.dead.length > 0 &&
      (this.dead.length >= DEAD_STATE_LIMIT || now - this.dead[0].at > DEAD_STATE_TTL_MS)
    ) {
      this.dead.shift()
    }
    this.dead.push({ digest: stateDigest, reason, at: now })
  }

  private deadReason(state: string): DeadReason | undefined {
    const d = digest(state)
    const now = this.clock.now()
    let found: DeadReason | undefined
    for (const item of this.dead) {
      if (now - item.at <= DEAD_STATE_TTL_MS && sameDigest(item.digest, d)) found = item.reason
    }
    return found
  }

  /** The state of a callback that matched no pending redirect URI, to recognise a replay. */
  private extractAnyState(callbackUrl: string): string | undefined {
    if (typeof callbackUrl !== 'string' || callbackUrl.length > 8192) return undefined
    const query = /^[^?#]*\?([^#]*)/.exec(callbackUrl)?.[1]
    if (query === undefined) return undefined
    for (const pair of query.split('&')) {
      if (!pair.startsWith('state=')) continue
      try {
        return decodeURIComponent(pair.slice(6).replace(/\+/g, ' '))
      } catch {
        return undefined
      }
    }
    return undefined
  }
}
