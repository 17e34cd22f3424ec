import { z } from 'zod'
import { PRINTER_EVENT_KINDS, type PrinterPreferences } from '../../../shared/models/printer'
import type { ScreenId, ThemePreference, UiSettings } from '../../../shared/models/settings'

/** The version this build writes. Bump it together with a new step in `settings-migrations.ts`. */
export const SETTINGS_SCHEMA_VERSION = 1

/** Where the main window was, so it reopens in the same place. */
export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

/**
 * Everything in the settings file (`config.json` in the data folder). No secret ever lives here:
 * client IDs are public identifiers (RFC 6749 §2.2), tokens go to the vault.
 */
export interface AppSettings extends UiSettings {
  schemaVersion: typeof SETTINGS_SCHEMA_VERSION
  windowBounds?: WindowBounds
  /** Client ID overrides keyed by provider profile key (e.g. `obico-self-hosted`). */
  clientIds: Record<string, string>
  /** Dashboard order and notification switches; absent until first changed (defaults apply). */
  printers?: PrinterPreferences
}

/** Settings of a first start. */
export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  theme: 'system',
  lastScreen: 'printers',
  firstRunDone: false,
  clientIds: {}
})

const THEMES = ['system', 'light', 'dark'] as const satisfies readonly ThemePreference[]
const SCREENS = ['printers', 'files', 'repair', 'accounts'] as const satisfies readonly ScreenId[]
const PROFILE_KEY = /^[a-z0-9-]{1,64}$/
const coordinate = z.number().int().min(-100_000).max(100_000)
const extent = z.number().int().min(100).max(100_000)

/** Window bounds as stored; anything malformed is dropped rather than restoring a broken window. */
export const windowBoundsSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: extent,
  height: extent,
  maximized: z.boolean().default(false)
})

/**
 * Keeps only well-formed client ID entries: one hand-edited bad entry should not drop the others.
 */
const clientIdsSchema = z.preprocess(
  (value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
    const kept: Record<string, string> = {}
    for (const [key, id] of Object.entries(value)) {
      if (PROFILE_KEY.test(key) && typeof id === 'string' && id.trim() && id.length <= 256) {
        kept[key] = id.trim()
      }
    }
    return kept
  },
  z.record(z.string(), z.string())
)

const printerIdList = z.array(z.string().min(1).max(600)).max(5000)

/** The printers' preferences; each part falls back on its own. */
export const printerPreferencesSchema = z.object({
  order: printerIdList.catch([]),
  notify: z
    .object(
      Object.fromEntries(PRINTER_EVENT_KINDS.map((kind) => [kind, z.boolean().catch(true)])) as {
        [K in (typeof PRINTER_EVENT_KINDS)[number]]: z.ZodCatch<z.ZodBoolean>
      }
    )
    .catch({
      finished: true,
      failed: true,
      cancelled: true,
      alert: true,
      'offline-mid-print': true
    }),
  mutedPrinters: printerIdList.catch([]),
  layout: z.enum(['cards', 'list']).catch('cards')
})

/** Each field's rule, strict (no fallback): used to check values before they are written. */
const settingFieldSchemas = {
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  theme: z.enum(THEMES),
  lastScreen: z.enum(SCREENS),
  firstRunDone: z.boolean(),
  windowBounds: windowBoundsSchema.optional(),
  clientIds: clientIdsSchema,
  printers: printerPreferencesSchema.optional()
} as const

/**
 * The current file shape. Each field falls back to its default on its own (`.catch`), so a single
 * hand-edited typo resets that field only. Unknown keys are not part of the result; the store keeps
 * them in the file untouched (electron-store's `__internal__`, keys of newer builds).
 */
export const appSettingsSchema = z.object({
  schemaVersion: settingFieldSchemas.schemaVersion,
  theme: settingFieldSchemas.theme.catch(DEFAULT_SETTINGS.theme),
  lastScreen: settingFieldSchemas.lastScreen.catch(DEFAULT_SETTINGS.lastScreen),
  firstRunDone: settingFieldSchemas.firstRunDone.catch(DEFAULT_SETTINGS.firstRunDone),
  windowBounds: settingFieldSchemas.windowBounds.catch(undefined),
  clientIds: settingFieldSchemas.clientIds.catch({}),
  printers: settingFieldSchemas.printers.catch(undefined)
})

/** Validates one value for one key before it is written (a bad `set` is a bug, not user data). */
export function parseSettingValue<K extends keyof AppSettings>(
  key: K,
  value: unknown
): AppSettings[K] {
  const schema: z.ZodType = settingFieldSchemas[key]
  return schema.parse(value) as AppSettings[K]
}

/** The part of the settings the renderer may see and change. */
export function pickUiSettings(settings: AppSettings): UiSettings {
  return {
    theme: settings.theme,
    lastScreen: settings.lastScreen,
    firstRunDone: settings.firstRunDone
  }
}
