/**
 * `SettingsStore` on electron-store: the only module that imports it.
 *
 * electron-store is ESM-only and needs Electron's paths, so core code and Node tests never import
 * it; electron.vite.config.ts bundles it into main instead of requiring it at run time.
 */
import Store from 'electron-store'
import type { Logger } from '../core/logger'
import type { SettingsStore } from '../core/settings/settings-store'
import {
  DEFAULT_UI_SETTINGS,
  SETTINGS_JSON_SCHEMA,
  SETTINGS_MIGRATIONS,
  SETTINGS_SCHEMA_VERSION,
  sanitizeSettings,
  type MigrationStore,
  type PersistedSettings
} from '../app/settings-schema'

/** Non-secret settings in `<userData>/settings.json`, schema-checked and migrated on open. */
export class ElectronSettingsStore implements SettingsStore<PersistedSettings> {
  private readonly store: Store<PersistedSettings>

  constructor(logger: Logger, options: { cwd?: string } = {}) {
    this.store = new Store<PersistedSettings>({
      name: 'settings',
      cwd: options.cwd,
      defaults: { ...DEFAULT_UI_SETTINGS },
      schema: SETTINGS_JSON_SCHEMA as unknown as Store.Schema<PersistedSettings>,
      // A file the schema rejects is reset to defaults rather than crashing start-up; it only holds
      // preferences, never secrets.
      clearInvalidConfig: true,
      projectVersion: SETTINGS_SCHEMA_VERSION,
      migrations: Object.fromEntries(
        Object.entries(SETTINGS_MIGRATIONS).map(([version, migrate]) => [
          version,
          (store: unknown) => migrate(store as MigrationStore)
        ])
      ),
      beforeEachMigration: (_store, context) =>
        logger.info('settings: migrating', { from: context.fromVersion, to: context.toVersion })
    })
  }

  get<K extends keyof PersistedSettings>(key: K): PersistedSettings[K] {
    return this.store.get(key)
  }

  set<K extends keyof PersistedSettings>(key: K, value: PersistedSettings[K]): void {
    if (value === undefined) this.store.delete(key)
    else this.store.set(key, value)
  }

  getAll(): PersistedSettings {
    return sanitizeSettings(this.store.store)
  }
}
