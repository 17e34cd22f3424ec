/**
 * `startProtocolListener` against a fake Electron `app` (an EventEmitter): the single-instance
 * lock, the cold-start argv, `second-instance`, `open-url` before ready, and the buffer cap.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEEP_LINK_BUFFER_LIMIT } from '../../../../src/main/app/protocol-argv'
import { startProtocolListener } from '../../../../src/main/app/protocol-listener'
import type { Logger } from '../../../../src/main/core/logger'

const fakeApp = vi.hoisted(() => ({
  emitter: undefined as unknown as import('node:events').EventEmitter,
  requestSingleInstanceLock: vi.fn(() => true),
  setAsDefaultProtocolClient: vi.fn((..._args: unknown[]) => true),
  quit: vi.fn()
}))

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const emitter = new EventEmitter()
  fakeApp.emitter = emitter
  const app = Object.assign(emitter, {
    requestSingleInstanceLock: () => fakeApp.requestSingleInstanceLock(),
    setAsDefaultProtocolClient: (...args: unknown[]) => fakeApp.setAsDefaultProtocolClient(...args),
    quit: () => fakeApp.quit()
  })
  return { app }
})

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error')
  }
}

const EXE = ['/opt/Printdock/printdock']
const link = (n: number) => `printdock://oauth/callback?code=c${n}&state=s${n}`

function openUrl(url: string) {
  const event = { preventDefault: vi.fn() }
  fakeApp.emitter.emit('open-url', event, url)
  return event
}

function secondInstance(commandLine: string[]) {
  fakeApp.emitter.emit('second-instance', {}, commandLine, '/home/user')
}

beforeEach(() => {
  fakeApp.emitter.removeAllListeners()
  fakeApp.requestSingleInstanceLock.mockReset().mockReturnValue(true)
  fakeApp.setAsDefaultProtocolClient.mockReset().mockReturnValue(true)
  fakeApp.quit.mockReset()
})

describe('startProtocolListener', () => {
  it('quits at once and listens to nothing when the lock is not granted', () => {
    fakeApp.requestSingleInstanceLock.mockReturnValue(false)
    const listener = startProtocolListener(recordingLogger(), [...EXE, link(1)])
    expect(listener.isPrimaryInstance).toBe(false)
    expect(fakeApp.quit).toHaveBeenCalledTimes(1)
    expect(fakeApp.emitter.eventNames()).toEqual([])
    expect(fakeApp.setAsDefaultProtocolClient).not.toHaveBeenCalled()
  })

  it('registers the scheme and keeps the lock as primary instance', () => {
    const listener = startProtocolListener(recordingLogger(), EXE)
    expect(listener).toMatchObject({ isPrimaryInstance: true, schemeRegistered: true })
    expect(fakeApp.quit).not.toHaveBeenCalled()
    expect(fakeApp.setAsDefaultProtocolClient).toHaveBeenCalledWith('printdock')
  })

  it('delivers the cold-start argv link only after markReady', () => {
    const listener = startProtocolListener(recordingLogger(), [...EXE, link(1)])
    const handler = vi.fn()
    expect(handler).not.toHaveBeenCalled()
    listener.markReady(handler)
    expect(handler.mock.calls).toEqual([[link(1)]])
  })

  it('ignores a cold-start argv with two links', () => {
    const listener = startProtocolListener(recordingLogger(), [...EXE, link(1), link(2)])
    const handler = vi.fn()
    listener.markReady(handler)
    expect(handler).not.toHaveBeenCalled()
  })

  it('buffers open-url before ready, marks it handled, delivers in arrival order', () => {
    const listener = startProtocolListener(recordingLogger(), [...EXE, link(0)])
    const events = [openUrl(link(1)), openUrl(link(2))]
    for (const event of events) expect(event.preventDefault).toHaveBeenCalled()
    secondInstance([...EXE, link(3)])
    const handler = vi.fn()
    listener.markReady(handler)
    expect(handler.mock.calls).toEqual([[link(0)], [link(1)], [link(2)], [link(3)]])
    openUrl(link(4))
    expect(handler).toHaveBeenLastCalledWith(link(4))
  })

  it.each([
    { count: 0, commandLine: [...EXE, '--flag'], delivered: 0 },
    { count: 1, commandLine: [...EXE, link(1), '--allow-file-access-from-files'], delivered: 1 },
    { count: 2, commandLine: [...EXE, link(1), link(2)], delivered: 0 }
  ])(
    'second-instance with $count links delivers $delivered',
    ({ count, commandLine, delivered }) => {
      const logger = recordingLogger()
      const listener = startProtocolListener(logger, EXE)
      const focus = vi.fn()
      listener.onSecondInstance(focus)
      const handler = vi.fn()
      listener.markReady(handler)
      secondInstance(commandLine)
      expect(focus).toHaveBeenCalledTimes(1)
      expect(handler.mock.calls).toEqual(delivered ? [[link(1)]] : [])
      if (count === 2) expect(logger.lines.join('\n')).toContain('more than one deep link')
    }
  )

  it('logs each delivered link without its query', () => {
    const logger = recordingLogger()
    const listener = startProtocolListener(logger, [...EXE, link(7)])
    listener.markReady(() => {})
    expect(logger.lines).toContain(
      'info deep link delivered {"target":"printdock://oauth/callback"}'
    )
    expect(logger.lines.join('\n')).not.toContain('c7')
  })

  it(`caps the buffer at ${DEEP_LINK_BUFFER_LIMIT}, dropping (and logging) the oldest`, () => {
    const logger = recordingLogger()
    const listener = startProtocolListener(logger, EXE)
    const total = DEEP_LINK_BUFFER_LIMIT + 3
    for (let n = 0; n < total; n++) openUrl(link(n))
    const handler = vi.fn()
    listener.markReady(handler)
    expect(handler.mock.calls.map(([url]) => url)).toEqual(
      Array.from({ length: DEEP_LINK_BUFFER_LIMIT }, (_, i) => link(i + 3))
    )
    const drops = logger.lines.filter((line) => line.includes('deep link buffer full'))
    expect(drops).toHaveLength(3)
    expect(drops.join('\n')).not.toContain('code=')
  })
})
