/**
 * django-oauth-toolkit 2.3.0's redirect URI rules as Obico configures them (obico-api.md §1.3).
 */

/** The scheme of a URI without its colon, lower-cased; '' when there is none. */
export function schemeOf(uri: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)
  return match ? match[1].toLowerCase() : ''
}

/**
 * Registration check (`Application.clean()`): every registered URI's scheme must be allowed.
 * Returns DOT's message for the first offender, or null.
 */
export function registrationError(uris: string[], allowedSchemes: string[]): string | null {
  for (const uri of uris) {
    const scheme = schemeOf(uri)
    if (!allowedSchemes.includes(scheme)) return `Unauthorized redirect scheme: ${scheme}`
  }
  return null
}

interface Parsed {
  scheme: string
  hostname: string
  port: string
  path: string
  query: [string, string][]
  netloc: string
}

function parse(uri: string): Parsed | null {
  try {
    const url = new URL(uri)
    const hostname = url.hostname.replace(/^\[|\]$/g, '')
    return {
      scheme: url.protocol.replace(/:$/, '').toLowerCase(),
      hostname,
      port: url.port,
      path: url.pathname,
      query: [...url.searchParams.entries()],
      netloc: url.host
    }
  } catch {
    return null
  }
}

/**
 * Whether `requested` may be used against the registered list: same scheme, host and path; the
 * registered query parameters must be a subset of the requested ones; the port must match, except
 * that a registered `http://127.0.0.1/...` or `http://[::1]/...` without a port accepts any port
 * (RFC 8252 §7.3). `localhost` is not loopback here (obico-api.md §1.3, §6 item 1).
 */
export function redirectUriAllowed(requested: string, registered: string[]): boolean {
  const req = parse(requested)
  if (!req) return false
  for (const candidate of registered) {
    const reg = parse(candidate)
    if (!reg) continue
    if (reg.scheme !== req.scheme || reg.hostname !== req.hostname || reg.path !== req.path)
      continue
    const loopbackAnyPort =
      reg.scheme === 'http' &&
      reg.port === '' &&
      (reg.hostname === '127.0.0.1' || reg.hostname === '::1')
    if (!loopbackAnyPort && reg.netloc !== req.netloc) continue
    const subset = reg.query.every(([k, v]) => req.query.some(([rk, rv]) => rk === k && rv === v))
    if (subset) return true
  }
  return false
}
