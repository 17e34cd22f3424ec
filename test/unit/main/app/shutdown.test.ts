import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { disposeBeforeQuit, DISPOSE_TIMEOUT_MS } from '../../../../src/main/app/shutdown'
import type { Logger } from '../../../../src/main/core/logger'

class FakeApp extends EventEmitter {
  exit = vi.fn()
}

const logger: Logger = { debug() {}, info() {}, warn: vi.fn(), error: vi.fn() }

function quit(app: FakeApp) {
  const event = { preventDefault: vi.fn() }
  app.emit('will-quit', event)
  return event
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('disposeBeforeQuit', () => {
  it('holds the quit, awaits disposal, then exits', async () => {
    const app = new FakeApp()
    let finish!: () => void
    const dispose = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    disposeBeforeQuit(app, dispose, logger)
    const event = quit(app)
    expect(event.preventDefault).toHaveBeenCalledTimes(1)
    expect(dispose).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(app.exit).not.toHaveBeenCalled()
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(app.exit).toHaveBeenCalledWith(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('prevents only the first will-quit', () => {
    const app = new FakeApp()
    const dispose = vi.fn(() => new Promise<void>(() => {}))
    disposeBeforeQuit(app, dispose, logger)
    quit(app)
    expect(quit(app).preventDefault).not.toHaveBeenCalled()
    expect(dispose).toHaveBeenCalledTimes(1)
  })

  it('exits after the timeout when disposal hangs', async () => {
    const app = new FakeApp()
    disposeBeforeQuit(app, () => new Promise<void>(() => {}), logger)
    quit(app)
    await vi.advanceTimersByTimeAsync(DISPOSE_TIMEOUT_MS - 1)
    expect(app.exit).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(app.exit).toHaveBeenCalledWith(0)
    expect(logger.warn).toHaveBeenCalled()
  })

  it('exits when disposal throws, and logs it', async () => {
    const app = new FakeApp()
    disposeBeforeQuit(app, async () => Promise.reject(new Error('boom')), logger)
    quit(app)
    await vi.advanceTimersByTimeAsync(0)
    expect(app.exit).toHaveBeenCalledWith(0)
    expect(logger.error).toHaveBeenCalled()
  })
})
