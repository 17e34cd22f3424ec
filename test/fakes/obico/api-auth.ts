import { HttpError, type FakeRequest, type FakeResponse } from '../kit'
import type { ObicoContext } from './context'
import { cookies, csrfCookie, csrfToken } from './http-helpers'
import type { ObicoAccessToken, ObicoUser } from './types'
import { randomToken } from './util'

/**
 * Who is calling: the session cookie, `X-API-KEY` or `Authorization: Bearer` (obico-api.md §1.8).
 */

/** Django sessions last 60 days on Obico (obico-api.md §1.8). */
export const SESSION_MS = 60 * 24 * 3600 * 1000
export const SESSION_COOKIE = 'tsd_sessionid'

/** DRF's answer for a missing, unknown, expired or revoked token: 403, never 401 (§1.8, §6 item 3). */
export const NOT_AUTHENTICATED = { detail: 'Authentication credentials were not provided.' }

/** The user of a valid `tsd_sessionid` cookie. */
export function sessionUser(ctx: ObicoContext, req: FakeRequest): ObicoUser | undefined {
  const key = cookies(req).get(SESSION_COOKIE)
  const session = key ? ctx.store.sessions.get(key) : undefined
  if (!session || session.expires <= ctx.clock.now()) return undefined
  return ctx.store.user(session.userId)
}

/** Django's `login()`: a new session row and its cookie. */
export function createSession(ctx: ObicoContext, userId: number): string {
  const key = randomToken(32).toLowerCase()
  const expires = ctx.clock.now() + SESSION_MS
  ctx.store.sessions.set(key, { key, userId, expires })
  return `${SESSION_COOKIE}=${key}; expires=${new Date(expires).toUTCString()}; HttpOnly; Max-Age=${SESSION_MS / 1000}; Path=/; SameSite=Lax`
}

/** A live access token (exists, not expired, user present). */
export function activeAccessToken(ctx: ObicoContext, token: string): ObicoAccessToken | undefined {
  const record = ctx.store.accessTokens.get(token)
  if (!record || record.expires <= ctx.clock.now() || !ctx.store.user(record.user_id))
    return undefined
  return record
}

/** The result of authenticating an API request. */
export interface ApiCaller {
  user: ObicoUser
  /** Cookies to send back (the X-API-KEY login side effect). */
  setCookies: string[]
}

/**
 * Authenticates like Obico: the `check_x_api` middleware first (a valid X-API-KEY logs the user in
 * and sets `tsd_sessionid` + `csrftoken` cookies, a new session every time), then DRF's session
 * class, then DOT's bearer class. Anything else is 403 (obico-api.md §1.8, §6 items 3 and 7).
 */
export function authenticate(ctx: ObicoContext, req: FakeRequest): ApiCaller {
  const apiKey = req.headers['x-api-key']
  if (typeof apiKey === 'string' && apiKey) {
    const token = activeAccessToken(ctx, apiKey)
    const user = token ? ctx.store.user(token.user_id) : undefined
    if (user) {
      const csrf = csrfToken(req)
      return { user, setCookies: [createSession(ctx, user.id), csrfCookie(csrf.token)] }
    }
  }
  const fromSession = sessionUser(ctx, req)
  if (fromSession) return { user: fromSession, setCookies: [] }
  const parts = String(req.headers.authorization ?? '')
    .trim()
    .split(/\s+/)
  if (parts.length === 2 && parts[0].toLowerCase() === 'bearer') {
    const token = activeAccessToken(ctx, parts[1])
    const user = token ? ctx.store.user(token.user_id) : undefined
    if (user) return { user, setCookies: [] }
  }
  throw new HttpError(403, NOT_AUTHENTICATED)
}

/** Wraps an API handler: authenticate, run, attach the X-API-KEY cookies to whatever comes back. */
export function withAuth(
  ctx: ObicoContext,
  handler: (req: FakeRequest, caller: ApiCaller) => Promise<FakeResponse> | FakeResponse
): (req: FakeRequest) => Promise<FakeResponse> {
  return async (req) => {
    const caller = authenticate(ctx, req)
    let response: FakeResponse
    try {
      response = await handler(req, caller)
    } catch (error) {
      if (caller.setCookies.length && error instanceof HttpError) response = error.toResponse()
      else throw error
    }
    if (caller.setCookies.length && response.kind !== 'handled') {
      // Node's writeHead accepts an array for Set-Cookie.
      ;(response.headers as Record<string, unknown>)['set-cookie'] = caller.setCookies
    }
    return response
  }
}
