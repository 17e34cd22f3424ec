/**
 * Keeps the main window on the app: no new windows, no navigation to other origins.
 */
import type { WebContents } from 'electron'
import type { Logger } from '../core/logger'
import { openExternal } from './open-external'
import { decideNavigation, decideWindowOpen } from './url-policy'

/**
 * Attaches the guards to one webContents.
 *
 * `window.open`/`target=_blank`: always denied; a link to a known server opens in the user's
 * browser instead. `will-navigate`/`will-redirect` off the app origin: prevented and logged.
 */
export function guardNavigation(
  contents: WebContents,
  options: { appOrigin: string; allowedOrigins: () => Iterable<string>; logger: Logger }
): void {
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, options.allowedOrigins())
    if (decision.action === 'open-external') {
      void openExternal(decision.url, options.allowedOrigins()).catch((error: unknown) =>
        options.logger.warn('could not open link in browser', { error })
      )
    } else {
      options.logger.warn('blocked window.open', { url })
    }
    return { action: 'deny' }
  })

  const block = (event: { preventDefault(): void }, url: string, what: string) => {
    if (decideNavigation(url, options.appOrigin) === 'deny') {
      event.preventDefault()
      options.logger.warn(`blocked ${what}`, { url })
    }
  }
  contents.on('will-navigate', (event, url) => block(event, url, 'navigation'))
  contents.on('will-redirect', (event, url) => block(event, url, 'redirect'))
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    options.logger.warn('blocked a webview')
  })
}
