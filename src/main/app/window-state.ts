/**
 * Remembers the main window's bounds through the settings interface.
 */
import type { SettingsStore } from '../core/settings/settings-store'
import { sanitizeWindowBounds, type PersistedSettings, type WindowBounds } from './settings-schema'

/** Loads and saves window geometry; geometry is never exposed to the renderer. */
export class WindowStateStore {
  constructor(private readonly settings: SettingsStore<PersistedSettings>) {}

  /** The saved bounds, or undefined on first run or when the saved value is unusable. */
  load(): WindowBounds | undefined {
    return sanitizeWindowBounds(this.settings.get('windowBounds'))
  }

  /** Saves bounds (sanitised; invalid input is ignored). */
  save(bounds: WindowBounds): void {
    const clean = sanitizeWindowBounds(bounds)
    if (clean) this.settings.set('windowBounds', clean)
  }
}
