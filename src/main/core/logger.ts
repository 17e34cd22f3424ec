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
const SECRET_QUERY =
  /([?&#](?:code|access_token|refresh_token|token|id_token|client_secret|password|state|code_verifier)=)[^&#\s"']+/gi
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g

/** Replaces secrets in a string: query parameters that carry tokens, and Authorization values. */
export function redactText(text: string): string {
  return text.replace(SECRET_QUERY, '$1[redacted]').replace(BEARER, '$1 [redacted]')
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
