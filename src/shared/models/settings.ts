/** The colour scheme the user picked; 'system' follows the OS. */
export type ThemePreference = 'system' | 'light' | 'dark'

/** A top-level screen of the window. */
export type ScreenId = 'printers' | 'files' | 'repair' | 'accounts'

/** Non-secret preferences the renderer may read and change. Tokens never live here. */
export interface UiSettings {
  theme: ThemePreference
  /** The screen shown at start-up (after the first-run screen, which `firstRunDone` governs). */
  lastScreen: ScreenId
  /** True once the user has left the first-run screen (linked, tried the demo, or skipped). */
  firstRunDone: boolean
}
