import { describe, expect, it } from 'vitest'
import { LeaseRegistry } from '../../../src/main/core/leases'
import type { Logger } from '../../../src/main/core/logger'

describe('LeaseRegistry', () => {
  it('grants distinct leases and lists them by kind', () => {
    const leases = new LeaseRegistry()
    const a = leases.acquire('w1', 'accounts')
    const b = leases.acquire('w1', 'file')
    const c = leases.acquire('w2', 'accounts')
    expect(new Set([a, b, c]).size).toBe(3)
    expect(leases.list('accounts').map((lease) => lease.leaseId)).toEqual([a, c])
    expect(leases.holders('accounts')).toEqual(['w1', 'w2'])
    expect(leases.holders('file')).toEqual(['w1'])
    expect(leases.holds('w1', b, 'file')).toBe(true)
    expect(leases.holds('w2', b, 'file')).toBe(false)
  })

  it('lists a caller once among holders however many leases it has', () => {
    const leases = new LeaseRegistry()
    leases.acquire('w1', 'accounts')
    leases.acquire('w1', 'accounts')
    expect(leases.holders('accounts')).toEqual(['w1'])
  })

  it('releases only the caller’s own lease, once, running its end hook once', () => {
    const leases = new LeaseRegistry()
    const ended: string[] = []
    const id = leases.acquire('w1', 'accounts', () => ended.push('w1'))
    expect(leases.release('w2', id)).toBe(false)
    expect(ended).toEqual([])
    expect(leases.release('w1', id)).toBe(true)
    expect(leases.release('w1', id)).toBe(false)
    expect(ended).toEqual(['w1'])
    expect(leases.list()).toEqual([])
  })

  it('ends every lease of a caller that went away, and nobody else’s', () => {
    const leases = new LeaseRegistry()
    const ended: string[] = []
    leases.acquire('w1', 'accounts', () => ended.push('accounts'))
    leases.acquire('w1', 'file', () => ended.push('file'))
    const kept = leases.acquire('w2', 'accounts')
    expect(leases.endCaller('w1')).toBe(2)
    expect(ended.sort()).toEqual(['accounts', 'file'])
    expect(leases.list()).toEqual([{ leaseId: kept, callerId: 'w2', kind: 'accounts' }])
    expect(leases.endCaller('w1')).toBe(0)
  })

  it('keeps ending leases when one end hook throws, and logs it', () => {
    const warnings: string[] = []
    const logger: Logger = {
      debug() {},
      info() {},
      warn: (message) => warnings.push(message),
      error() {}
    }
    const leases = new LeaseRegistry(logger)
    const ended: string[] = []
    leases.acquire('w1', 'a', () => {
      throw new Error('hook failed')
    })
    leases.acquire('w1', 'b', () => ended.push('b'))
    expect(leases.endCaller('w1')).toBe(2)
    expect(ended).toEqual(['b'])
    expect(warnings).toEqual(['a lease end hook failed'])
  })

  it('tells listeners when the holders of a kind may have changed', () => {
    const leases = new LeaseRegistry()
    const watched: string[] = []
    // What a poller does: run while someone holds a 'printers' lease.
    leases.onDidChange((kind) => {
      if (kind === 'printers') watched.push(leases.holders('printers').length > 0 ? 'run' : 'stop')
    })
    const first = leases.acquire('w1', 'printers')
    leases.acquire('w1', 'accounts')
    leases.acquire('w2', 'printers')
    leases.release('w1', first)
    leases.endCaller('w2')
    expect(watched).toEqual(['run', 'run', 'run', 'stop'])
  })

  it('ends everything on dispose', () => {
    const leases = new LeaseRegistry()
    const ended: string[] = []
    leases.acquire('w1', 'a', () => ended.push('w1'))
    leases.acquire('w2', 'a', () => ended.push('w2'))
    leases.dispose()
    expect(ended.sort()).toEqual(['w1', 'w2'])
    expect(leases.list()).toEqual([])
  })
})
