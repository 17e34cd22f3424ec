/**
 * Remembers the main window's bounds through the settings interface.
 */
import type { SettingsStore } from '../core/settings/settings-store'
import {
  windowBoundsSchema,
  type AppSettings,
  type WindowBounds
} from '../core/settings/settings-schema'

/** Smallest window that still lays out the navigation and one screen. */
export const MIN_WINDOW = { width: 800, height: 560 }
/** First-run size. */
export const DEFAULT_WINDOW = { width: 1200, height: 800 }

/** Valid bounds or undefined; sizes are clamped up to `MIN_WINDOW`, coordinates rounded. */
export function sanitizeWindowBounds(raw: unknown): WindowBounds | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const value = raw as Record<string, unknown>
  const round = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : n)
  const parsed = windowBoundsSchema.safeParse({
    ...value,
    x: round(value.x),
    y: round(value.y),
    width: round(value.width),
    height: round(value.height)
  })
  if (!parsed.success) return undefined
  const bounds: WindowBounds = {
    width: Math.max(MIN_WINDOW.width, parsed.data.width),
    height: Math.max(MIN_WINDOW.height, parsed.data.height),
    maximized: parsed.data.maximized
  }
  if (parsed.data.x !== undefined && parsed.data.y !== undefined) {
    bounds.x = parsed.data.x
    bounds.y = parsed.data.y
  }
  return bounds
}

/**
 * Whether saved bounds are visible on one of the current displays' work areas (a monitor may have
 * been unplugged since); when not, the window opens centred at the saved size.
 */
export function boundsVisibleOn(
  bounds: WindowBounds,
  workAreas: readonly { x: number; y: number; width: number; height: number }[]
): boolean {
  if (bounds.x === undefined || bounds.y === undefined) return false
  // The middle of the title bar must be on a screen so the user can grab the window.
  const probeX = bounds.x + Math.min(bounds.width, 200) / 2
  const probeY = bounds.y + 10
  return workAreas.some(
    (area) =>
      probeX >= area.x &&
      probeX < area.x + area.width &&
      probeY >= area.y &&
      probeY < area.y + area.height
  )
}

/** Loads and saves window geometry; geometry is never exposed to the renderer. */
export class WindowStateStore {
  constructor(private readonly settings: SettingsStore<AppSettings>) {}

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
