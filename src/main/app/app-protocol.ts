/**
 * Serves the production renderer from `printdock-app://bundle/` instead of `file://`.
 *
 * A real origin makes the sender check and `'self'` in the CSP mean "this app's bundle" rather than
 * "any local file", and lets the CSP travel as a response header (a `file://` load has none).
 */
import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { APP_CSP } from './content-security-policy'
import { APP_SCHEME, resolveBundlePath } from './url-policy'

/** Must run before `app.ready` (Electron: `registerSchemesAsPrivileged`). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Serves files under `rendererRoot`; anything outside it answers 404. Call after `ready`. */
export function serveRendererBundle(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveBundlePath(rendererRoot, request.url)
    if (!path) return new Response('Not found', { status: 404 })
    const upstream = await net.fetch(pathToFileURL(path).toString())
    const headers = new Headers(upstream.headers)
    headers.set('Content-Security-Policy', APP_CSP)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(upstream.body, { status: upstream.status, headers })
  })
}
