/**
 * Where the renderer comes from and which CSP header it gets: a pure choice, so a unit test pins
 * that a packaged app always serves its own bundle under the strict policy.
 */
import { APP_CSP, DEV_SERVER_CSP } from './content-security-policy'
import { APP_BUNDLE_ORIGIN } from './url-policy'

/** The page the main window loads and the rules that go with it. */
export interface RendererSource {
  /** The Vite dev server URL, when `npm run dev` runs; undefined for the bundle. */
  devServer?: string
  /** Origin the sender check and the navigation guard accept. */
  appOrigin: string
  /** The URL the main window loads. */
  startUrl: string
  /** The `Content-Security-Policy` response header for documents. */
  csp: string
}

/**
 * Chooses between the dev server and the bundle.
 *
 * The dev server is used only when the app is not packaged and `ELECTRON_RENDERER_URL` (set by
 * electron-vite dev) is an http(s) URL: a packaged app must never load a page named by the
 * environment. The dev server gets the relaxed policy because Vite's inline refresh preamble
 * would otherwise be blocked by the header, whatever the (already relaxed) meta tag says.
 */
export function chooseRendererSource(input: {
  isPackaged: boolean
  rendererUrl: string | undefined
}): RendererSource {
  const devServer = !input.isPackaged ? parseDevServer(input.rendererUrl) : undefined
  if (devServer) {
    return {
      devServer,
      appOrigin: new URL(devServer).origin,
      startUrl: devServer,
      csp: DEV_SERVER_CSP
    }
  }
  return { appOrigin: APP_BUNDLE_ORIGIN, startUrl: `${APP_BUNDLE_ORIGIN}/index.html`, csp: APP_CSP }
}

function parseDevServer(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    return url.protocol === 'http:' || url.protocol === 'https:' ? raw : undefined
  } catch {
    return undefined
  }
}
