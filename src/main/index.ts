/**
 * Composition root of the Electron app: the only place that wires concrete adapters.
 *
 * Order matters: the privileged scheme, the data folder, the single-instance lock and the
 * `open-url` listener are set up synchronously before `ready` (protocol-listener.ts explains why);
 * everything else waits for `app.whenReady()`.
 */
import { app, BrowserWindow, safeStorage } from 'electron'
import { join } from 'node:path'
import { registerAppSchemePrivileges, serveRendererBundle } from './app/app-protocol'
import {
  applyTheme,
  createMainWindow,
  hardenDefaultSession,
  onFirstLoadSettled
} from './app/main-window'
import { startProtocolListener } from './app/protocol-listener'
import { chooseRendererSource } from './app/renderer-source'
import { disposeBeforeQuit } from './app/shutdown'
import { WindowStateStore } from './app/window-state'
import { utilityProcessDemoServer } from './adapters/demo-server-utility'
import { ElectronNotifier } from './adapters/electron-notifier'
import { SystemBrowserLauncher } from './adapters/system-browser'
import { electronLibraryDialogs } from './adapters/library-dialogs'
import { composeServices } from './compose-services'
import { systemClock } from './core/clock'
import { createConsoleLogger } from './core/logger'
import { appDataDir, secretsDir } from './core/paths'
import { utilityProcessKeychainProbe } from './adapters/keychain-probe-utility'
import { chooseAppTokenVault } from './adapters/keyring-token-vault'
import { bridgeServiceEvents } from './ipc/event-bridge'
import { createWindowEventSink, registerHandlers } from './app/typed-ipc'

/** `PRINTDOCK_<PROVIDER>_CLIENT_ID` values baked in by electron.vite.config.ts at build time. */
declare const __PRINTDOCK_BUILD_CLIENT_IDS__: Record<string, string>

const logger = createConsoleLogger(
  'main',
  process.env.PRINTDOCK_LOG_LEVEL === 'debug' ? 'debug' : 'info'
)

registerAppSchemePrivileges()
// The CLI computes the same folder (core/paths.ts); pin it so a missing productName cannot split them.
app.setPath('userData', appDataDir())
const protocolListener = startProtocolListener(logger)

// Without the lock, startProtocolListener has already called app.quit(): another Printdock is
// running and receives our argv through 'second-instance'.
if (protocolListener.isPrimaryInstance) {
  app.whenReady().then(start, (error: unknown) => {
    logger.error('start-up failed', { error })
    app.exit(1)
  })
}

async function start(): Promise<void> {
  const { devServer, appOrigin, startUrl, csp } = chooseRendererSource({
    isPackaged: app.isPackaged,
    rendererUrl: process.env.ELECTRON_RENDERER_URL
  })
  hardenDefaultSession({ csp })

  // Keychain first (shared with the CLI), then safeStorage with a real backend, then memory with
  // a plain notice: never plain text (docs/decisions/0002-keychain-module.md).
  const chosenVault = await chooseAppTokenVault({
    safeStorage,
    secretsDirectory: secretsDir(),
    logger,
    // Built beside this file (the keychain-probe entry): the packaged binary cannot run as Node.
    runProbe: utilityProcessKeychainProbe(join(__dirname, 'keychain-probe.js'))
  })
  const notifier = new ElectronNotifier(logger)
  let mainWindow: BrowserWindow | undefined
  const services = await composeServices({
    notifier,
    dataDir: app.getPath('userData'),
    vault: chosenVault,
    browser: new SystemBrowserLauncher(),
    logger,
    clock: systemClock,
    // Built beside this file by electron.vite.config.ts (the demo-server entry).
    spawnDemoServer: utilityProcessDemoServer(join(__dirname, 'demo-server.js')),
    // The mesh worker, built beside this file (electron.vite.config.ts, the mesh-worker entry).
    meshWorker: { path: join(__dirname, 'mesh-worker.js') },
    // Repairs still running when the app quit are watched again.
    resumeRepairs: true,
    customSchemeAvailable: protocolListener.schemeRegistered,
    // Build-time client IDs, overridden by the environment at run time (and by settings in core).
    env: { ...__PRINTDOCK_BUILD_CLIENT_IDS__, ...process.env },
    appMeta: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      harness: false
    },
    onSettingsChanged: (settings) => applyTheme(settings.theme),
    dialogs: electronLibraryDialogs(() => mainWindow)
  })
  applyTheme(services.settings.get('theme'))
  // After the composition (the media store is core's), before the window opens. With the dev
  // server the page is not on this origin, so tagged videos show only in a built app.
  if (!devServer) serveRendererBundle(join(__dirname, '../renderer'), services.core.media)

  const mainWebContents = () =>
    mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined
  const ipc = registerHandlers(services.handlers, {
    logger,
    appOrigin,
    mainWebContents,
    leases: services.leases
  })
  const eventBridge = bridgeServiceEvents(services, createWindowEventSink(mainWebContents))

  const windowState = new WindowStateStore(services.settings)
  const openWindow = () => {
    mainWindow = createMainWindow({
      preloadPath: join(__dirname, '../preload/index.js'),
      startUrl,
      appOrigin,
      allowedOrigins: () => services.knownOrigins(),
      windowState,
      logger
    })
    // Polling slows while the window is hidden or minimised (notifications still come).
    const window = mainWindow
    const visibility = () =>
      services.printers.setVisible(
        !window.isDestroyed() && window.isVisible() && !window.isMinimized()
      )
    window.on('show', visibility)
    window.on('hide', visibility)
    window.on('minimize', visibility)
    window.on('restore', visibility)
    window.on('closed', () => services.printers.setVisible(false))
    // Deep links wait until the page can show their outcome (link-finished event); a failed load
    // releases them too, since completing a link happens in main either way.
    onFirstLoadSettled(mainWindow.webContents, logger, () => {
      protocolListener.markReady((url) => void services.handleDeepLink(url))
      // The vault fallback, a damaged settings or accounts file (createCore collects them).
      for (const notice of services.startupNotices) services.notify(notice)
    })
  }
  openWindow()

  notifier.window = () => mainWindow
  // A click on a printer notification brings the window forward on that printer's page.
  notifier.onClick = (printerId) => {
    if (!mainWindow || mainWindow.isDestroyed()) openWindow()
    else {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.show()
      mainWindow.focus()
    }
    services.openPrinter(printerId)
  }

  // The user consented in their browser: bring Printdock back to the front to show the outcome
  // (the custom scheme already does this through 'second-instance'; the loopback redirect does not).
  services.accountService.onDidFinishLink(() => {
    if (!mainWindow || mainWindow.isDestroyed()) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
    if (process.platform === 'darwin') app.focus({ steal: true })
  })

  protocolListener.onSecondInstance(() => {
    if (!mainWindow || mainWindow.isDestroyed()) return openWindow()
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Stop answering the page first, then let services close servers and listeners before exit.
  disposeBeforeQuit(
    app,
    async () => {
      ipc.dispose()
      eventBridge.dispose()
      await services.dispose()
    },
    logger
  )
}
