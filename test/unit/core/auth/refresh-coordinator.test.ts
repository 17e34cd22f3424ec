import { describe, expect, it } from 'vitest'
import { SingleFlight } from '../../../../src/main/core/auth/refresh-coordinator'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('SingleFlight', () => {
  it('shares one in-flight task per key and starts anew after it settles', async () => {
    const flight = new SingleFlight<string, string>()
    let calls = 0
    const gate = deferred<string>()
    const task = () => {
      calls++
      return gate.promise
    }
    const a = flight.run('acct-1', task)
    const b = flight.run('acct-1', task)
    const other = flight.run('acct-2', async () => 'other')
    expect(calls).toBe(1)
    expect(flight.isInFlight('acct-1')).toBe(true)
    gate.resolve('tokens-1')
    expect(await Promise.all([a, b, other])).toEqual(['tokens-1', 'tokens-1', 'other'])
    expect(flight.isInFlight('acct-1')).toBe(false)
    expect(flight.size).toBe(0)
    expect(await flight.run('acct-1', async () => 'tokens-2')).toBe('tokens-2')
  })

  it('shares a rejection, then lets the next call retry', async () => {
    const flight = new SingleFlight<string, number>()
    const gate = deferred<number>()
    const a = flight.run('k', () => gate.promise)
    const b = flight.run('k', () => Promise.resolve(99))
    gate.reject(new Error('refresh failed'))
    await expect(a).rejects.toThrow('refresh failed')
    await expect(b).rejects.toThrow('refresh failed')
    expect(await flight.run('k', async () => 2)).toBe(2)
  })

  it('a task that throws synchronously becomes a rejection', async () => {
    const flight = new SingleFlight<string, number>()
    await expect(
      flight.run('k', () => {
        throw new Error('sync')
      })
    ).rejects.toThrow('sync')
    expect(flight.isInFlight('k')).toBe(false)
  })
})
