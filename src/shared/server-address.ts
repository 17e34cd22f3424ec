/**
 * The one parser of a server address a person typed (the app's form, the CLI's `--server`, main's
 * checks before any request). Main, the renderer and the CLI all call it, so an address the form
 * accepts is the address main links with (docs/decisions/0015).
 *
 * Accounts are keyed by the normalised origin (oauth-and-secrets.md §3.9), so the result is scheme,
 * host and port. What is refused gets a reason in plain words; what is dropped gets a note.
 */

/** A usable address. */
export interface ParsedServerAddress {
  ok: true
  /** Scheme, lowercased host and port, default port dropped: `https://print-farm.local:3334`. */
  origin: string
  /** Plain http to a host that is not this machine: tokens would cross the network unencrypted. */
  insecure: boolean
  /** What normalising changed, in plain words (assumed https, dropped path). */
  notes: string[]
}

/** An address that cannot be used, with the reason as one sentence. */
export interface RefusedServerAddress {
  ok: false
  /** `empty` lets a form decide whether an empty field is an error. */
  problem: 'empty' | 'invalid'
  reason: string
}

export type ServerAddressResult = ParsedServerAddress | RefusedServerAddress

const MAX_INPUT_LENGTH = 2048
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//
/** `mailto:x`, `javascript:x`, `file:/x`: a scheme with no `//`, unless it is `host:port`. */
const BARE_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:(?!\d+(?:[/?#]|$))/
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/
/** One DNS label: letters (any script, before punycode), digits, inner hyphens; 63 at most. */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u

/**
 * True when traffic to this host never leaves the machine: 127.0.0.0/8, `::1`, `localhost` and
 * any `*.localhost` name (RFC 6761 §6.3 reserves them for loopback; browsers resolve them so).
 *
 * This is the rule every copy now shares. The older copies differed: one treated only 127.0.0.1
 * as loopback (so `http://127.0.0.2` got the "not encrypted" warning for traffic that cannot leave
 * the machine), another forgot `*.localhost`. The whole /8 is loopback by RFC 1122 §3.2.1.3.
 * Note this is about *encryption*, not redirect matching: Obico's loopback redirect exemption is
 * narrower (127.0.0.1 and ::1 only, obico-api.md §1.3) and lives in src/shared/redirects.ts.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === '::1' || host === 'localhost' || host.endsWith('.localhost')) return true
  return /^127(?:\.\d{1,3}){3}$/.test(host)
}

function refuse(reason: string): RefusedServerAddress {
  return { ok: false, problem: 'invalid', reason }
}

/**
 * The host as typed, between `//` and the first `/`, `?` or `#`, without the port. WHATWG URL
 * turns `1` into `0.0.0.1` and `not%20a%20url` into a host; what the person typed is what must
 * look like a host.
 */
function typedHost(candidate: string): string {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(candidate)?.[1] ?? ''
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1)
  return authority.replace(/:\d*$/, '')
}

/** True for a dotted IPv4 address, a bracketed IPv6 address or a DNS name. */
function looksLikeHost(host: string): boolean {
  if (host.startsWith('[')) return host.endsWith(']')
  if (DOTTED_QUAD.test(host)) return host.split('.').every((part) => Number(part) <= 255)
  const name = host.endsWith('.') ? host.slice(0, -1) : host
  if (name === '' || name.length > 253) return false
  // All digits and dots but not a dotted quad (`1`, `10.1`): URL would read it as an IPv4 number.
  if (/^[\d.]+$/.test(name)) return false
  return name.split('.').every((label) => LABEL.test(label))
}

/**
 * Parses what a person typed as a server address.
 *
 * Accepts `https://host[:port][/path]`, `http://…` and a bare `host[:port]` (https is assumed).
 * The path, a query and a fragment are dropped with a note: an address copied from the browser bar
 * (`https://obico.example.com/accounts/login/?next=/`) names its server well enough. Refused: other
 * schemes, a user name or password, spaces and invisible characters, backslashes, and anything
 * whose host is not a host name or IP address ("not a url", `1`, `a..b`).
 */
export function parseServerAddress(input: string): ServerAddressResult {
  if (typeof input !== 'string') return refuse('That is not text.')
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, problem: 'empty', reason: 'Enter a server address.' }
  if (trimmed.length > MAX_INPUT_LENGTH) return refuse('That address is too long.')
  if (/[\s\p{Cc}\p{Cf}]/u.test(trimmed)) {
    return refuse('A server address has no spaces or invisible characters.')
  }
  if (trimmed.includes('\\')) return refuse('A server address has no backslashes.')

  const notes: string[] = []
  let candidate = trimmed
  if (!HAS_SCHEME.test(candidate)) {
    if (BARE_SCHEME.test(candidate)) {
      return refuse('Use an address that starts with https:// or http://.')
    }
    if (candidate.startsWith('//')) return refuse('Start the address with https:// or http://.')
    candidate = `https://${candidate}`
    notes.push('No scheme given, so https:// is assumed.')
  }

  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return refuse('That is not a web address. Try https://obico.example.com.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse('Only https:// and http:// addresses work.')
  }
  // The WHATWG parser drops an empty "@" and keeps userinfo; the raw text is checked too.
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(candidate)?.[1] ?? ''
  if (url.username !== '' || url.password !== '' || authority.includes('@')) {
    return refuse('Leave the user name and password out of the address; you sign in separately.')
  }
  if (url.hostname === '') return refuse('The address needs a host name.')
  if (!looksLikeHost(typedHost(candidate))) {
    return refuse('That is not a server address. Try https://obico.example.com or 192.168.1.20.')
  }
  const origin = url.origin.toLowerCase()
  if (origin === 'null') return refuse('That is not a web address. Try https://obico.example.com.')

  if (url.pathname !== '/' && url.pathname !== '') {
    notes.push(`The path ${url.pathname} was dropped: Printdock uses the server's address only.`)
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(candidate)) {
    notes.push('The part after ? or # was dropped.')
  }
  const insecure = url.protocol === 'http:' && !isLoopbackHost(url.hostname)
  return { ok: true, origin, insecure, notes }
}

/**
 * True when an absolute URL (an endpoint, not a typed server address) uses plain http to another
 * computer. False for anything that does not parse.
 */
export function isInsecureUrl(value: string): boolean {
  try {
    const url = new URL(value.trim())
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname)
  } catch {
    return false
  }
}
