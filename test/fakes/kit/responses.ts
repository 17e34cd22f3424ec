import type { Readable } from 'node:stream'

/** What a route handler returns; the server writes it (after applying faults). */
export type FakeResponse =
  | { kind: 'body'; status: number; headers: Record<string, string>; body: Buffer; isJson: boolean }
  | { kind: 'stream'; status: number; headers: Record<string, string>; stream: Readable }
  | { kind: 'handled' }

/** Marker for handlers that wrote to `req.rawResponse` themselves. */
export const handled: FakeResponse = { kind: 'handled' }

/** A reply with a whole body; `isJson` marks bodies the malformed-JSON fault may cut. */
function bodyReply(
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
  isJson = false
): FakeResponse {
  return { kind: 'body', status, headers, body: Buffer.from(body), isJson }
}

/** A JSON reply, as Django REST framework and FastAPI send it. */
export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): FakeResponse {
  return bodyReply(
    status,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify(value),
    true
  )
}

/** A plain-text reply. */
export function text(
  status: number,
  body: string,
  headers: Record<string, string> = {}
): FakeResponse {
  return bodyReply(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }, body)
}

/** An HTML page. */
export function html(
  status: number,
  body: string,
  headers: Record<string, string> = {}
): FakeResponse {
  return bodyReply(status, { 'content-type': 'text/html; charset=utf-8', ...headers }, body)
}

/** A redirect with an empty body. */
export function redirect(
  location: string,
  status = 302,
  headers: Record<string, string> = {}
): FakeResponse {
  return bodyReply(status, { location, ...headers }, '')
}

/** A reply without a body (Meshblu's 403, DOT's revoke 200). */
export function empty(status: number, headers: Record<string, string> = {}): FakeResponse {
  return bodyReply(status, headers, '')
}

/** A streamed body: files, images, downloads. */
export function stream(
  status: number,
  readable: Readable,
  headers: Record<string, string> = {}
): FakeResponse {
  return { kind: 'stream', status, headers, stream: readable }
}

/** Escapes text for HTML pages the fakes render. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * An HTTP failure thrown from anywhere in a handler. An object body is sent as JSON, a string as
 * text; `headers` go along (Retry-After, WWW-Authenticate).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown = '',
    readonly headers: Record<string, string> = {}
  ) {
    super(`HTTP ${status}`)
    this.name = 'HttpError'
  }

  toResponse(): FakeResponse {
    if (this.body === '' || this.body === undefined) return empty(this.status, this.headers)
    if (typeof this.body === 'string') return text(this.status, this.body, this.headers)
    return json(this.status, this.body, this.headers)
  }
}
