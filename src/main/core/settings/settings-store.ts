/**
 * Non-secret settings behind a small interface.
 *
 * The Electron app backs it with electron-store (`src/main/adapters/electron-settings-store.ts`);
 * the CLI and Node tests use `JsonFileSettingsStore` on the same file, so core code and Node tests
 * never import electron-store (which needs Node 22 and Electron's paths).
 */
export interface SettingsStore<T extends object> {
  get<K extends keyof T>(key: K): T[K]
  set<K extends keyof T>(key: K, value: T[K]): void
  getAll(): T
}
