/**
 * `BrowserLauncher` for the desktop app: the user's own browser, through the guarded opener.
 */
import { AppError } from '../core/errors'
import type { BrowserLauncher } from '../core/platform/browser-launcher'
import { openExternal } from '../app/open-external'

/**
 * The origin of an authorization page Printdock may open, or undefined: only an absolute http(s)
 * URL with a host and no userinfo (`https://user:pass@host` hides the real host at a glance and
 * would put a password in the browser history).
 */
export function authorizationPageOrigin(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 8192) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.username !== '' || url.password !== '' || url.hostname === '') return undefined
  return url.origin
}

/** Opens authorization pages in the system browser (RFC 8252 §8.12: never an embedded view). */
export class SystemBrowserLauncher implements BrowserLauncher {
  /**
   * Opens an authorization URL that the account service built (`buildAuthorizationUrl`).
   *
   * The renderer does reach this: `accounts:start-link` names a server URL, and for the generic
   * profile the authorize URL itself (`generic.authorizeUrl`). The account service validates those
   * before it builds the URL (http(s), no userinfo, no fragment), and the origin is not on the
   * known-origin list because the server is not linked yet, so the origin is not restricted here:
   * letting the user name any https authorize URL is the generic profile's purpose. What is
   * restricted, again here so a bug upstream cannot widen it: the scheme must be http(s) and the
   * URL must carry no userinfo; anything else is refused before it reaches the OS.
   */
  async open(url: string): Promise<void> {
    const origin = authorizationPageOrigin(url)
    if (origin === undefined || !(await openExternal(url, [origin]))) {
      throw new AppError(
        'auth/unsupported',
        'Printdock would not open that address in your browser.'
      )
    }
  }
}
