/**
 * Serves the production renderer from `printdock-app://bundle/` instead of `file://`.
 *
 * A real origin makes the sender check and `'self'` in the CSP mean "this app's bundle" rather than
 * "any local file", and lets the CSP travel as a response header (a `file://` load has none).
 *
 * The same origin answers `/__media/…` (tagged videos) from core's media responder, so a `<video>`
 * plays them under `default-src 'self'` without the CSP naming any remote host. `stream: true`
 * lets Chromium read such a response as it arrives and seek in it with Range requests.
 */
import { net, protocol } from 'electron'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { pathToFileURL } from 'node:url'
import { isMediaPath, type MediaAnswer, type MediaStore } from '../core/media/media-store'
import { APP_CSP } from './content-security-policy'
import { APP_BUNDLE_ORIGIN, APP_SCHEME, resolveBundlePath } from './url-policy'

/** Must run before `app.ready` (Electron: `registerSchemesAsPrivileged`). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true }
    }
  ])
}

/**
 * Serves files under `rendererRoot`, and media paths from `media`; anything else answers 404.
 * Call after `ready`.
 */
export function serveRendererBundle(
  rendererRoot: string,
  media?: Pick<MediaStore, 'respond'>
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const mediaPath = bundleMediaPath(request.url)
    if (mediaPath !== undefined) {
      if (!media) return new Response('Not found', { status: 404 })
      return toResponse(
        media.respond({
          method: request.method,
          path: mediaPath,
          range: request.headers.get('range')
        })
      )
    }
    const path = resolveBundlePath(rendererRoot, request.url)
    if (!path) return new Response('Not found', { status: 404 })
    const upstream = await net.fetch(pathToFileURL(path).toString())
    const headers = new Headers(upstream.headers)
    headers.set('Content-Security-Policy', APP_CSP)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(upstream.body, { status: upstream.status, headers })
  })
}

/** The path of a media URL on the bundle's own origin, or undefined. */
function bundleMediaPath(raw: string): string | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  // A custom scheme's URL has origin "null" in Node: compare the parts instead.
  if (`${url.protocol}//${url.host}` !== APP_BUNDLE_ORIGIN) return undefined
  return isMediaPath(url.pathname) ? url.pathname : undefined
}

function toResponse(answer: MediaAnswer): Response {
  const body = answer.body
    ? (Readable.toWeb(answer.body()) as WebReadableStream<Uint8Array> as unknown as ReadableStream)
    : null
  return new Response(body, { status: answer.status, headers: answer.headers })
}
