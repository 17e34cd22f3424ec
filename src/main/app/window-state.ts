/**
 * Remembers the main window's bounds through the settings interface.
 */
import { nullLogger, type Logger } from '../core/logger'
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

/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface ScreenRect {
  x: number
  y: number
  width: number
  height: number
}

/** Size and (when still on a screen) position for a new window, plus whether to maximise it. */
export interface WindowPlacement {
  width: number
  height: number
  x?: number
  y?: number
  maximized: boolean
}

/**
 * Where the main window opens: the saved size, and the saved position only when a current display
 * still shows its title bar (otherwise Electron centres it), so an unplugged monitor cannot strand
 * the window off-screen.
 */
export function initialWindowPlacement(
  saved: WindowBounds | undefined,
  workAreas: readonly ScreenRect[]
): WindowPlacement {
  const placement: WindowPlacement = {
    width: saved?.width ?? DEFAULT_WINDOW.width,
    height: saved?.height ?? DEFAULT_WINDOW.height,
    maximized: saved?.maximized ?? false
  }
  if (saved && boundsVisibleOn(saved, workAreas)) {
    placement.x = saved.x
    placement.y = saved.y
  }
  return placement
}

/** The part of a `BrowserWindow` the bounds tracker uses (a fake in tests). */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown
  removeListener(event: string, listener: () => void): unknown
  isDestroyed(): boolean
  isMinimized(): boolean
  isMaximized(): boolean
  isFullScreen(): boolean
  getBounds(): ScreenRect
  getNormalBounds(): ScreenRect
}

/** How long a burst of resize/move events must be quiet before the bounds are written. */
export const SAVE_BOUNDS_DELAY_MS = 500

/**
 * Saves the window's bounds while it lives: debounced on resize and move (a drag fires dozens of
 * events and each save rewrites the settings file), at once on maximise/unmaximise and on close.
 *
 * Minimised, maximised or full screen, `getBounds()` describes that state rather than the window
 * the user arranged, so `getNormalBounds()` is saved instead. A minimised window keeps the
 * `maximized` flag it had before it was minimised, because some platforms report
 * `isMaximized() === false` while minimised. A failed write is logged, never thrown.
 */
export function trackWindowBounds(
  window: TrackedWindow,
  store: WindowStateStore,
  delayMs = SAVE_BOUNDS_DELAY_MS,
  logger: Logger = nullLogger
): { dispose(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastMaximized = !window.isDestroyed() && window.isMaximized()

  const saveNow = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (window.isDestroyed()) return
    const minimized = window.isMinimized()
    if (!minimized) lastMaximized = window.isMaximized()
    const abnormal = minimized || lastMaximized || window.isFullScreen()
    const bounds = abnormal ? window.getNormalBounds() : window.getBounds()
    try {
      store.save({ ...bounds, maximized: lastMaximized })
    } catch (error) {
      // Runs from a window event or a timer: a throw here would be an uncaught main-process error.
      logger.warn('could not save the window bounds', { error })
    }
  }
  const saveSoon = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(saveNow, delayMs)
  }

  const listeners: [Parameters<TrackedWindow['on']>[0], () => void][] = [
    ['resize', saveSoon],
    ['move', saveSoon],
    ['maximize', saveNow],
    ['unmaximize', saveNow],
    ['close', saveNow]
  ]
  for (const [event, listener] of listeners) window.on(event, listener)
  return {
    dispose() {
      if (timer) clearTimeout(timer)
      timer = undefined
      for (const [event, listener] of listeners) window.removeListener(event, listener)
    }
  }
}
