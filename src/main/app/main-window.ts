/**
 * The main window: hardened preferences, session protections, navigation guard, remembered bounds.
 */
import { BrowserWindow, nativeTheme, screen, session, type WebContents } from 'electron'
import type { Logger } from '../core/logger'
import type { ThemePreference } from '../../shared/models/settings'
import { guardNavigation } from './navigation-guard'
import {
  initialWindowPlacement,
  MIN_WINDOW,
  SAVE_BOUNDS_DELAY_MS,
  trackWindowBounds
} from './window-state'
import { hardenedWebPreferences } from './web-preferences'
import type { WindowStateStore } from './window-state'

/** What the window needs from the composition root. */
export interface MainWindowOptions {
  preloadPath: string
  /** Dev server URL (`ELECTRON_RENDERER_URL`) or `printdock-app://bundle/index.html`. */
  startUrl: string
  appOrigin: string
  allowedOrigins: () => Iterable<string>
  windowState: WindowStateStore
  logger: Logger
}

/**
 * Session-wide protections of the default session, installed once after `ready`:
 *
 * - `csp` replaces any CSP header on document responses (dev server pages included; the bundle
 *   protocol sets it too), so no server can loosen it.
 * - Every permission request (camera, notifications, geolocation, …) is refused and every
 *   permission check answers false: no screen needs one (Electron security checklist #5).
 */
export function hardenDefaultSession(options: { csp: string }): void {
  const defaultSession = session.defaultSession
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key]
    }
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      headers['Content-Security-Policy'] = [options.csp]
    }
    callback({ responseHeaders: headers })
  })
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  defaultSession.setPermissionCheckHandler(() => false)
}

/** Applies the user's theme choice; 'system' follows the OS (`nativeTheme.themeSource`). */
export function applyTheme(theme: ThemePreference): void {
  nativeTheme.themeSource = theme
}

/**
 * Calls `callback` once, when the first main-frame load of `contents` finished or failed.
 *
 * A failed load (dev server down, bundle missing) still counts: otherwise deep links would wait
 * in the buffer for a page that never comes, and the account flow they complete runs in main.
 */
export function onFirstLoadSettled(
  contents: Pick<WebContents, 'on' | 'removeListener'>,
  logger: Logger,
  callback: () => void
): void {
  let settled = false
  const finish = () => {
    if (settled) return
    settled = true
    contents.removeListener('did-finish-load', onFinish)
    contents.removeListener('did-fail-load', onFail)
    callback()
  }
  const onFinish = () => finish()
  const onFail = (
    _event: unknown,
    errorCode: number,
    errorDescription: string,
    _url: string,
    isMainFrame: boolean
  ) => {
    if (!isMainFrame) return
    logger.error('renderer page failed to load', { errorCode, errorDescription })
    finish()
  }
  contents.on('did-finish-load', onFinish)
  contents.on('did-fail-load', onFail)
}

/** Creates and shows the main window once its first paint is ready. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = initialWindowPlacement(
    options.windowState.load(),
    screen.getAllDisplays().map((display) => display.workArea)
  )
  const window = new BrowserWindow({
    width: placement.width,
    height: placement.height,
    ...(placement.x !== undefined && placement.y !== undefined
      ? { x: placement.x, y: placement.y }
      : {}),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'Printdock',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(options.preloadPath)
  })

  guardNavigation(window.webContents, options)

  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize()
    window.show()
  })

  const tracker = trackWindowBounds(
    window,
    options.windowState,
    SAVE_BOUNDS_DELAY_MS,
    options.logger
  )
  window.once('closed', () => tracker.dispose())

  window.webContents.on('render-process-gone', (_event, details) =>
    options.logger.error('renderer process gone', { reason: details.reason })
  )

  void window.loadURL(options.startUrl).catch((error: unknown) =>
    // did-fail-load reports it too; this only keeps the rejection from going unhandled.
    options.logger.debug('loadURL rejected', { error })
  )
  return window
}
