import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_CSP,
  APP_CSP_META,
  buildContentSecurityPolicy
} from '../../../../src/main/app/content-security-policy'
import { hardenedWebPreferences } from '../../../../src/main/app/web-preferences'

const ROOT = join(__dirname, '..', '..', '..', '..')

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name, values.join(' ')] as [string, string]
    })
  )
}

describe('hardenedWebPreferences', () => {
  const prefs = hardenedWebPreferences('/app/out/preload/index.js')

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false]
  ] as const)('%s is %s', (key, value) => {
    expect(prefs[key]).toBe(value)
  })

  it('uses the given preload and enables no Blink features', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.js')
    expect(prefs.enableBlinkFeatures).toBe('')
  })
})

describe('content security policy', () => {
  const header = directives(APP_CSP)

  it.each([
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'none'"]
  ])('header sets %s %s', (name, value) => {
    expect(header.get(name)).toBe(value)
  })

  it('has exactly those directives and never unsafe-* or wildcards', () => {
    expect(header.size).toBe(9)
    expect(APP_CSP).not.toMatch(/unsafe-|\*|https?:/)
  })

  it('meta form drops only frame-ancestors (ignored in meta, CSP3 §6.4.2)', () => {
    const meta = directives(APP_CSP_META)
    expect(meta.has('frame-ancestors')).toBe(false)
    expect(meta.size).toBe(header.size - 1)
    expect(buildContentSecurityPolicy({ meta: true })).toBe(APP_CSP_META)
  })

  it('index.html carries a CSP meta tag no weaker than the header', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')
    const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(match, 'CSP meta tag').not.toBeNull()
    const meta = directives(match![1])
    for (const [name, value] of directives(APP_CSP_META)) expect(meta.get(name)).toBe(value)
  })
})
