import { describe, expect, it } from 'vitest'
import { api } from '../../src/renderer/src/lib/api'
import { UiError } from '../../src/renderer/src/lib/ui-error'
import { fail } from './fake-api'
import { currentFake } from './setup'

describe('lib/api', () => {
  it('unwraps a successful result into its value', async () => {
    currentFake().settings = { theme: 'dark', lastScreen: 'files', firstRunDone: false }
    expect(await api.settings.get()).toEqual({
      theme: 'dark',
      lastScreen: 'files',
      firstRunDone: false
    })
  })

  it('throws a UiError with the code and message of a failed result', async () => {
    currentFake().on('accounts:unlink', () => fail('account/not-found', 'No account abc'))
    const error = await api.accounts.unlink('abc').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UiError)
    expect((error as UiError).code).toBe('account/not-found')
    expect((error as UiError).message).toBe('No account abc')
  })

  it('turns a rejected invoke into internal/unexpected', async () => {
    currentFake().on('accounts:list', () => Promise.reject(new Error('socket closed')))
    const error = await api.accounts.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UiError)
    expect((error as UiError).code).toBe('internal/unexpected')
  })

  it('says the bridge is missing when the preload did not run', async () => {
    Object.defineProperty(window, 'api', { value: undefined, configurable: true })
    const error = await api.app.getInfo().catch((e: unknown) => e)
    expect((error as UiError).code).toBe('ui/no-bridge')
  })

  it('passes subscriptions through and unsubscribes', () => {
    const fake = currentFake()
    const seen: number[] = []
    const off = api.accounts.onChanged((snapshot) => seen.push(snapshot.value.length))
    fake.emit('accounts:changed', fake.accountsSnapshot([]))
    off()
    fake.emit('accounts:changed', fake.accountsSnapshot([]))
    expect(seen).toEqual([0])
    expect(fake.listenerCount('accounts:changed')).toBe(0)
  })
})
