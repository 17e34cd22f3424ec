import {
  appSettingsSchema,
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA_VERSION,
  type AppSettings
} from './settings-schema'

type RawSettings = Record<string, unknown>

/** One step from `from` to `from + 1`; it sees and returns the whole raw file object. */
interface SettingsMigration {
  from: number
  describe: string
  up(raw: RawSettings): RawSettings
}

/**
 * The steps, in order. Never edit a shipped step: add the next one and bump
 * `SETTINGS_SCHEMA_VERSION`.
 */
const MIGRATIONS: readonly SettingsMigration[] = [
  {
    // v0: a file without `schemaVersion`, as electron-store writes it when keys are set before
    // the app versions its file: flat UiSettings keys, perhaps electron-store's `__internal__`.
    // v1 adds the version, the client ID map and window bounds (both optional in v0 files).
    from: 0,
    describe: 'unversioned file to v1',
    up(raw) {
      const next: RawSettings = { ...raw, schemaVersion: 1 }
      if (next.clientIds === undefined) next.clientIds = {}
      return next
    }
  },
  {
    // v2 adds the Makeprintable repairs still running (issue 11), none in a v1 file.
    from: 1,
    describe: 'v1 to v2: running repair jobs',
    up(raw) {
      return { ...raw, schemaVersion: 2, repairJobs: [] }
    }
  }
]

/** How `migrate` treated a file. */
export type SettingsMigrationStatus =
  /** Already at the current version. */
  | 'current'
  /** Brought forward from an older version. */
  | 'migrated'
  /** Written by a newer Printdock: read as defaults, and the file must not be overwritten. */
  | 'future'
  /** Not a settings object at all (array, number, broken version field): defaults. */
  | 'invalid'

/** The outcome of `migrate`. */
export interface SettingsMigrationResult {
  settings: AppSettings
  status: SettingsMigrationStatus
  /** The version found in the file (0 when it had none). */
  fromVersion: number
  /** Keys the schema does not own, to write back untouched. */
  extras: RawSettings
}

const isPlainObject = (value: unknown): value is RawSettings =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads the version field: absent means v0, anything not a whole number ≥ 0 is invalid. */
function versionOf(raw: RawSettings): number | undefined {
  if (!('schemaVersion' in raw)) return 0
  const version = raw.schemaVersion
  return typeof version === 'number' && Number.isInteger(version) && version >= 0
    ? version
    : undefined
}

function splitExtras(raw: RawSettings): RawSettings {
  const owned = new Set(Object.keys(appSettingsSchema.shape))
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !owned.has(key)))
}

function defaults(): AppSettings {
  return structuredClone({ ...DEFAULT_SETTINGS }) as AppSettings
}

/**
 * Brings a parsed settings file to the current version: `migrate(raw) → current`.
 *
 * A file from a future version is not understood, so it yields defaults with status `future`; the
 * store then keeps the file as it is (a downgrade must not destroy the newer build's settings).
 */
export function migrate(raw: unknown): SettingsMigrationResult {
  if (raw === undefined || raw === null) {
    return {
      settings: defaults(),
      status: 'current',
      fromVersion: SETTINGS_SCHEMA_VERSION,
      extras: {}
    }
  }
  if (!isPlainObject(raw))
    return { settings: defaults(), status: 'invalid', fromVersion: 0, extras: {} }
  const fromVersion = versionOf(raw)
  if (fromVersion === undefined) {
    return { settings: defaults(), status: 'invalid', fromVersion: 0, extras: splitExtras(raw) }
  }
  if (fromVersion > SETTINGS_SCHEMA_VERSION) {
    return { settings: defaults(), status: 'future', fromVersion, extras: splitExtras(raw) }
  }
  let current: RawSettings = { ...raw }
  for (let version = fromVersion; version < SETTINGS_SCHEMA_VERSION; version++) {
    const step = MIGRATIONS.find((migration) => migration.from === version)
    if (!step) throw new Error(`No settings migration from version ${version}`)
    current = step.up(current)
  }
  const settings = appSettingsSchema.parse(current) as AppSettings
  if (settings.windowBounds === undefined) delete settings.windowBounds
  return {
    settings,
    status: fromVersion === SETTINGS_SCHEMA_VERSION ? 'current' : 'migrated',
    fromVersion,
    extras: splitExtras(current)
  }
}
