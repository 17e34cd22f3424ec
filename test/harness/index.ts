/**
 * The full-stack browser harness: the real composition (`composeServices` + the real handler map)
 * in Node, the production renderer in Chromium, and `window.api` bridged over a guarded loopback
 * WebSocket through the same `dispatchInvoke` Electron uses.
 *
 * Twins, not fakes, stand in for the OS: an in-memory vault (the real `InMemoryTokenVault`), a
 * data folder in a temp folder (settings and accounts files as the app keeps them), a browser launcher that opens
 * a Playwright page in the same browser, and `deliverProtocolUrl` for what the OS would hand
 * Electron as a `printdock:` deep link.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test'
import { composeServices, type Services } from '../../src/main/compose-services'
import { systemClock, type Clock } from '../../src/main/core/clock'
import type { LeaseInfo } from '../../src/main/core/leases'
import { createConsoleLogger, type Logger } from '../../src/main/core/logger'
import type { BrowserLauncher } from '../../src/main/core/platform/browser-launcher'
import { settingsFilePath } from '../../src/main/core/paths'
import { InMemoryTokenVault, type TokenVault } from '../../src/main/core/vault/token-vault'
import type { PollIntervals } from '../../src/main/core/printers/poll-scheduler'
import { RecordingNotifier } from '../../src/main/core/printers/printer-notifications'
import { bridgeServiceEvents } from '../../src/main/ipc/event-bridge'
import { forkDemoServer } from '../fakes/obico/fork-demo-server'
import { startHarnessServer, type HarnessServer } from './harness-server'

/** The repository root (test/harness → ../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..')

/** Options for `startHarness`. */
export interface HarnessOptions {
  /** The Playwright context pages are opened in (the app page and "system browser" pages). */
  context: BrowserContext
  /** Defaults to `<repo>/out/renderer`. */
  rendererDir?: string
  clock?: Clock
  logger?: Logger
  /**
   * Build-time variables the composition reads (`PRINTDOCK_<PROVIDER>_CLIENT_ID`), instead of
   * `process.env`, so a test never mutates the process environment. Default: `process.env`.
   */
  env?: Record<string, string | undefined>
  /** The vault twin; default a fresh `InMemoryTokenVault`. Tests pass their own to inspect it. */
  tokenVault?: TokenVault
  /** Printer polling intervals (printer tests shorten them; defaults as in the app). */
  printerIntervals?: Partial<PollIntervals>
  /** How long a printer command may go unconfirmed (default as in the app, 60 s). */
  commandConfirmTimeoutMs?: number
}

/** Everything a test drives. */
export interface Harness {
  /** The app page URL. */
  url: string
  origin: string
  services: Services
  settingsFile: string
  /** Pages the app opened through its BrowserLauncher, in order (consent pages). */
  openedPages: Page[]
  /** What the OS would deliver as a `printdock:` deep link. */
  deliverProtocolUrl(url: string): Promise<void>
  /** Opens the app in a new page, collects console errors, waits for `data-app-state="ready"`. */
  openApp(): Promise<AppPage>
  /** Desktop notifications main showed, and the alert badge, as the OS twin recorded them. */
  notifications: RecordingNotifier
  /** Live leases (watches, registered files) with the page socket that holds each. */
  leases(kind?: string): LeaseInfo[]
  /** Upgrade attempts the socket guard refused. */
  readonly rejectedUpgrades: number
  /** Requests for the `window.api` shim (/__harness/) refused for lack of the cookie. */
  readonly rejectedRequests: number
  close(): Promise<void>
}

/** The app page plus what it logged. */
export interface AppPage {
  page: Page
  consoleErrors: string[]
  pageErrors: string[]
}

/** A `BrowserLauncher` that opens the URL as a new page of the test's browser. */
export class PlaywrightBrowserLauncher implements BrowserLauncher {
  readonly openedPages: Page[] = []
  constructor(
    private readonly context: BrowserContext,
    private readonly logger: Logger
  ) {}

  async open(url: string): Promise<void> {
    const page = await this.context.newPage()
    this.openedPages.push(page)
    // Not awaited: a consent page may take long or fail; the app only needs it opened, as with a
    // real browser.
    page
      .goto(url)
      .catch((error: unknown) => this.logger.warn('harness browser: page failed', { error }))
  }
}

/** Starts the harness; `close()` stops it and removes its temp folder. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const logger = options.logger ?? createConsoleLogger('harness', 'warn')
  const dataDir = await mkdtemp(join(tmpdir(), 'printdock-harness-'))
  const settingsFile = settingsFilePath(dataDir)
  const browser = new PlaywrightBrowserLauncher(options.context, logger)
  // The OS twin for notifications and the badge: it records what the app would show.
  const notifications = new RecordingNotifier()
  let server: HarnessServer | undefined
  let services: Services | undefined
  try {
    services = await composeServices({
      dataDir,
      vault: { vault: options.tokenVault ?? new InMemoryTokenVault() },
      browser,
      logger,
      clock: options.clock ?? systemClock,
      env: options.env ?? process.env,
      // The harness delivers printdock: links itself (deliverProtocolUrl).
      customSchemeAvailable: true,
      // The demo server runs as a child process, as in the app (there: Electron's utilityProcess).
      spawnDemoServer: forkDemoServer,
      notifier: notifications,
      printerIntervals: options.printerIntervals,
      commandConfirmTimeoutMs: options.commandConfirmTimeoutMs,
      appMeta: {
        name: 'Printdock',
        version: '0.0.0-harness',
        platform: process.platform,
        harness: true
      }
    })
    const apiShapeSource = await readFile(join(REPO_ROOT, 'src/shared/ipc/api-shape.ts'), 'utf8')
    const channelsSource = await readFile(join(REPO_ROOT, 'src/shared/ipc/channels.ts'), 'utf8')
    server = await startHarnessServer({
      rendererDir: options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer'),
      apiShapeSource,
      channelsSource,
      handlers: services.handlers,
      leases: services.leases,
      logger
    })
    // The only way the secret reaches a page: straight into this context's cookie jar, HttpOnly so
    // page script (and the renderer under test) cannot read it back.
    await options.context.addCookies([
      { ...server.authCookie, url: server.origin, httpOnly: true, sameSite: 'Strict' }
    ])
  } catch (error) {
    await server?.close()
    await services?.dispose()
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  const running = { server, services }
  const bridge = bridgeServiceEvents(running.services, running.server.sink)
  const url = `${running.server.origin}/`

  return {
    url,
    origin: running.server.origin,
    services: running.services,
    settingsFile,
    openedPages: browser.openedPages,
    notifications,
    deliverProtocolUrl: (deepLink) => running.services.handleDeepLink(deepLink),
    async openApp() {
      const page = await options.context.newPage()
      const consoleErrors: string[] = []
      const pageErrors: string[] = []
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') consoleErrors.push(message.text())
      })
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(url)
      await page.locator('[data-app-state="ready"]').waitFor({ state: 'attached' })
      return { page, consoleErrors, pageErrors }
    },
    leases: (kind) => running.services.leases.list(kind),
    get rejectedUpgrades() {
      return running.server.rejectedUpgrades
    },
    get rejectedRequests() {
      return running.server.rejectedRequests
    },
    async close() {
      bridge.dispose()
      // The context may already be closed when a test tears down late; the cookie goes with it.
      await options.context
        .clearCookies({ name: running.server.authCookie.name })
        .catch(() => undefined)
      await running.server.close()
      await running.services.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
