/**
 * Opens a URL in the user's own browser (never an embedded window: RFC 8252 §8.12).
 *
 * Electron's adapter goes through the one guarded `shell.openExternal`; the CLI uses the desktop's
 * opener; the end-to-end harness opens a Playwright page.
 */
export interface BrowserLauncher {
  open(url: string): Promise<void>
}
