import { describe, expect, it } from 'vitest'
import {
  accountPlace,
  lookAlikeIds,
  providerName,
  serverText
} from '../../src/renderer/src/features/accounts/account-names'
import { account } from './fixtures'

describe('account names', () => {
  it('shows https servers as their host and keeps http:// as a warning', () => {
    expect(serverText('https://app.obico.io')).toBe('app.obico.io')
    expect(serverText('https://obico.example:8443')).toBe('obico.example:8443')
    expect(serverText('http://print-farm.local:3334')).toBe('http://print-farm.local:3334')
    expect(serverText('http://[::1]:5340')).toBe('http://[::1]:5340')
    expect(serverText('not a url')).toBe('not a url')
  })

  it('drops only the host main adds, not brackets that are part of a label', () => {
    expect(
      providerName({
        providerLabel: 'Obico (print-farm.local:3334)',
        serverOrigin: 'http://print-farm.local:3334'
      })
    ).toBe('Obico')
    expect(
      providerName({
        providerLabel: 'Octoblu (Meshblu)',
        serverOrigin: 'https://oauth.octoblu.com'
      })
    ).toBe('Octoblu (Meshblu)')
    expect(
      providerName({
        providerLabel: 'Octoblu (Meshblu) (octo.example)',
        serverOrigin: 'https://octo.example'
      })
    ).toBe('Octoblu (Meshblu)')
  })

  it('says where an account lives in one phrase', () => {
    expect(accountPlace(account())).toBe('Obico Cloud')
    expect(
      accountPlace({
        providerLabel: 'Obico (obico.example)',
        serverOrigin: 'https://obico.example'
      })
    ).toBe('Obico at obico.example')
    expect(
      accountPlace({
        providerLabel: 'Obico (127.0.0.1:41234)',
        serverOrigin: 'http://127.0.0.1:41234',
        demo: true
      })
    ).toBe('the demo Obico server on this computer')
  })

  it('finds accounts that share a name, ignoring case and spaces around it', () => {
    const ids = lookAlikeIds([
      account({ id: 'a', displayName: 'maker@example.com' }),
      account({ id: 'b', displayName: ' Maker@Example.com' }),
      account({ id: 'c', displayName: 'other@example.com' })
    ])
    expect([...ids].sort()).toEqual(['a', 'b'])
    expect(lookAlikeIds([account()]).size).toBe(0)
  })
})
