import { randomBytes } from 'node:crypto'
import { HttpError, type FakeRequest } from '../kit'

/**
 * Request helpers that behave like Django and DRF.
 */

/** A crash in a view: the kit turns any non-HttpError into Django's HTML 500 page. */
export function crash(reason: string): never {
  throw new Error(`simulated server crash: ${reason}`)
}

/** Cookies of a request. */
export function cookies(req: FakeRequest): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=')
    if (index > 0)
      out.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()))
  }
  return out
}

/** Django's CSRF cookie value for this request, or a fresh one. */
export function csrfToken(req: FakeRequest): { token: string; isNew: boolean } {
  const existing = cookies(req).get('csrftoken')
  if (existing && /^[A-Za-z0-9]{32,64}$/.test(existing)) return { token: existing, isNew: false }
  return { token: randomBytes(16).toString('hex'), isNew: true }
}

/** `Set-Cookie` for the CSRF cookie (one year, like Django). */
export function csrfCookie(token: string): string {
  return `csrftoken=${token}; expires=${new Date(Date.now() + 31_449_600_000).toUTCString()}; Max-Age=31449600; Path=/; SameSite=Lax`
}

/** Django's CSRF check for form POSTs: the form's token must match the cookie's. */
export function checkCsrf(req: FakeRequest, form: URLSearchParams): void {
  const cookie = cookies(req).get('csrftoken')
  const sent = form.get('csrfmiddlewaretoken')
  if (!cookie || !sent || cookie !== sent) {
    throw new HttpError(
      403,
      '<!doctype html><html lang="en"><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>CSRF verification failed. Request aborted.</p></body></html>',
      { 'content-type': 'text/html; charset=utf-8' }
    )
  }
}

/**
 * `request.data` as DRF parses it: JSON (an empty body is `{}`), form-urlencoded (every value a
 * string). Malformed JSON is a 400 `{"detail": "JSON parse error - ..."}` (obico-api.md §2.1).
 */
export async function requestData(req: FakeRequest): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase()
  const raw = await req.text()
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw).entries())
  }
  if (raw.trim() === '') return {}
  if (type.includes('multipart/form-data')) {
    throw new HttpError(415, { detail: `Unsupported media type "${type}" in request.` })
  }
  try {
    const parsed: unknown = JSON.parse(raw)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {}
  } catch (error) {
    throw new HttpError(400, { detail: `JSON parse error - ${(error as Error).message}` })
  }
}

/**
 * A required CharField of `request.data` as the serializer validates it on create: missing or not a
 * string is "required", an empty string "may not be blank" (obico-api.md §2.1).
 */
export function requiredText(data: Record<string, unknown>, field: string): string {
  const value = data[field]
  if (typeof value !== 'string' || value === '') {
    throw new HttpError(400, {
      [field]: [value === '' ? 'This field may not be blank.' : 'This field is required.']
    })
  }
  return value
}
