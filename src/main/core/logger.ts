/**
 * Logging with secrets removed.
 *
 * Every message and field passes through `redact` before it is written, so a token that slips into
 * a URL, an error message or a response body never reaches a log file or the console.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const SECRET_KEY =
  /(token|secret|password|passwd|api[-_]?key|^key$|authorization|code_verifier|^code$|cookie|auth_token)/i
/** Parameters that carry a secret in a URL query or a form body (RFC 6749 §4.1.2, §4.1.3, §5.1). */
const FORM_SECRETS =
  'code|access_token|refresh_token|token|id_token|client_secret|password|code_verifier'
/**
 * `name=value` in a query (after `?`, `&`, `#`) or a form body: at the start of the text, after
 * whitespace or a separator (`code=…&state=…` logged as a body). `state` counts only inside a
 * URL, where it is the OAuth state; elsewhere `state=linked` is an account state and stays.
 */
const SECRET_FORM = new RegExp(
  `((?:^|[?&#]|(?<=[\\s;,(\\[{'"]))(?:${FORM_SECRETS})=\\s*)[^&#\\s"']+`,
  'gi'
)
const SECRET_URL_STATE = /([?&#]state=)[^&#\s"']+/gi
/** A JSON member whose string value is a secret (a token response or request body as text). */
const SECRET_JSON =
  /((\\?)"(?:access_token|refresh_token|id_token|token|client_secret|password|code_verifier|api_key|apiKey|secret|code)\2"\s*:\s*)\2"((?:[^"\\]|\\(?!")|\\")*?)\2"/gi
/** An app error code (`"code":"auth/denied"`) is not a secret; an authorization code never has this shape. */
const APP_ERROR_CODE = /^[a-z]+\/[a-z-]+$/
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g

/**
 * Replaces secrets in a string: query and form parameters that carry tokens, JSON members that
 * carry them, and Authorization values.
 */
export function redactText(text: string): string {
  return text
    .replace(SECRET_JSON, (match: string, head: string, escape: string, value: string) =>
      /"code\\?"\s*:/i.test(head) && APP_ERROR_CODE.test(value)
        ? match
        : `${head}${escape}"[redacted]${escape}"`
    )
    .replace(SECRET_FORM, '$1[redacted]')
    .replace(SECRET_URL_STATE, '$1[redacted]')
    .replace(BEARER, '$1 [redacted]')
}

/** Deep-copies a value with secret-named keys blanked and secret-looking text redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]'
  if (typeof value === 'string') return redactText(value)
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1)
    }
    return out
  }
  return value
}

/** Writes redacted lines to the console (stderr), with a scope prefix. */
export function createConsoleLogger(
  scope: string,
  minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'
): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 }
  const write = (level: keyof typeof order, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return
    const line = `[${scope}] ${level}: ${redactText(message)}`
    const extra = fields ? ' ' + JSON.stringify(redact(fields)) : ''
    process.stderr.write(line + extra + '\n')
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f)
  }
}

/** A logger that drops everything (tests, CLI quiet mode). */
export const nullLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
