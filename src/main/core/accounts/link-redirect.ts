import type { RedirectKind } from '../../../shared/models/account'
import { APP_OAUTH_REDIRECT_URI } from '../auth/callback-url'
import { AppError } from '../errors'
import type { ProviderProfile } from '../providers/provider-profile'

/**
 * Chooses the redirect for one link attempt: the user's override, else the profile default, with a
 * fall-back to loopback when the OS has no handler for `printdock:` (oauth-and-secrets.md §3.7).
 */

/** The redirect an attempt uses. For loopback, `uri` is the registered URI without a port. */
export interface RedirectChoice {
  kind: RedirectKind
  uri: string
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]'])

/** Picks and validates the redirect. Throws AppError 'auth/unsupported' for an unusable override. */
export function chooseRedirect(
  profile: ProviderProfile,
  override: string | undefined,
  customSchemeAvailable: boolean
): RedirectChoice {
  if (override !== undefined && override.trim() !== '') {
    const raw = override.trim()
    if (raw.toLowerCase().startsWith('printdock:')) {
      if (raw !== APP_OAUTH_REDIRECT_URI) {
        throw new AppError(
          'auth/unsupported',
          `The app's own redirect is ${APP_OAUTH_REDIRECT_URI}.`
        )
      }
      return { kind: 'custom-scheme', uri: raw }
    }
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw new AppError('auth/unsupported', 'The redirect URI is not a valid URL.')
    }
    // RFC 8252 §7.3, §8.3: the IP literal over http, registered without a port.
    if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.host) || url.search || url.hash) {
      throw new AppError(
        'auth/unsupported',
        'A loopback redirect must look like http://127.0.0.1/your/path (no port, no query).'
      )
    }
    if (url.pathname === '/' || url.pathname === '') {
      throw new AppError(
        'auth/unsupported',
        'A loopback redirect needs a path, e.g. /printdock/callback.'
      )
    }
    return { kind: 'loopback', uri: `${url.protocol}//${url.host}${url.pathname}` }
  }
  if (profile.redirect.defaultKind === 'custom-scheme') {
    // Without an OS handler the custom scheme still works through the paste fallback; loopback is
    // only a substitute where the provider matches a port-less loopback URI on any port.
    if (customSchemeAvailable || !profile.redirect.acceptsLoopbackAnyPort) {
      return { kind: 'custom-scheme', uri: APP_OAUTH_REDIRECT_URI }
    }
  }
  return { kind: 'loopback', uri: profile.redirect.loopbackUri }
}
