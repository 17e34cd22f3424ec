/** Non-secret preferences the renderer may read and change. Tokens never live here. */
export type ThemePreference = 'system' | 'light' | 'dark'

export type ScreenId = 'printers' | 'files' | 'repair' | 'accounts'

export interface UiSettings {
  theme: ThemePreference
  /** The screen shown at start-up; the first-run screen shows until this is set once. */
  lastScreen: ScreenId
  /** True once the user has left the first-run screen (linked, tried the demo, or skipped). */
  firstRunDone: boolean
}
