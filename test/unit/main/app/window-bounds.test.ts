/**
 * Remembered window size and position, end to end through the real settings file: a fake window
 * fires resize/move/maximize/close, the tracker writes `config.json` with `JsonFileSettingsStore`,
 * and a fresh store reads the placement back.
 */
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_WINDOW,
  initialWindowPlacement,
  SAVE_BOUNDS_DELAY_MS,
  trackWindowBounds,
  WindowStateStore,
  type ScreenRect,
  type TrackedWindow
} from '../../../../src/main/app/window-state'
import { JsonFileSettingsStore } from '../../../../src/main/core/settings/json-file-settings-store'
import type { Logger } from '../../../../src/main/core/logger'

const DISPLAY: ScreenRect[] = [{ x: 0, y: 0, width: 1920, height: 1080 }]

/** A window whose state the test sets directly. */
class FakeWindow extends EventEmitter implements TrackedWindow {
  bounds: ScreenRect = { x: 100, y: 80, width: 1200, height: 800 }
  normalBounds: ScreenRect = { ...this.bounds }
  minimized = false
  maximized = false
  fullScreen = false
  destroyed = false
  override on(event: string, listener: () => void): this {
    return super.on(event, listener)
  }
  isDestroyed = () => this.destroyed
  isMinimized = () => this.minimized
  isMaximized = () => this.maximized
  isFullScreen = () => this.fullScreen
  getBounds = () => ({ ...this.bounds })
  getNormalBounds = () => ({ ...this.normalBounds })
  /** Moves/resizes the window as the user would: normal bounds follow while it is normal. */
  arrange(bounds: ScreenRect) {
    this.bounds = { ...bounds }
    this.normalBounds = { ...bounds }
  }
}

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'printdock-bounds-'))
  file = join(dir, 'config.json')
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

const openStore = () => new WindowStateStore(new JsonFileSettingsStore({ filePath: file }))
const savedOnDisk = () => openStore().load()

describe('trackWindowBounds with the real settings file', () => {
  it('saves size and position after a burst of resize/move events settles', () => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 10, y: 20, width: 1000, height: 700 })
    window.emit('move')
    window.arrange({ x: 30, y: 40, width: 1100, height: 750 })
    window.emit('resize')
    vi.advanceTimersByTime(SAVE_BOUNDS_DELAY_MS - 1)
    expect(savedOnDisk()).toBeUndefined()
    vi.advanceTimersByTime(1)
    expect(savedOnDisk()).toEqual({ x: 30, y: 40, width: 1100, height: 750, maximized: false })
  })

  it.each(['move', 'resize'])('a %s alone is saved too', (event) => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 70, y: 90, width: 1000, height: 700 })
    window.emit(event)
    vi.advanceTimersByTime(SAVE_BOUNDS_DELAY_MS)
    expect(savedOnDisk()).toEqual({ x: 70, y: 90, width: 1000, height: 700, maximized: false })
  })

  it('saves at once on close, cancelling the pending debounced save', () => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 50, y: 60, width: 900, height: 650 })
    window.emit('resize')
    window.emit('close')
    expect(savedOnDisk()).toEqual({ x: 50, y: 60, width: 900, height: 650, maximized: false })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('maximised: remembers the flag and the normal bounds, not the screen-sized ones', () => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 200, y: 100, width: 1000, height: 700 })
    window.maximized = true
    window.bounds = { x: 0, y: 0, width: 1920, height: 1080 }
    window.emit('maximize')
    expect(savedOnDisk()).toEqual({ x: 200, y: 100, width: 1000, height: 700, maximized: true })
  })

  it('minimised: uses the normal bounds and keeps the maximised flag from before', () => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 200, y: 100, width: 1000, height: 700 })
    window.maximized = true
    window.emit('maximize')
    // Some platforms report isMaximized() false and off-screen bounds while minimised.
    window.minimized = true
    window.maximized = false
    window.bounds = { x: -32000, y: -32000, width: 160, height: 28 }
    window.emit('close')
    expect(savedOnDisk()).toEqual({ x: 200, y: 100, width: 1000, height: 700, maximized: true })
  })

  it('minimised from a normal window keeps its normal bounds', () => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 300, y: 200, width: 900, height: 600 })
    window.minimized = true
    window.bounds = { x: -32000, y: -32000, width: 160, height: 28 }
    window.emit('close')
    expect(savedOnDisk()).toEqual({ x: 300, y: 200, width: 900, height: 600, maximized: false })
  })

  it('stops listening when disposed, and never touches a destroyed window', () => {
    const window = new FakeWindow()
    const tracker = trackWindowBounds(window, openStore())
    window.emit('resize')
    tracker.dispose()
    vi.advanceTimersByTime(SAVE_BOUNDS_DELAY_MS * 2)
    window.emit('close')
    expect(savedOnDisk()).toBeUndefined()
    expect(window.listenerCount('resize')).toBe(0)

    const other = new FakeWindow()
    trackWindowBounds(other, openStore())
    other.destroyed = true
    other.emit('close')
    expect(savedOnDisk()).toBeUndefined()
  })
})

describe('initialWindowPlacement', () => {
  it('restores the size and position saved by a previous run', () => {
    const window = new FakeWindow()
    trackWindowBounds(window, openStore())
    window.arrange({ x: 400, y: 300, width: 1000, height: 700 })
    window.emit('close')
    expect(initialWindowPlacement(savedOnDisk(), DISPLAY)).toEqual({
      x: 400,
      y: 300,
      width: 1000,
      height: 700,
      maximized: false
    })
  })

  it('keeps the size but drops a position no display shows any more', () => {
    openStore().save({ x: 2500, y: 100, width: 1000, height: 700, maximized: true })
    expect(initialWindowPlacement(savedOnDisk(), DISPLAY)).toEqual({
      width: 1000,
      height: 700,
      maximized: true
    })
  })

  it('uses the default size on a first run', () => {
    expect(initialWindowPlacement(savedOnDisk(), DISPLAY)).toEqual({
      ...DEFAULT_WINDOW,
      maximized: false
    })
  })
})

describe('trackWindowBounds when the settings file cannot be written', () => {
  it('logs the failure instead of throwing out of a window event or timer', () => {
    const settings = new JsonFileSettingsStore({ filePath: file })
    settings.set = () => {
      throw new Error('ENOSPC: no space left on device')
    }
    const warnings: string[] = []
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => warnings.push(message),
      error: () => undefined
    }
    const window = new FakeWindow()
    trackWindowBounds(window, new WindowStateStore(settings), SAVE_BOUNDS_DELAY_MS, logger)
    window.emit('resize')
    expect(() => vi.advanceTimersByTime(SAVE_BOUNDS_DELAY_MS)).not.toThrow()
    expect(() => window.emit('close')).not.toThrow()
    expect(warnings).toHaveLength(2)
  })
})
