import { describe, expect, it } from 'vitest'
import { APP_BUNDLE_ORIGIN } from '../../../../src/main/app/url-policy'
import { isTrustedSender } from '../../../../src/main/ipc/trusted-sender'

describe('isTrustedSender', () => {
  it.each([
    [`${APP_BUNDLE_ORIGIN}/index.html`, APP_BUNDLE_ORIGIN, true],
    [`${APP_BUNDLE_ORIGIN}/index.html#/accounts`, APP_BUNDLE_ORIGIN, true],
    ['http://localhost:5173/', 'http://localhost:5173', true],
    ['http://localhost:5173/', APP_BUNDLE_ORIGIN, false],
    ['printdock-app://evil/index.html', APP_BUNDLE_ORIGIN, false],
    ['file:///tmp/index.html', APP_BUNDLE_ORIGIN, false],
    ['https://app.obico.io/', APP_BUNDLE_ORIGIN, false],
    ['http://localhost:5174/', 'http://localhost:5173', false],
    ['http://127.0.0.1:5173/', 'http://localhost:5173', false],
    ['about:blank', APP_BUNDLE_ORIGIN, false],
    ['', APP_BUNDLE_ORIGIN, false],
    [undefined, APP_BUNDLE_ORIGIN, false],
    [null, APP_BUNDLE_ORIGIN, false]
  ] as const)('%s from %s → %s', (frameUrl, origin, expected) => {
    expect(isTrustedSender(frameUrl, origin)).toBe(expected)
  })
})
