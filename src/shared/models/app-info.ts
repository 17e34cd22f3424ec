/** Facts about the running app that the renderer may show. */
export interface AppInfo {
  name: string
  version: string
  platform: string
  /** Where accounts' secrets go on this machine, in plain words for the UI. */
  secretStorage: { kind: 'keychain' | 'safe-storage' | 'memory'; detail: string }
  /** True when running inside the end-to-end harness rather than Electron. */
  harness: boolean
}

/** A message main wants the user to see (toast/banner). */
export interface Notice {
  id: string
  level: 'info' | 'warning' | 'error'
  message: string
  /**
   * The user must do something outside Printdock before it goes away (a damaged accounts file):
   * the toast stays until dismissed. Every other notice, errors included, goes away by itself.
   */
  needsAction?: boolean
}
