/**
 * The main window: hardened preferences, CSP header, navigation guard, remembered bounds.
 */
import { BrowserWindow, nativeTheme, screen, session } from 'electron'
import type { Logger } from '../core/logger'
import type { ThemePreference } from '../../shared/models/settings'
import { APP_CSP } from './content-security-policy'
import { guardNavigation } from './navigation-guard'
import { boundsVisibleOn, DEFAULT_WINDOW, MIN_WINDOW } from './window-state'
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
 * Adds the CSP header to every response of the default session (dev server pages included; the
 * bundle protocol sets it too). Overwrites any CSP a server might send.
 */
export function installCspHeader(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key]
    }
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      headers['Content-Security-Policy'] = [APP_CSP]
    }
    callback({ responseHeaders: headers })
  })
}

/** Applies the user's theme choice; 'system' follows the OS (`nativeTheme.themeSource`). */
export function applyTheme(theme: ThemePreference): void {
  nativeTheme.themeSource = theme
}

/** Creates and shows the main window once its first paint is ready. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = options.windowState.load()
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  const placed = saved && boundsVisibleOn(saved, workAreas)
  const window = new BrowserWindow({
    width: saved?.width ?? DEFAULT_WINDOW.width,
    height: saved?.height ?? DEFAULT_WINDOW.height,
    ...(placed ? { x: saved.x, y: saved.y } : {}),
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
    if (saved?.maximized) window.maximize()
    window.show()
  })

  const remember = () => {
    if (window.isDestroyed() || window.isMinimized()) return
    const maximized = window.isMaximized()
    const bounds = maximized ? window.getNormalBounds() : window.getBounds()
    options.windowState.save({ ...bounds, maximized })
  }
  window.on('close', remember)

  window.webContents.on('render-process-gone', (_event, details) =>
    options.logger.error('renderer process gone', { reason: details.reason })
  )

  void window.loadURL(options.startUrl)
  return window
}
