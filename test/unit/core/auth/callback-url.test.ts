import { describe, expect, it } from 'vitest'
import {
  APP_OAUTH_REDIRECT_URI,
  parseAppUrl,
  parseCallbackUrl
} from '../../../../src/main/core/auth/callback-url'

const LOOPBACK = 'http://127.0.0.1:53123/printdock/callback'
const expected = { redirectUri: LOOPBACK }
const STATE = 'n0tR3alStat3-but_long-enough-for-tests-0001'

describe('parseCallbackUrl: accepted', () => {
  it.each([
    [`${LOOPBACK}?code=abc&state=${STATE}`, { kind: 'code', code: 'abc', state: STATE }],
    [`${LOOPBACK}?state=${STATE}&code=abc`, { kind: 'code', code: 'abc', state: STATE }],
    [`${LOOPBACK}?code=a%2Bb%3D&state=${STATE}`, { kind: 'code', code: 'a+b=', state: STATE }],
    [
      `${LOOPBACK}?code=abc&state=${STATE}&session_state=x&scope=read+write`,
      { kind: 'code', code: 'abc', state: STATE }
    ],
    [
      `${LOOPBACK}?code=abc&state=${STATE}&iss=https%3A%2F%2Fop.example`,
      { kind: 'code', code: 'abc', state: STATE, iss: 'https://op.example' }
    ],
    [`${LOOPBACK}?code=abc&state=${STATE}#`, { kind: 'code', code: 'abc', state: STATE }],
    [
      `HTTP://127.0.0.1:53123/printdock/callback?code=abc&state=${STATE}`,
      { kind: 'code', code: 'abc', state: STATE }
    ],
    [
      `${LOOPBACK}?error=access_denied&state=${STATE}`,
      { kind: 'error', error: 'access_denied', state: STATE }
    ],
    [
      `${LOOPBACK}?error=invalid_scope&error_description=Bad+scope%21`,
      { kind: 'error', error: 'invalid_scope', description: 'Bad scope!' }
    ],
    [
      `${LOOPBACK}?error=server_error&error_description=%00evil&state=${STATE}`,
      { kind: 'error', error: 'server_error', state: STATE }
    ]
  ])('%s', (raw, want) => {
    expect(parseCallbackUrl(raw, expected)).toEqual(want)
  })

  it('accepts the custom-scheme redirect', () => {
    expect(
      parseCallbackUrl(`printdock://oauth/callback?code=c1&state=${STATE}`, {
        redirectUri: APP_OAUTH_REDIRECT_URI
      })
    ).toEqual({
      kind: 'code',
      code: 'c1',
      state: STATE
    })
  })
})

describe('parseCallbackUrl: rejected', () => {
  it.each([
    ['other port', `http://127.0.0.1:53124/printdock/callback?code=a&state=${STATE}`],
    ['no port', `http://127.0.0.1/printdock/callback?code=a&state=${STATE}`],
    ['localhost', `http://localhost:53123/printdock/callback?code=a&state=${STATE}`],
    ['other host', `http://evil.example:53123/printdock/callback?code=a&state=${STATE}`],
    ['decimal ip', `http://2130706433:53123/printdock/callback?code=a&state=${STATE}`],
    ['hex ip', `http://0x7f.0.0.1:53123/printdock/callback?code=a&state=${STATE}`],
    ['https', `https://127.0.0.1:53123/printdock/callback?code=a&state=${STATE}`],
    ['userinfo', `http://user:pw@127.0.0.1:53123/printdock/callback?code=a&state=${STATE}`],
    [
      'userinfo host trick',
      `http://127.0.0.1:53123@evil.example/printdock/callback?code=a&state=${STATE}`
    ],
    ['trailing slash', `${LOOPBACK}/?code=a&state=${STATE}`],
    ['dot segment', `http://127.0.0.1:53123/printdock/./callback?code=a&state=${STATE}`],
    ['double slash', `http://127.0.0.1:53123//printdock/callback?code=a&state=${STATE}`],
    ['encoded slash', `http://127.0.0.1:53123/printdock%2Fcallback?code=a&state=${STATE}`],
    ['backslash', `http://127.0.0.1:53123\\printdock/callback?code=a&state=${STATE}`],
    ['fragment params', `${LOOPBACK}?code=a&state=${STATE}#code=b`],
    ['implicit fragment', `${LOOPBACK}#access_token=x&state=${STATE}`],
    ['duplicate code', `${LOOPBACK}?code=a&code=b&state=${STATE}`],
    ['duplicate state', `${LOOPBACK}?code=a&state=${STATE}&state=other`],
    ['duplicate via encoding', `${LOOPBACK}?code=a&%63ode=b&state=${STATE}`],
    ['missing state', `${LOOPBACK}?code=a`],
    ['empty state', `${LOOPBACK}?code=a&state=`],
    ['empty code', `${LOOPBACK}?code=&state=${STATE}`],
    ['no params', LOOPBACK],
    ['code and error', `${LOOPBACK}?code=a&error=access_denied&state=${STATE}`],
    ['nul in code', `${LOOPBACK}?code=a%00b&state=${STATE}`],
    ['newline in state', `${LOOPBACK}?code=a&state=${STATE}%0A`],
    ['raw space', `${LOOPBACK}?code=a b&state=${STATE}`],
    ['raw control char', `${LOOPBACK}?code=a\u0001&state=${STATE}`],
    ['unicode', `${LOOPBACK}?code=\u00e9&state=${STATE}`],
    ['bad escape', `${LOOPBACK}?code=%zz&state=${STATE}`],
    ['javascript', `javascript:alert(1)//${LOOPBACK}?code=a&state=${STATE}`],
    ['data', `data:text/html,${LOOPBACK}?code=a&state=${STATE}`],
    ['relative', `/printdock/callback?code=a&state=${STATE}`],
    ['custom scheme on loopback', `printdock://oauth/callback?code=a&state=${STATE}`],
    ['oversize', `${LOOPBACK}?code=${'a'.repeat(9000)}&state=${STATE}`],
    ['empty', ''],
    ['error with bad charset', `${LOOPBACK}?error=%22quoted%22&state=${STATE}`]
  ])('%s', (_name, raw) => {
    const result = parseCallbackUrl(raw, expected)
    expect(result.kind).toBe('invalid')
  })

  it('returns invalid for non-strings and a broken expected URI, never throws', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x')] as unknown[]) {
      expect(parseCallbackUrl(value as string, expected).kind).toBe('invalid')
    }
    expect(
      parseCallbackUrl(`${LOOPBACK}?code=a&state=${STATE}`, { redirectUri: 'not a url' }).kind
    ).toBe('invalid')
    expect(parseCallbackUrl(`${LOOPBACK}?code=a&state=${STATE}`, undefined as never).kind).toBe(
      'invalid'
    )
  })
})

