/**
 * Where a provider sends the browser back after consent: the two redirect URIs Printdock asks
 * users and administrators to register. Main builds attempts from them; the renderer shows them
 * in the self-hosted guide. One source, so the guide can never tell users to register a URI the
 * app does not use.
 */

/** The app's private-use URI scheme (RFC 8252 §7.1). */
export const APP_SCHEME = 'printdock'

/** The custom-scheme redirect, for providers that accept non-http schemes. */
export const APP_OAUTH_REDIRECT_URI = 'printdock://oauth/callback'

/**
 * The loopback redirect (RFC 8252 §7.3), registered without a port: servers that follow the RFC
 * (django-oauth-toolkit on Obico) accept whichever port the one-shot listener picks, while the
 * path must match exactly. An IP literal, not `localhost` (obico-api.md §1.3, §5).
 */
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/printdock/callback'
