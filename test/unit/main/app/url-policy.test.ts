import { describe, expect, it } from 'vitest'
import {
  APP_BUNDLE_ORIGIN,
  decideNavigation,
  decideWindowOpen,
  isSafeExternalUrl,
  resolveBundlePath
} from '../../../../src/main/app/url-policy'

const KNOWN = ['https://app.obico.io', 'http://print-farm.local:3334']

describe('isSafeExternalUrl', () => {
  const cases: { label: string; url: string; expected: boolean }[] = [
    { label: 'known https origin', url: 'https://app.obico.io/o/authorize/?x=1', expected: true },
    { label: 'known http origin with port', url: 'http://print-farm.local:3334/a', expected: true },
    { label: 'default port normalised', url: 'https://app.obico.io:443/', expected: true },
    { label: 'host case-insensitive', url: 'https://APP.OBICO.IO/', expected: true },
    { label: 'unknown origin', url: 'https://evil.example/', expected: false },
    { label: 'look-alike subdomain', url: 'https://app.obico.io.evil.example/', expected: false },
    { label: 'scheme downgrade', url: 'http://app.obico.io/', expected: false },
    { label: 'other port', url: 'http://print-farm.local:3335/', expected: false },
    { label: 'userinfo', url: 'https://user:pw@app.obico.io/', expected: false },
    { label: 'userinfo disguise', url: 'https://app.obico.io@evil.example/', expected: false },
    { label: 'file', url: 'file:///etc/passwd', expected: false },
    { label: 'javascript', url: 'javascript:alert(1)', expected: false },
    { label: 'data', url: 'data:text/html,<script>alert(1)</script>', expected: false },
    { label: 'smb', url: 'smb://app.obico.io/share', expected: false },
    { label: 'custom scheme', url: 'printdock://oauth/callback', expected: false },
    { label: 'not a url', url: 'app.obico.io', expected: false },
    { label: 'empty', url: '', expected: false },
    { label: 'huge', url: 'https://app.obico.io/' + 'a'.repeat(9000), expected: false }
  ]
  it.each(cases)('$label → $expected', ({ url, expected }) => {
    expect(isSafeExternalUrl(url, KNOWN)).toBe(expected)
  })

  it('allows nothing with an empty list', () => {
    expect(isSafeExternalUrl('https://app.obico.io/', [])).toBe(false)
  })
})

describe('decideNavigation', () => {
  it.each([
    [`${APP_BUNDLE_ORIGIN}/index.html#accounts`, APP_BUNDLE_ORIGIN, 'allow'],
    ['printdock-app://other/index.html', APP_BUNDLE_ORIGIN, 'deny'],
    ['https://app.obico.io/', APP_BUNDLE_ORIGIN, 'deny'],
    ['file:///etc/passwd', APP_BUNDLE_ORIGIN, 'deny'],
    ['http://localhost:5173/?x', 'http://localhost:5173', 'allow'],
    ['http://localhost:5174/', 'http://localhost:5173', 'deny'],
    ['http://user@localhost:5173/', 'http://localhost:5173', 'deny'],
    ['javascript:alert(1)', 'http://localhost:5173', 'deny']
  ] as const)('%s on %s → %s', (target, origin, expected) => {
    expect(decideNavigation(target, origin)).toBe(expected)
  })
})

describe('decideWindowOpen', () => {
  it('sends known http(s) links to the browser', () => {
    expect(decideWindowOpen('https://app.obico.io/help', KNOWN)).toEqual({
      action: 'open-external',
      url: 'https://app.obico.io/help'
    })
  })
  it.each([
    'https://evil.example/',
    'file:///c:/windows',
    `${APP_BUNDLE_ORIGIN}/index.html`,
    'about:blank'
  ])('denies %s', (url) => expect(decideWindowOpen(url, KNOWN)).toEqual({ action: 'deny' }))
})

describe('resolveBundlePath', () => {
  const root = '/opt/printdock/out/renderer'
  it.each([
    [`${APP_BUNDLE_ORIGIN}/`, `${root}/index.html`],
    [`${APP_BUNDLE_ORIGIN}/index.html?x#y`, `${root}/index.html`],
    [`${APP_BUNDLE_ORIGIN}/assets/index-1.js`, `${root}/assets/index-1.js`]
  ])('%s → %s', (url, expected) => expect(resolveBundlePath(root, url)).toBe(expected))

  it.each([`${APP_BUNDLE_ORIGIN}/../../secret`, `${APP_BUNDLE_ORIGIN}/%2e%2e/%2e%2e/secret`])(
    'keeps %s inside the root (the URL parser resolves dot segments first)',
    (url) => expect(resolveBundlePath(root, url)).toBe(`${root}/secret`)
  )

  it.each([
    `${APP_BUNDLE_ORIGIN}/assets/..%2f..%2fsecret`,
    `${APP_BUNDLE_ORIGIN}/a%5c..%5c..%5csecret`,
    `${APP_BUNDLE_ORIGIN}/a%00.js`,
    `${APP_BUNDLE_ORIGIN}/%E0%A4%A`,
    'printdock-app://elsewhere/index.html',
    'https://bundle/index.html'
  ])('refuses %s', (url) => expect(resolveBundlePath(root, url)).toBeUndefined())
})
