import { HttpError, type FakeResponse } from '../kit'

/**
 * Yii2-style response formatting for the Makeprintable v1 emulator. providers.md §1.3: "Responses
 * are JSON by default. Send `Accept: application/xml` to get XML"; §1.5: the error and pagination
 * shapes are a Yii2 REST model [infer], not documented fact.
 */

/** Which format the request's Accept header prefers (Yii2 ContentNegotiator order). */
export function preferredFormat(accept: string | undefined): 'json' | 'xml' {
  if (!accept) return 'json'
  const ranked = accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, order }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
  for (const { type } of ranked) {
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json'
    if (type === 'application/xml' || type === 'text/xml') return 'xml'
  }
  return 'json'
}

function xmlEscape(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function toXml(value: unknown, tag: string): string {
  if (value === null || value === undefined) return `<${tag}/>`
  if (Array.isArray(value)) return `<${tag}>${value.map((v) => toXml(v, 'item')).join('')}</${tag}>`
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => toXml(v, /^[A-Za-z_][\w.-]*$/.test(key) ? key : 'item'))
      .join('')
    return `<${tag}>${inner}</${tag}>`
  }
  if (typeof value === 'boolean') return `<${tag}>${value ? 'true' : 'false'}</${tag}>`
  return `<${tag}>${xmlEscape(String(value))}</${tag}>`
}

/** A body in the negotiated format, XML rooted at `<response>` like Yii2's XmlResponseFormatter. */
export function formatted(
  accept: string | undefined,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): FakeResponse {
  if (preferredFormat(accept) === 'xml') {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(value, 'response')}\n`
    return {
      kind: 'body',
      status,
      headers: { 'content-type': 'application/xml; charset=UTF-8', ...headers },
      body: Buffer.from(body),
      isJson: false
    }
  }
  return {
    kind: 'body',
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
    body: Buffer.from(JSON.stringify(value)),
    isJson: true
  }
}

const NAMES: Record<number, [string, string]> = {
  400: ['Bad Request', 'BadRequestHttpException'],
  401: ['Unauthorized', 'UnauthorizedHttpException'],
  403: ['Forbidden', 'ForbiddenHttpException'],
  404: ['Not Found', 'NotFoundHttpException'],
  405: ['Method Not Allowed', 'MethodNotAllowedHttpException'],
  413: ['Request Entity Too Large', 'HttpException']
}

/** A Yii2 HttpException body: `{name, message, code, status, type}` (§1.5 [infer]). */
export function yiiError(status: number, message: string): HttpError {
  const [name, type] = NAMES[status] ?? ['Error', 'HttpException']
  return new HttpError(status, { name, message, code: 0, status, type: `yii\\web\\${type}` })
}

/** A Yii2 validation failure: HTTP 422 with `[{field, message}]` (§1.5 [infer]). */
export function validationError(errors: { field: string; message: string }[]): HttpError {
  return new HttpError(422, errors)
}
