/**
 * The app's keychain probe runner (src/main/adapters/keychain-probe-utility.ts) against a fake
 * `electron` whose `utilityProcess.fork` returns a scripted child: the request goes to the child
 * as a message once it has spawned, a report settles the probe, and a child that never answers is
 * killed after the timeout so start-up goes on (docs/decisions/0014).
 */
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { KeychainProbeRequest } from '../../../../src/main/core/vault/keychain-probe'

class FakeUtilityProcess extends EventEmitter {
  readonly posted: unknown[] = []
  killed = false
  constructor(
    readonly modulePath: string,
    readonly options: Record<string, unknown>
  ) {
    super()
  }
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  kill() {
    this.killed = true
    return true
  }
}

const fake = vi.hoisted(() => ({ children: [] as unknown[] }))

vi.mock('electron', () => ({
  utilityProcess: {
    fork: (modulePath: string, _args: string[], options: Record<string, unknown>) => {
      const child = new FakeUtilityProcess(modulePath, options)
      fake.children.push(child)
      return child
    }
  }
}))

const { utilityProcessKeychainProbe } =
  await import('../../../../src/main/adapters/keychain-probe-utility')

const REQUEST: KeychainProbeRequest = {
  modulePath: '/app/node_modules/@napi-rs/keyring/index.js',
  service: 'Printdock',
  account: 'printdock-keychain-probe',
  value: 'a1b2'
}

function lastChild(): FakeUtilityProcess {
  const child = fake.children.at(-1)
  if (!(child instanceof FakeUtilityProcess)) throw new Error('no utility process was forked')
  return child
}

beforeEach(() => {
  fake.children.length = 0
})

describe('utilityProcessKeychainProbe', () => {
  it('forks the built probe and sends the request once the process has spawned', async () => {
    const probe = utilityProcessKeychainProbe('/app/out/main/keychain-probe.js')(REQUEST, 5000)
    const child = lastChild()
    expect(child.modulePath).toBe('/app/out/main/keychain-probe.js')
    expect(child.posted).toEqual([])
    child.emit('spawn')
    expect(child.posted).toEqual([REQUEST])
    child.emit('message', { ok: true })
    await expect(probe).resolves.toEqual({ ok: true })
    expect(child.killed).toBe(true)
  })

  it('passes a failure report on as it came', async () => {
    const probe = utilityProcessKeychainProbe('/probe.js')(REQUEST, 5000)
    const child = lastChild()
    child.emit('spawn')
    const report = { ok: false, stage: 'keyring', message: 'ServiceUnknown' }
    child.emit('message', report)
    await expect(probe).resolves.toEqual(report)
  })

  it('a message that is not a report is a failure, not a pass', async () => {
    const probe = utilityProcessKeychainProbe('/probe.js')(REQUEST, 5000)
    const child = lastChild()
    child.emit('spawn')
    child.emit('message', { ok: 'yes' })
    await expect(probe).resolves.toMatchObject({ ok: false, stage: 'child' })
  })

  it('a process that exits before reporting is a failure naming its exit code', async () => {
    const probe = utilityProcessKeychainProbe('/probe.js')(REQUEST, 5000)
    lastChild().emit('exit', 9)
    await expect(probe).resolves.toEqual({
      ok: false,
      stage: 'child',
      message: 'probe exited with code 9 before reporting'
    })
  })

  it('does not block start-up: a probe that never answers is killed after the timeout', async () => {
    vi.useFakeTimers()
    try {
      const probe = utilityProcessKeychainProbe('/probe.js')(REQUEST, 5000)
      const child = lastChild()
      child.emit('spawn')
      await vi.advanceTimersByTimeAsync(4999)
      expect(child.killed).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      await expect(probe).resolves.toBe('timeout')
      expect(child.killed).toBe(true)
      // A late report changes nothing.
      child.emit('message', { ok: true })
      await expect(probe).resolves.toBe('timeout')
    } finally {
      vi.useRealTimers()
    }
  })

  it('a fork that throws is a spawn failure', async () => {
    const { utilityProcess } = await import('electron')
    const fork = vi.spyOn(utilityProcess, 'fork').mockImplementation(() => {
      throw new Error('utility process refused')
    })
    try {
      await expect(utilityProcessKeychainProbe('/probe.js')(REQUEST, 5000)).resolves.toEqual({
        ok: false,
        stage: 'spawn',
        message: 'utility process refused'
      })
    } finally {
      fork.mockRestore()
    }
  })
})
