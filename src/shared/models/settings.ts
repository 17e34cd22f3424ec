/** The colour scheme the user picked; 'system' follows the OS. */
export type ThemePreference = 'system' | 'light' | 'dark'

/** A top-level screen of the window. */
export type ScreenId = 'printers' | 'files' | 'repair' | 'accounts'

/** How the Printers screen lays printers out: cards, or a compact list for farms. */
export type PrinterView = 'cards' | 'list'

/** Non-secret preferences the renderer may read and change. Tokens never live here. */
export interface UiSettings {
  theme: ThemePreference
  /** The screen shown at start-up (after the first-run screen, which `firstRunDone` governs). */
  lastScreen: ScreenId
  /** True once the user has left the first-run screen (linked, tried the demo, or skipped). */
  firstRunDone: boolean
  /**
   * The dashboard order the user chose, as printer ids. Printers not listed (new ones) follow in
   * the order main lists them; ids of printers that are gone are kept, harmlessly, in case an
   * account comes back.
   */
  printerOrder: string[]
  /** Cards or the compact list on the Printers screen. */
  printerView: PrinterView
}