describe("parseCallbackUrl: Octoblu's error redirect (providers.md §2.3)", () => {
  it('reads error + numeric code as an error response, the code being the HTTP status', () => {
    expect(
      parseCallbackUrl(
        `${LOOPBACK}?error=access_denied&error_description=The+user+denied+access&code=400&state=${STATE}`,
        expected
      )
    ).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'The user denied access',
      state: STATE,
      status: 400
    })
    expect(parseCallbackUrl(`${LOOPBACK}?error=server_error&code=503`, expected)).toEqual({
      kind: 'error',
      error: 'server_error',
      status: 503
    })
  })

  it('still rejects a non-status code beside an error (ambiguous)', () => {
    for (const code of ['a', '4000', '40', '600', 'NDAw']) {
      expect(
        parseCallbackUrl(`${LOOPBACK}?error=access_denied&code=${code}&state=${STATE}`, expected)
          .kind
      ).toBe('invalid')
    }
  })

  it('routes the Octoblu error deep link', () => {
    const url = 'printdock://oauth/callback?error=access_denied&code=400'
    expect(parseAppUrl(url)).toEqual({ kind: 'oauth-callback', url })
  })
})

describe('parseAppUrl', () => {
  it('routes the OAuth callback', () => {
    const url = `printdock://oauth/callback?code=abc&state=${STATE}`
    expect(parseAppUrl(url)).toEqual({ kind: 'oauth-callback', url })
    const denied = 'printdock://oauth/callback?error=access_denied'
    expect(parseAppUrl(denied)).toEqual({ kind: 'oauth-callback', url: denied })
  })

  it.each([
    'printdock://oauth/callback',
    'printdock://oauth/callback/?code=a&state=' + STATE,
    'printdock://oauth/other?code=a&state=' + STATE,
    'printdock://evil/callback?code=a&state=' + STATE,
    'printdock://x@oauth/callback?code=a&state=' + STATE,
    'printdock:oauth/callback?code=a&state=' + STATE,
    'printdock:///oauth/callback?code=a&state=' + STATE,
    'printdock://oauth/callback?code=a&code=b&state=' + STATE,
    'printdock://oauth/callback?code=a&state=' + STATE + '#frag',
    'http://127.0.0.1/oauth/callback?code=a&state=' + STATE,
    'javascript:alert(1)',
    'printdock://oauth/callback?code=a&state=' + STATE + '\n',
    '--inspect=0.0.0.0:9229',
    '',
    'x'.repeat(10_000)
  ])('unknown: %s', (raw) => {
    const result = parseAppUrl(raw)
    expect(result.kind).toBe('unknown')
    if (result.kind === 'unknown') expect(result.reason.length).toBeGreaterThan(0)
  })
})
