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
  /** The port as written; '' when absent (Python's `urlparse(...).port is None`). */
  port: string
  /** The path as written, not normalised (DOT compares `urlparse(...).path` strings). */
  path: string
  /** `(name, value)` pairs as `parse_qsl` gives them: blank values and bare names dropped. */
  query: Set<string>
  /** The authority as written, compared case-sensitively like `urlparse(...).netloc`. */
  netloc: string
}

/** Python's `parse_qsl(query)` with its defaults (keep_blank_values=False), as keys of a set. */
function parseQsl(query: string): Set<string> {
  const pairs = new Set<string>()
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue // a bare name: dropped unless keep_blank_values
    const value = part.slice(eq + 1)
    if (value === '') continue // a blank value: dropped too
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '))
      } catch {
        return text
      }
    }
    pairs.add(JSON.stringify([decode(part.slice(0, eq)), decode(value)]))
  }
  return pairs
}

/** A `urlparse` stand-in: the parts as written, not WHATWG-normalised (no default-port dropping). */
function parse(uri: string): Parsed | null {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(uri)
  if (!match) return null
  const netloc = match[2]
  const hostPort = netloc.slice(netloc.lastIndexOf('@') + 1)
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort)
  let hostname: string
  let port: string
  if (bracketed) {
    hostname = bracketed[1]
    port = bracketed[2] ?? ''
  } else {
    const colon = hostPort.lastIndexOf(':')
    hostname = colon >= 0 ? hostPort.slice(0, colon) : hostPort
    port = colon >= 0 ? hostPort.slice(colon + 1) : ''
  }
  return {
    scheme: match[1].toLowerCase(),
    hostname: hostname.toLowerCase(),
    port,
    path: match[3],
    query: parseQsl(match[4] ?? ''),
    netloc
  }
}

/**
 * Whether `requested` may be used against the registered list, as DOT 2.3.0's
 * `redirect_to_uri_allowed` decides (obico-api.md §1.3): same scheme and path, and either the same
 * netloc, or a registered `http://127.0.0.1/...` / `http://[::1]/...` without a port, which accepts
 * any port on that host (RFC 8252 §7.3). The registered query parameters must be a subset of the
 * requested ones (compared as `parse_qsl` pairs, so order and extra parameters do not matter).
 * `localhost` is not loopback here (obico-api.md §1.3, §6 item 1).
 */
export function redirectUriAllowed(requested: string, registered: string[]): boolean {
  const req = parse(requested)
  if (!req) return false
  for (const candidate of registered) {
    const reg = parse(candidate)
    if (!reg) continue
    if (reg.scheme !== req.scheme || reg.path !== req.path) continue
    const loopbackAnyPort =
      reg.scheme === 'http' &&
      reg.port === '' &&
      (reg.hostname === '127.0.0.1' || reg.hostname === '::1')
    const hostMatches = loopbackAnyPort ? reg.hostname === req.hostname : reg.netloc === req.netloc
    if (!hostMatches) continue
    if ([...reg.query].every((pair) => req.query.has(pair))) return true
  }
  return false
}
