/**
 * `SettingsStore` on electron-store: the only module that imports it.
 *
 * The file is electron-store's `config.json` in the data folder, the same file the CLI's
 * `JsonFileSettingsStore` reads, so both use core's schema (`settings-schema.ts`) and versioned
 * migrations (`settings-migrations.ts`) rather than electron-store's semver migrations (keyed to
 * the app version, which the CLI does not share). electron-store is ESM-only and needs Electron's
 * paths: electron.vite.config.ts bundles it into main, and core and Node tests never import it.
 */
import Store from 'electron-store'
import type { Logger } from '../core/logger'
import { migrate } from '../core/settings/settings-migrations'
import { parseSettingValue, type AppSettings } from '../core/settings/settings-schema'
import type { SettingsStore } from '../core/settings/settings-store'

/** Non-secret settings, validated on every write and migrated on open. */
export class ElectronSettingsStore implements SettingsStore<AppSettings> {
  private readonly store: Store<Record<string, unknown>>
  private settings: AppSettings
  /** A file from a newer Printdock is never overwritten; changes live for this run only. */
  private readonly readOnly: boolean

  constructor(logger: Logger, options: { cwd?: string } = {}) {
    // clearInvalidConfig: an unparseable file would otherwise stop start-up; it holds preferences only.
    this.store = new Store<Record<string, unknown>>({
      name: 'config',
      cwd: options.cwd,
      clearInvalidConfig: true
    })
    const result = migrate(this.store.store)
    this.settings = result.settings
    this.readOnly = result.status === 'future'
    if (result.status === 'migrated' || result.status === 'invalid') {
      logger.info('settings: writing migrated file', {
        from: result.fromVersion,
        status: result.status
      })
      this.store.set({ ...result.extras, ...result.settings })
    } else if (this.readOnly) {
      logger.warn('settings: file is from a newer Printdock; changes are kept for this run only')
    }
  }

  get<K extends keyof AppSettings>(key: K): AppSettings[K] {
    return structuredClone(this.settings[key])
  }

  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
    if (key === 'schemaVersion') return
    const checked = value === undefined ? undefined : parseSettingValue(key, value)
    const next = { ...this.settings, [key]: checked } as AppSettings
    if (checked === undefined) delete next[key]
    this.settings = next
    if (this.readOnly) return
    if (checked === undefined) this.store.delete(key)
    else this.store.set(key, checked)
  }

  getAll(): AppSettings {
    return structuredClone(this.settings)
  }
}
