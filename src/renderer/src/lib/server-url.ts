/**
 * Client-side checks of a self-hosted server address, for feedback while typing.
 *
 * Main validates again before using it; this only tells the user early. Accounts are keyed by the
 * normalised origin (oauth-and-secrets.md §3.9), so the result is scheme + host + port.
 */

/** Outcome of checking a typed server address. */
export type ServerUrlCheck =
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'valid'
      /** Normalised origin, e.g. `https://print-farm.local:3334`. */
      origin: string
      /** True for plain http on a host that is not this machine (RFC 9700 §2.6). */
      insecure: boolean
      /** Notes about what normalisation changed, in plain words. */
      notes: string[]
    }

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1'])

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (LOOPBACK_HOSTS.has(host)) return true
  return /^127(\.\d{1,3}){3}$/.test(host)
}

/** Checks and normalises what the user typed as a server address. */
export function checkServerUrl(input: string): ServerUrlCheck {
  const trimmed = input.trim()
  if (trimmed === '') return { kind: 'empty' }
  const notes: string[] = []
  let candidate = trimmed
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) {
    if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(candidate)) {
      return { kind: 'invalid', reason: 'Use an address that starts with https:// or http://.' }
    }
    candidate = `https://${candidate}`
    notes.push('No scheme given, so https:// is assumed.')
  }
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return { kind: 'invalid', reason: 'That is not a web address. Try https://obico.example.com.' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { kind: 'invalid', reason: 'Only https:// and http:// addresses work.' }
  }
  if (url.hostname === '') {
    return { kind: 'invalid', reason: 'The address needs a host name.' }
  }
  if (url.username !== '' || url.password !== '') {
    return {
      kind: 'invalid',
      reason: 'Leave the user name and password out of the address; you sign in in the browser.'
    }
  }
  if (url.search !== '' || url.hash !== '') {
    notes.push('The part after ? or # was dropped.')
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    notes.push(`The path ${url.pathname} was dropped: Printdock uses the server's address only.`)
  }
  const insecure = url.protocol === 'http:' && !isLoopbackHost(url.hostname)
  return { kind: 'valid', origin: url.origin, insecure, notes }
}
