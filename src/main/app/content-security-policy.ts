/**
 * The renderer's Content Security Policy, in one place.
 *
 * Main sets it as a response header (protocol handler and `onHeadersReceived`) and
 * `src/renderer/index.html` repeats it in a meta tag, so the page is covered even before any
 * header hook runs. `frame-ancestors` is left out of the meta form because browsers ignore it
 * there (CSP3 §6.4.2) and log a console error about it.
 *
 * Only the Electron policy is here; the end-to-end harness serves the same string (see
 * test/harness/README.md for its single, documented difference).
 */

/** Directive name → source list, in the order they are written. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  // https: because account avatars and provider logos come from the linked servers.
  ['img-src', "'self' data: https:"],
  // The renderer never does HTTP itself: every network call goes through main.
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'none'"]
]

/** Directives that only work when delivered as a header. */
const HEADER_ONLY = new Set(['frame-ancestors'])

/** Renders the policy; `{ meta: true }` drops the header-only directives. */
export function buildContentSecurityPolicy(options: { meta?: boolean } = {}): string {
  return CSP_DIRECTIVES.filter(([name]) => !(options.meta && HEADER_ONLY.has(name)))
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

/** The header value. */
export const APP_CSP = buildContentSecurityPolicy()

/** The value of the `<meta http-equiv="Content-Security-Policy">` tag in index.html. */
export const APP_CSP_META = buildContentSecurityPolicy({ meta: true })
