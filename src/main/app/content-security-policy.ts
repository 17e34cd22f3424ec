/**
 * The renderer's Content Security Policy, in one place.
 *
 * Main sets it as a response header (protocol handler and `onHeadersReceived`) and
 * `src/renderer/index.html` repeats it in a meta tag, so the page is covered even before any
 * header hook runs. `frame-ancestors` is left out of the meta form because browsers ignore it
 * there (CSP3 §6.4.2) and log a console error about it.
 *
 * Only the Electron policy is here; the end-to-end harness (test/harness/harness-server.ts) serves
 * this exact header string.
 */

/** Directive name → source list, in the order they are written. */
const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  // No remote images: main fetches any picture a feature needs and hands the page a data: URL, so
  // a hostile server cannot use an <img> to learn when and from where the app is used.
  ['img-src', "'self' data:"],
  // The renderer never does HTTP itself: every network call goes through main.
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'none'"]
]

/**
 * What `electron-vite dev` needs on top of the policy: Vite injects the React refresh preamble as
 * an inline script and CSS as inline `<style>`, and its client talks to the dev server over a
 * socket. Mirrors `devCspRelax` in electron.vite.config.ts, which relaxes the meta tag the same
 * way; a header stricter than the meta would block the page again (both policies apply).
 */
const DEV_RELAXATIONS: Readonly<Record<string, string>> = {
  'script-src': "'self' 'unsafe-inline'",
  'style-src': "'self' 'unsafe-inline'",
  'connect-src': "'self' ws: http://localhost:*"
}

/** Directives that only work when delivered as a header. */
const HEADER_ONLY = new Set(['frame-ancestors'])

/**
 * Renders the policy; `{ meta: true }` drops the header-only directives, `{ dev: true }` applies
 * the dev-server relaxations.
 */
export function buildContentSecurityPolicy(
  options: { meta?: boolean; dev?: boolean } = {}
): string {
  return CSP_DIRECTIVES.filter(([name]) => !(options.meta && HEADER_ONLY.has(name)))
    .map(([name, value]) => `${name} ${(options.dev && DEV_RELAXATIONS[name]) || value}`)
    .join('; ')
}

/** The header value. */
export const APP_CSP = buildContentSecurityPolicy()

/** The value of the `<meta http-equiv="Content-Security-Policy">` tag in index.html. */
export const APP_CSP_META = buildContentSecurityPolicy({ meta: true })

/** The header value while the renderer comes from the Vite dev server (never in a build). */
export const DEV_SERVER_CSP = buildContentSecurityPolicy({ dev: true })
