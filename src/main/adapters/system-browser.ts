/**
 * `BrowserLauncher` for the desktop app: the user's own browser, through the guarded opener.
 */
import { AppError } from '../core/errors'
import type { BrowserLauncher } from '../core/platform/browser-launcher'
import { openExternal } from '../app/open-external'

/** Opens authorization pages in the system browser (RFC 8252 §8.12: never an embedded view). */
export class SystemBrowserLauncher implements BrowserLauncher {
  /**
   * Core calls this with authorization URLs it built from a profile or a server the user typed,
   * possibly one not linked yet, so any http(s) origin is allowed here; the renderer cannot reach
   * this launcher (its links go through the navigation guard's known-origin list).
   */
  async open(url: string): Promise<void> {
    const opened = await openExternal(url, 'any-origin')
    if (!opened) {
      throw new AppError(
        'auth/unsupported',
        'Printdock would not open that address in your browser.'
      )
    }
  }
}
