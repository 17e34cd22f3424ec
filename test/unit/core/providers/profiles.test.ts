import { describe, expect, it } from 'vitest'
import { PROVIDER_IDS } from '../../../../src/shared/models/account'
import {
  clientIdsFromEnv,
  getProfile,
  PROVIDER_PROFILES,
  providerLabelFor,
  resolveClientId,
  resolveEndpoints,
  selectProfiles,
  toProviderOption,
  type ProfileQuery
} from '../../../../src/main/core/providers/profiles'

const keys = (query: ProfileQuery) => selectProfiles(query).map((profile) => profile.key)

describe('selectProfiles', () => {
  const table: [string, ProfileQuery, string[]][] = [
    [
      'no filter lists every profile in display order',
      {},
      [
        'obico-cloud',
        'obico-self-hosted',
        'makeprintable',
        'octoblu',
        'omniport',
        'zebbra',
        'generic'
      ]
    ],
    ['by provider', { provider: 'obico' }, ['obico-cloud', 'obico-self-hosted']],
    [
      'oauth capable',
      { supports: ['oauth'] },
      ['obico-cloud', 'obico-self-hosted', 'makeprintable', 'octoblu', 'omniport', 'generic']
    ],
    ['pasted token', { supports: ['pastedToken'] }, ['obico-cloud', 'obico-self-hosted']],
    ['api key', { supports: ['apiKey'] }, ['makeprintable']],
    ['password + registration', { supports: ['password', 'registration'] }, ['zebbra']],
    ['oauth and api key together', { supports: ['oauth', 'apiKey'] }, ['makeprintable']],
    ['no profile has every capability', { supports: ['oauth', 'password'] }, []],
    ['text search is case-insensitive', { text: 'OBICO' }, ['obico-cloud', 'obico-self-hosted']],
    ['every word must match', { text: 'obico self' }, ['obico-self-hosted']],
    ['text matches descriptions', { text: 'meshblu' }, ['octoblu']],
    ['text plus provider', { text: 'cloud', provider: 'obico' }, ['obico-cloud']],
    ['unmatched text', { text: 'bambu' }, []],
    ['whitespace-only text is no filter', { text: '   ', provider: 'zebbra' }, ['zebbra']],
    ['needs a server URL', { needsServerUrl: true }, ['obico-self-hosted']]
  ]
  it.each(table)('%s', (_name, query, expected) => {
    expect(keys(query)).toEqual(expected)
  })

  it('does not mutate or depend on shared state', () => {
    const first = selectProfiles({ provider: 'obico' })
    first.pop()
    expect(keys({ provider: 'obico' })).toEqual(['obico-cloud', 'obico-self-hosted'])
  })
})

