/**
 * The non-secret settings file: its shape, defaults, JSON schema and versioned migrations.
 *
 * Pure data and functions (no electron-store import), so the Electron adapter, the harness and Node
 * tests share them. Secrets never live here: they go to the TokenVault.
 */
import type { ScreenId, ThemePreference, UiSettings } from '../../shared/models/settings'

/** Where and how big the main window was. */
export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

/** Everything in the settings file. */
export interface PersistedSettings extends UiSettings {
  windowBounds?: WindowBounds
}

/** Settings a fresh install starts with. */
export const DEFAULT_UI_SETTINGS: Readonly<UiSettings> = Object.freeze({
  theme: 'system',
  lastScreen: 'printers',
  firstRunDone: false
})

/**
 * Version of the settings file layout (not the app version): electron-store records it and runs
 * `SETTINGS_MIGRATIONS` entries above the recorded one, in order.
 */
export const SETTINGS_SCHEMA_VERSION = '1.0.0'

const THEMES: readonly ThemePreference[] = ['system', 'light', 'dark']
const SCREENS: readonly ScreenId[] = ['printers', 'files', 'repair', 'accounts']
const KNOWN_KEYS = new Set(['theme', 'lastScreen', 'firstRunDone', 'windowBounds'])

/** Smallest window that still lays out the navigation and one screen. */
export const MIN_WINDOW = { width: 800, height: 560 }
/** First-run size. */
export const DEFAULT_WINDOW = { width: 1200, height: 800 }

/** JSON schema handed to electron-store (conf validates the file with it on every write). */
export const SETTINGS_JSON_SCHEMA = {
  theme: { type: 'string', enum: [...THEMES], default: DEFAULT_UI_SETTINGS.theme },
  lastScreen: { type: 'string', enum: [...SCREENS], default: DEFAULT_UI_SETTINGS.lastScreen },
  firstRunDone: { type: 'boolean', default: DEFAULT_UI_SETTINGS.firstRunDone },
  windowBounds: {
    type: 'object',
    properties: {
      x: { type: 'number' },
      y: { type: 'number' },
      width: { type: 'number', minimum: MIN_WINDOW.width },
      height: { type: 'number', minimum: MIN_WINDOW.height },
      maximized: { type: 'boolean' }
    },
    required: ['width', 'height', 'maximized'],
    additionalProperties: false
  }
} as const

/** The part of conf's store a migration touches. */
export interface MigrationStore {
  has(key: string): boolean
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
  readonly store: Record<string, unknown>
}

/**
 * Migrations keyed by settings-layout version.
 *
 * 1.0.0 is the baseline: it drops keys outside the layout (a file edited by hand, or written by a
 * pre-release build) and repairs values the schema would reject, so the store never refuses to
 * open. Later layout changes add a key here and bump `SETTINGS_SCHEMA_VERSION`.
 */
export const SETTINGS_MIGRATIONS: Record<string, (store: MigrationStore) => void> = {
  '1.0.0': (store) => {
    for (const key of Object.keys(store.store)) {
      if (!KNOWN_KEYS.has(key) && !key.startsWith('__internal__')) store.delete(key)
    }
    const clean = sanitizeSettings(store.store)
    for (const key of ['theme', 'lastScreen', 'firstRunDone'] as const) store.set(key, clean[key])
    if (clean.windowBounds) store.set('windowBounds', clean.windowBounds)
    else if (store.has('windowBounds')) store.delete('windowBounds')
  }
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Valid bounds or undefined; sizes are clamped up to `MIN_WINDOW`. */
export function sanitizeWindowBounds(raw: unknown): WindowBounds | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const value = raw as Record<string, unknown>
  if (!finite(value.width) || !finite(value.height)) return undefined
  const bounds: WindowBounds = {
    width: Math.max(MIN_WINDOW.width, Math.round(value.width)),
    height: Math.max(MIN_WINDOW.height, Math.round(value.height)),
    maximized: value.maximized === true
  }
  if (finite(value.x) && finite(value.y)) {
    bounds.x = Math.round(value.x)
    bounds.y = Math.round(value.y)
  }
  return bounds
}

/** Reads any value as settings: known keys with valid values, defaults for the rest. */
export function sanitizeSettings(raw: unknown): PersistedSettings {
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  const settings: PersistedSettings = {
    theme: THEMES.includes(value.theme as ThemePreference)
      ? (value.theme as ThemePreference)
      : DEFAULT_UI_SETTINGS.theme,
    lastScreen: SCREENS.includes(value.lastScreen as ScreenId)
      ? (value.lastScreen as ScreenId)
      : DEFAULT_UI_SETTINGS.lastScreen,
    firstRunDone:
      typeof value.firstRunDone === 'boolean' ? value.firstRunDone : DEFAULT_UI_SETTINGS.firstRunDone
  }
  const bounds = sanitizeWindowBounds(value.windowBounds)
  if (bounds) settings.windowBounds = bounds
  return settings
}

/** The renderer's view: UI settings only, never window geometry. */
export function uiSettingsOf(all: UiSettings): UiSettings {
  return { theme: all.theme, lastScreen: all.lastScreen, firstRunDone: all.firstRunDone }
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
  const { x, y, width } = bounds
  // At least the title bar's middle must be on a screen so the user can grab it.
  const probeX = x + Math.min(width, 200) / 2
  const probeY = y + 10
  return workAreas.some(
    (area) =>
      probeX >= area.x &&
      probeX < area.x + area.width &&
      probeY >= area.y &&
      probeY < area.y + area.height
  )
}
