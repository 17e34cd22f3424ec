import type { RedirectKind } from '@shared/models/account'
import { APP_OAUTH_REDIRECT_URI, APP_SCHEME, LOOPBACK_REDIRECT_URI } from '@shared/redirects'

/** Where a signed-in user registers an application on an Obico server (obico-api.md §1.7). */
export function obicoRegisterUrl(origin: string): string {
  return `${origin}/o/applications/register/`
}

/**
 * The redirect URI a profile uses when the user does not override it. Every profile registers the
 * same two URIs (src/shared/redirects.ts, the values main uses), so the kind is enough to name it.
 *
 * The loopback one is registered without a port: Printdock listens on a free port each time, and
 * Obico's django-oauth-toolkit accepts any port for a loopback IP registered without one, while the
 * path must match exactly (obico-api.md §1.3; RFC 8252 §7.3). `localhost` is not treated as
 * loopback there, hence the IP literal (obico-api.md §5, DOT #1416). A pending link shows main's
 * actual `redirectUri`, port included.
 */
export function defaultRedirectUri(kind: RedirectKind): string {
  return kind === 'custom-scheme' ? APP_OAUTH_REDIRECT_URI : LOOPBACK_REDIRECT_URI
}

/** Outcome of checking a typed redirect override. */
export type RedirectCheck =
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'valid'
      redirectKind: RedirectKind
      /** The URI as main will use it (loopback: scheme, host and path only). */
      uri: string
    }

// Only IP literals: `localhost` may resolve elsewhere and many servers do not treat it as loopback
// (RFC 8252 §8.3). `new URL` keeps a non-default port in `host`, so a port fails this check too.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]'])

/**
 * Checks a redirect override the way main's `chooseRedirect` (src/main/core/accounts/
 * link-redirect.ts) will, so the user hears about a mistake before the browser opens. Main checks
 * again; the reasons here are the same in plain words.
 */
export function checkRedirectOverride(input: string): RedirectCheck {
  const raw = input.trim()
  if (raw === '') return { kind: 'empty' }
  if (raw.toLowerCase().startsWith(`${APP_SCHEME}:`)) {
    // The OS hands only this exact address to Printdock; anything else under the scheme is dropped.
    if (raw !== APP_OAUTH_REDIRECT_URI) {
      return { kind: 'invalid', reason: `Printdock's own redirect is ${APP_OAUTH_REDIRECT_URI}.` }
    }
    return { kind: 'valid', redirectKind: 'custom-scheme', uri: raw }
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { kind: 'invalid', reason: 'That is not a full address.' }
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.host) || url.search || url.hash) {
    return {
      kind: 'invalid',
      reason: `Use ${APP_OAUTH_REDIRECT_URI}, or a loopback address like http://127.0.0.1/your/path (no port, no query).`
    }
  }
  if (url.pathname === '/' || url.pathname === '') {
    return {
      kind: 'invalid',
      reason: 'A loopback redirect needs a path, e.g. /printdock/callback.'
    }
  }
  return { kind: 'valid', redirectKind: 'loopback', uri: `http://${url.host}${url.pathname}` }
}
