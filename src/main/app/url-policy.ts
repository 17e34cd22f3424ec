/**
 * Pure URL decisions for the shell: what may open in the user's browser, where the window may
 * navigate, and which bundled file an app URL maps to. No Electron import, so Node tests cover it.
 */
import { posix } from 'node:path'

/** The privileged scheme the production renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'printdock-app'
/** Host of the production renderer: `printdock-app://bundle/index.html`. */
const APP_HOST = 'bundle'
/** Origin of the production renderer. */
export const APP_BUNDLE_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

function parse(raw: string): URL | undefined {
  try {
    return new URL(raw)
  } catch {
    return undefined
  }
}

/** Normalises an origin string (`https://Example.com:443/x` → `https://example.com`), or undefined. */
export function normaliseOrigin(raw: string): string | undefined {
  const url = parse(raw)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined
  return url.origin
}

/**
 * Whether a URL may be handed to the OS browser.
 *
 * Only http(s), no credentials in the URL (`https://user:pass@host` hides the real host from a
 * quick glance and leaks a password to history), and only origins Printdock knows: the built-in
 * providers and the servers the user linked. Everything else is refused.
 */
export function isSafeExternalUrl(raw: string, allowedOrigins: Iterable<string>): boolean {
  if (typeof raw !== 'string' || raw.length > 8192) return false
  const url = parse(raw)
  if (!url) return false
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.username !== '' || url.password !== '') return false
  if (url.hostname === '') return false
  for (const allowed of allowedOrigins) {
    if (normaliseOrigin(allowed) === url.origin) return true
  }
  return false
}

/** What to do with a navigation the page started. */
export type NavigationDecision = 'allow' | 'deny'

/**
 * Whether the window may navigate to `target`.
 *
 * The window only ever shows the app itself: in-app navigation (same origin, e.g. a hash change or
 * a reload) is allowed; any other origin is blocked, links to servers go through `openExternal`.
 */
export function decideNavigation(target: string, appOrigin: string): NavigationDecision {
  return isSameAppLocation(target, appOrigin) ? 'allow' : 'deny'
}

/** What `setWindowOpenHandler` does with a `window.open`/`target=_blank` URL. */
export type WindowOpenDecision = { action: 'deny' } | { action: 'open-external'; url: string }

/**
 * New windows are never created; a known http(s) link goes to the user's browser instead.
 */
export function decideWindowOpen(
  target: string,
  allowedOrigins: Iterable<string>
): WindowOpenDecision {
  return isSafeExternalUrl(target, allowedOrigins)
    ? { action: 'open-external', url: target }
    : { action: 'deny' }
}

/**
 * Whether `raw` belongs to the app's own page.
 *
 * `appOrigin` is the dev server origin (`http://localhost:5173`) or the bundle origin
 * (`printdock-app://bundle`). Non-special schemes have an opaque `URL.origin` ("null"), so
 * those are compared by scheme and host.
 */
export function isSameAppLocation(raw: string, appOrigin: string): boolean {
  const url = parse(raw)
  const app = parse(appOrigin)
  if (!url || !app) return false
  if (url.username !== '' || url.password !== '') return false
  if (app.protocol === 'http:' || app.protocol === 'https:') return url.origin === app.origin
  return url.protocol === app.protocol && url.host === app.host && url.host !== ''
}

/**
 * Maps a bundle URL to a file path under `root`, or undefined when it would escape the root.
 *
 * `printdock-app://bundle/` and `…/index.html` serve the page; `%2e%2e` and backslash tricks are
 * decoded first and rejected by the containment check.
 */
export function resolveBundlePath(root: string, raw: string): string | undefined {
  const url = parse(raw)
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined
  // Dot segments the URL parser left (they were percent-encoded) mean someone is probing.
  if (pathname.split('/').some((segment) => segment === '..' || segment === '.')) return undefined
  const relative = posix.normalize(pathname === '/' || pathname === '' ? '/index.html' : pathname)
  const normalisedRoot = root.replace(/[\\/]+$/, '')
  const full = posix.join(normalisedRoot.split('\\').join('/'), relative)
  if (!full.startsWith(normalisedRoot.split('\\').join('/') + '/')) return undefined
  return full
}
