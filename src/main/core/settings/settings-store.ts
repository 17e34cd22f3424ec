/**
 * Non-secret settings behind a small interface, so code that only reads and writes settings (the
 * IPC handlers, the window state) can be tested with any store. The one implementation is
 * `JsonFileSettingsStore` (docs/decisions/0011), used by the app and the CLI alike.
 */
export interface SettingsStore<T extends object> {
  get<K extends keyof T>(key: K): T[K]
  set<K extends keyof T>(key: K, value: T[K]): void
  getAll(): T
}
