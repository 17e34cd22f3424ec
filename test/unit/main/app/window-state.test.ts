import { describe, expect, it } from 'vitest'
import type { AppSettings } from '../../../../src/main/core/settings/settings-schema'
import type { SettingsStore } from '../../../../src/main/core/settings/settings-store'
import {
  boundsVisibleOn,
  MIN_WINDOW,
  sanitizeWindowBounds,
  WindowStateStore
} from '../../../../src/main/app/window-state'

class MapSettings implements SettingsStore<AppSettings> {
  values = new Map<keyof AppSettings, unknown>()
  get<K extends keyof AppSettings>(key: K): AppSettings[K] {
    return this.values.get(key) as AppSettings[K]
  }
  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
    this.values.set(key, value)
  }
  getAll(): AppSettings {
    return Object.fromEntries(this.values) as unknown as AppSettings
  }
}

describe('window state', () => {
  it('round-trips bounds through the settings interface', () => {
    const settings = new MapSettings()
    const state = new WindowStateStore(settings)
    expect(state.load()).toBeUndefined()
    state.save({ x: 10.4, y: 20, width: 1000, height: 700, maximized: true })
    expect(settings.get('windowBounds')).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true
    })
    expect(state.load()).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true })
  })

  it('clamps tiny sizes and rejects garbage', () => {
    expect(sanitizeWindowBounds({ width: 100, height: 100, maximized: false })).toEqual({
      width: MIN_WINDOW.width,
      height: MIN_WINDOW.height,
      maximized: false
    })
    for (const bad of [
      null,
      'x',
      { width: 'big', height: 5 },
      { width: Number.NaN, height: 800 }
    ]) {
      expect(sanitizeWindowBounds(bad)).toBeUndefined()
    }
  })

  it('reopens only where a display still shows the title bar', () => {
    const display = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    expect(
      boundsVisibleOn({ x: 100, y: 100, width: 1000, height: 700, maximized: false }, display)
    ).toBe(true)
    expect(
      boundsVisibleOn({ x: 2500, y: 100, width: 1000, height: 700, maximized: false }, display)
    ).toBe(false)
    expect(boundsVisibleOn({ width: 1000, height: 700, maximized: false }, display)).toBe(false)
  })
})
