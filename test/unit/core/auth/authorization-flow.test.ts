import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import { buildAuthorizationUrl } from '../../../../src/main/core/auth/authorization-flow'

describe('buildAuthorizationUrl', () => {
  it('sets the code-flow parameters with PKCE S256', () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizeUrl: 'https://app.obico.io/o/authorize/',
        clientId: 'printdock',
        redirectUri: 'http://127.0.0.1:5123/printdock/callback',
        state: 'st&ate=1',
        challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        scope: 'read write',
        extraParams: { approval_prompt: 'auto' }
      })
    )
    expect(url.origin + url.pathname).toBe('https://app.obico.io/o/authorize/')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'printdock',
      redirect_uri: 'http://127.0.0.1:5123/printdock/callback',
      scope: 'read write',
      state: 'st&ate=1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      approval_prompt: 'auto'
    })
  })

  it('supports Makeprintable’s response_type and keeps existing query parameters', () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizeUrl: 'https://makeprintable.com/authorize?lang=en&state=old',
        clientId: 'c',
        redirectUri: 'http://127.0.0.1:1/cb',
        state: 'new',
        responseType: 'authorization_code'
      })
    )
    expect(url.searchParams.get('response_type')).toBe('authorization_code')
    expect(url.searchParams.get('lang')).toBe('en')
    expect(url.searchParams.getAll('state')).toEqual(['new'])
    expect(url.searchParams.has('code_challenge')).toBe(false)
    expect(url.searchParams.has('scope')).toBe(false)
  })

  it('refuses unusable authorize URLs and overrides of core parameters', () => {
    const base = { clientId: 'c', redirectUri: 'http://127.0.0.1:1/cb', state: 's' }
    for (const authorizeUrl of [
      'not a url',
      'javascript:alert(1)',
      'https://u:p@x.example/authorize',
      'https://x.example/a#f'
    ]) {
      expect(() => buildAuthorizationUrl({ ...base, authorizeUrl })).toThrow(AppError)
    }
    expect(() =>
      buildAuthorizationUrl({
        ...base,
        authorizeUrl: 'https://x.example/a',
        extraParams: { state: 'evil' }
      })
    ).toThrow(TypeError)
    expect(() =>
      buildAuthorizationUrl({ ...base, state: '', authorizeUrl: 'https://x.example/a' })
    ).toThrow(TypeError)
  })
})