describe('profile facts from the reference', () => {
  it('covers every provider id', () => {
    expect(new Set(PROVIDER_PROFILES.map((p) => p.provider))).toEqual(new Set(PROVIDER_IDS))
  })

  it('Obico: loopback, 403 is the dead-token status, refresh on 403, revoke the refresh token', () => {
    const obico = getProfile('obico-cloud')!
    expect(obico.redirect.defaultKind).toBe('loopback')
    expect(obico.redirect.loopbackUri).toBe('http://127.0.0.1/printdock/callback')
    expect(obico.deadTokenStatuses).toEqual([403])
    expect(obico.lifetime.refresh).toBe('dead-token')
    expect(obico.revoke).toMatchObject({
      supported: true,
      prefer: 'refresh-token',
      sendTokenTypeHint: true
    })
    expect(obico.endpoints.token).toBe('/o/token/')
    expect(obico.capabilities.password).toBe(false)
  })

  it('Makeprintable: response_type authorization_code, key header for API keys, secret required', () => {
    const mp = getProfile('makeprintable')!
    expect(mp.authorize.responseType).toBe('authorization_code')
    expect(mp.apiAuth['api-key']).toEqual({ kind: 'header', name: 'key' })
    expect(mp.apiAuth.oauth).toEqual({ kind: 'bearer' })
    expect(mp.client.secret).toBe('required')
    expect(mp.redirect.defaultKind).toBe('custom-scheme')
  })

  it('Octoblu, Omniport and Zebbra quirks', () => {
    expect(getProfile('octoblu')!.deadTokenStatuses).toContain(403)
    expect(getProfile('octoblu')!.lifetime.refresh).toBe('none')
    expect(getProfile('omniport')!.redirect.defaultKind).toBe('loopback')
    expect(getProfile('omniport')!.lifetime.documentedSeconds).toBe(36000)
    expect(getProfile('omniport')!.client.secret).toBe('required')
    expect(getProfile('zebbra')!.lifetime.expiry).toBe('jwt-exp')
    expect(getProfile('zebbra')!.capabilities).toMatchObject({
      password: true,
      registration: true,
      oauth: false
    })
  })

  it('never ships a client secret in profile data', () => {
    expect(JSON.stringify(PROVIDER_PROFILES)).not.toMatch(/client_?secret"\s*:\s*"[^"]+/i)
  })
})

describe('toProviderOption', () => {
  it('maps flags and asks for a client ID only when none is configured', () => {
    const cloud = getProfile('obico-cloud')!
    expect(toProviderOption(cloud)).toMatchObject({
      key: 'obico-cloud',
      provider: 'obico',
      needsServerUrl: false,
      needsClientId: true,
      supportsOAuth: true,
      supportsPastedToken: true,
      supportsApiKey: false,
      defaultRedirect: 'loopback',
      defaultServerUrl: 'https://app.obico.io'
    })
    expect(toProviderOption(cloud, { 'obico-cloud': 'printdock' }).needsClientId).toBe(false)
    expect(toProviderOption(cloud, { obico: 'printdock' }).needsClientId).toBe(false)
  })

  it('self-hosted Obico always needs the user’s client ID unless keyed by its own profile', () => {
    const self = getProfile('obico-self-hosted')!
    expect(toProviderOption(self, { obico: 'printdock' }).needsClientId).toBe(true)
    expect(toProviderOption(self, { 'obico-self-hosted': 'x' }).needsClientId).toBe(false)
    expect(toProviderOption(self).needsServerUrl).toBe(true)
    expect(toProviderOption(self).defaultServerUrl).toBeUndefined()
  })

  it('offers another server only where no other profile covers it', () => {
    const offers = Object.fromEntries(
      PROVIDER_PROFILES.map((profile) => [profile.key, toProviderOption(profile).offersOtherServer])
    )
    expect(offers).toEqual({
      'obico-cloud': false,
      'obico-self-hosted': false,
      makeprintable: true,
      octoblu: true,
      omniport: true,
      zebbra: true,
      generic: false
    })
  })

  it('Zebbra needs no client ID', () => {
    expect(toProviderOption(getProfile('zebbra')!)).toMatchObject({
      needsClientId: false,
      supportsPassword: true
    })
  })
})

describe('client IDs and endpoints', () => {
  it('reads PRINTDOCK_<PROVIDER>_CLIENT_ID', () => {
    expect(
      clientIdsFromEnv({
        PRINTDOCK_OBICO_CLIENT_ID: ' abc ',
        PRINTDOCK_OMNIPORT_CLIENT_ID: '',
        OTHER: 'x'
      })
    ).toEqual({ 'obico-cloud': 'abc' })
  })

  it('user input wins over configured IDs', () => {
    const cloud = getProfile('obico-cloud')!
    expect(resolveClientId(cloud, ' typed ', { 'obico-cloud': 'conf' })).toBe('typed')
    expect(resolveClientId(cloud, undefined, { 'obico-cloud': 'conf' })).toBe('conf')
    expect(resolveClientId(cloud, '  ', {})).toBeUndefined()
  })

  it('uses the hosted service’s split hosts only on its default origin', () => {
    const mp = getProfile('makeprintable')!
    expect(resolveEndpoints(mp, 'https://api.makeprintable.com')).toMatchObject({
      authorize: 'https://makeprintable.com/authorize',
      token: 'https://api.makeprintable.com/v1/token'
    })
    expect(resolveEndpoints(mp, 'http://127.0.0.1:5000')).toMatchObject({
      authorize: 'http://127.0.0.1:5000/authorize',
      token: 'http://127.0.0.1:5000/v1/token'
    })
    const octo = getProfile('octoblu')!
    expect(resolveEndpoints(octo, 'https://oauth.octoblu.com').identity).toBe(
      'https://meshblu.octoblu.com/v2/whoami'
    )
    expect(resolveEndpoints(octo, 'http://127.0.0.1:1', {}, 'http://127.0.0.1:2').identity).toBe(
      'http://127.0.0.1:2/v2/whoami'
    )
    expect(resolveEndpoints(octo, 'http://127.0.0.1:1').token).toBe(
      'http://127.0.0.1:1/access_token'
    )
  })

  it('labels accounts by service, never repeating the host shown beside the label', () => {
    expect(providerLabelFor(getProfile('obico-cloud')!, 'https://app.obico.io')).toBe('Obico Cloud')
    expect(providerLabelFor(getProfile('obico-self-hosted')!, 'http://print-farm.local:3334')).toBe(
      'Obico'
    )
    expect(providerLabelFor(getProfile('makeprintable')!, 'https://mp.example')).toBe(
      'Makeprintable'
    )
  })
})
