import type { FakeRequest } from './server'

/**
 * Cookie sessions for the fakes' sign-in pages: a random id in an HttpOnly cookie, mapped to
 * the signed-in user in the fake's own store.
 */

/**
 * A cookie's raw value (not URL-decoded). When a name is sent twice, `first` keeps the first value
 * (Express's `cookie` parser) and `last` the last one (Django's `parse_cookie`, a dict).
 */
export function cookieValue(
  req: FakeRequest,
  name: string,
  duplicates: 'first' | 'last' = 'first'
): string | undefined {
  let found: string | undefined
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key !== name) continue
    found = rest.join('=')
    if (duplicates === 'first') return found
  }
  return found
}

/** Stores a new session `id` for `user` and returns its `Set-Cookie` header value. */
export function startCookieSession<T>(
  sessions: Map<string, T>,
  cookie: string,
  id: string,
  user: T
): string {
  sessions.set(id, user)
  return `${cookie}=${id}; Path=/; HttpOnly; SameSite=Lax`
}

/** The user of the request's session cookie, if it names a live session. */
export function cookieSessionUser<T>(
  req: FakeRequest,
  sessions: Map<string, T>,
  cookie: string,
  duplicates: 'first' | 'last' = 'first'
): T | undefined {
  const id = cookieValue(req, cookie, duplicates)
  return id ? sessions.get(id) : undefined
}
