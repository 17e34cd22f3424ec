import { describe, expect, it } from 'vitest'
import {
  APP_CSP,
  DEV_SERVER_CSP,
  buildContentSecurityPolicy
} from '../../../../src/main/app/content-security-policy'
import { chooseRendererSource } from '../../../../src/main/app/renderer-source'
import { APP_BUNDLE_ORIGIN } from '../../../../src/main/app/url-policy'

const BUNDLE = {
  appOrigin: APP_BUNDLE_ORIGIN,
  startUrl: `${APP_BUNDLE_ORIGIN}/index.html`,
  csp: APP_CSP
}

describe('chooseRendererSource', () => {
  it('serves the bundle under the strict policy when no dev server is set', () => {
    expect(chooseRendererSource({ isPackaged: false, rendererUrl: undefined })).toEqual(BUNDLE)
    expect(chooseRendererSource({ isPackaged: false, rendererUrl: '' })).toEqual(BUNDLE)
  })

  it('never loads an environment-named page in a packaged app', () => {
    expect(
      chooseRendererSource({ isPackaged: true, rendererUrl: 'http://localhost:5173/' })
    ).toEqual(BUNDLE)
  })

  it.each(['file:///tmp/index.html', 'javascript:alert(1)', 'not a url'])(
    'ignores a dev server URL that is not http(s): %s',
    (rendererUrl) => {
      expect(chooseRendererSource({ isPackaged: false, rendererUrl })).toEqual(BUNDLE)
    }
  )

  it('uses the dev server with the relaxed policy under electron-vite dev', () => {
    expect(
      chooseRendererSource({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })
    ).toEqual({
      devServer: 'http://localhost:5173/',
      appOrigin: 'http://localhost:5173',
      startUrl: 'http://localhost:5173/',
      csp: DEV_SERVER_CSP
    })
  })
})

describe('dev server policy', () => {
  it('relaxes exactly what electron.vite.config.ts devCspRelax relaxes in the meta tag', () => {
    // The same replacements devCspRelax applies to index.html; a stricter header would block
    // Vite's inline refresh preamble even though the meta tag allows it.
    const relaxed = APP_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*")
    expect(DEV_SERVER_CSP).toBe(relaxed)
    expect(buildContentSecurityPolicy({ dev: true })).toBe(DEV_SERVER_CSP)
  })

  it('keeps the rest of the policy, frame-ancestors and object-src included', () => {
    expect(DEV_SERVER_CSP).toContain("object-src 'none'")
    expect(DEV_SERVER_CSP).toContain("frame-ancestors 'none'")
    expect(DEV_SERVER_CSP).toContain("img-src 'self' data:;")
    expect(APP_CSP).not.toContain('unsafe-inline')
  })
})
