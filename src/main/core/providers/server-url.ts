import { AppError } from '../errors'

/**
 * Server URL validation. Accounts are keyed by the normalised origin (scheme, host, port), so the
 * same server typed two ways is one server (oauth-and-secrets.md §3.9 "key accounts by the
 * normalised origin").
 */

/** A validated server origin, with a warning when tokens would travel unencrypted. */
export interface NormalizedServerUrl {
  origin: string
  /** Plain http to a host that is not loopback (RFC 9700 §2.6; oauth-and-secrets.md §3.1). */
  warning?: 'plain-http'
}

const MAX_INPUT_LENGTH = 2048
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//
/** `mailto:x`, `javascript:x`, `file:/x`: a scheme with no `//`, unless it is `host:port`. */
const BARE_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:(?!\d+(?:[/?#]|$))/

function reject(reason: string): never {
  throw new AppError('account/invalid-server-url', `That server address can't be used: ${reason}.`)
}

/** True for 127.0.0.0/8, ::1 and `localhost` names: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === '::1' || host === 'localhost' || host.endsWith('.localhost')) return true
  return /^127(?:\.\d{1,3}){3}$/.test(host)
}

/**
 * Validates and normalises what a user typed as a server address.
 *
 * Accepts `https://host[:port][/path]`, `http://…` and a bare `host[:port]` (https is assumed).
 * Rejects other schemes, userinfo (`user:pass@`), a query or fragment, whitespace, backslashes and
 * control characters. The host is lowercased, default ports and any path are dropped (servers are
 * addressed by origin). Throws AppError 'account/invalid-server-url'.
 */
export function normalizeServerUrl(input: string): NormalizedServerUrl {
  if (typeof input !== 'string') reject('it is not text')
  const trimmed = input.trim()
  if (trimmed === '') reject('it is empty')
  if (trimmed.length > MAX_INPUT_LENGTH) reject('it is too long')
  if (/[\s\p{Cc}\p{Cf}]/u.test(trimmed)) reject('it contains spaces or invisible characters')
  if (trimmed.includes('\\')) reject('it contains a backslash')

  let candidate = trimmed
  if (!HAS_SCHEME.test(candidate)) {
    if (BARE_SCHEME.test(candidate)) reject('only http and https addresses are supported')
    if (candidate.startsWith('//')) reject('it has no scheme')
    candidate = `https://${candidate}`
  }

  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    reject('it is not a valid web address')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    reject('only http and https addresses are supported')
  }
  // The WHATWG parser drops an empty "@" and keeps userinfo; reject both forms by the raw text too.
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(candidate)?.[1] ?? ''
  if (url.username !== '' || url.password !== '' || authority.includes('@')) {
    reject('it must not contain a user name or password')
  }
  if (url.search !== '' || candidate.includes('?')) reject('it must not contain a query (?…)')
  if (url.hash !== '' || candidate.includes('#')) reject('it must not contain a fragment (#…)')
  if (url.hostname === '') reject('it has no host name')

  const origin = url.origin.toLowerCase()
  if (origin === 'null') reject('it is not a valid web address')
  const warning =
    url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? 'plain-http' : undefined
  return warning ? { origin, warning } : { origin }
}
