/**
 * `BrowserLauncher` for the desktop app: the user's own browser, through the guarded opener.
 */
import { AppError } from '../core/errors'
import type { BrowserLauncher } from '../core/platform/browser-launcher'
import { openExternal } from '../app/open-external'

/** Opens authorization pages in the system browser (RFC 8252 §8.12: never an embedded view). */
export class SystemBrowserLauncher implements BrowserLauncher {
  /** `allowedOrigins` grows as servers are linked, so it is read on every call. */
  constructor(private readonly allowedOrigins: () => Iterable<string>) {}

  async open(url: string): Promise<void> {
    const opened = await openExternal(url, this.allowedOrigins())
    if (!opened) {
      throw new AppError('auth/unsupported', 'Printdock would not open that address in your browser.')
    }
  }
}
