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
import type { PollIntervals } from '../../src/main/core/printers/poll-scheduler'
import type { RecordingNotifier } from '../../src/main/core/printers/printer-notifications'
import { createConsoleLogger, type Logger } from '../../src/main/core/logger'
import type { BrowserLauncher } from '../../src/main/core/platform/browser-launcher'
import { sourceMeshWorkerScript } from '../../src/main/core/mesh/source-worker-script'
import { settingsFilePath } from '../../src/main/core/paths'
import type { PollingPolicy } from '../../src/main/core/repair/repair-service'
import { InMemoryTokenVault, type TokenVault } from '../../src/main/core/vault/token-vault'
import { bridgeServiceEvents } from '../../src/main/ipc/event-bridge'
import { createHttpClient } from '../../src/main/core/http'
import { forkDemoServer } from '../fakes/obico/fork-demo-server'
import { aliasingHttpClient, resolveAlias, type HostAliases } from './host-aliases'
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
  /**
   * Hosted services pointed at fakes, e.g. `{ 'https://app.obico.io': obico.baseUrl }`: the app's
   * HTTP client and its browser go to the fake while the app still uses the hosted address.
   */
  hostAliases?: HostAliases
  /** Printer polling intervals (default: the app's 5 s watched, 30 s otherwise). */
  printerIntervals?: Partial<PollIntervals>
  /** How long a printer command may go unconfirmed (default: the app's 60 s). */
  commandConfirmTimeoutMs?: number
  /** How repair jobs poll Makeprintable (tests shorten it). */
  repairPolling?: PollingPolicy
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
  /** The URLs of those pages as the app asked for them (before any host alias). */
  openedUrls: string[]
  /** What the OS would deliver as a `printdock:` deep link. */
  deliverProtocolUrl(url: string): Promise<void>
  /** Opens the app in a new page, collects console errors, waits for `data-app-state="ready"`. */
  openApp(): Promise<AppPage>
  /** Live leases (watches, registered files) with the page socket that holds each. */
  leases(kind?: string): LeaseInfo[]
  /** The desktop notifications the app would have shown, and the alert badge count. */
  notifier: RecordingNotifier
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
  /** The URLs the app asked to open, as it asked (before any host alias). */
  readonly openedUrls: string[] = []
  constructor(
    private readonly context: BrowserContext,
    private readonly logger: Logger,
    private readonly aliases: HostAliases = {}
  ) {}

  async open(url: string): Promise<void> {
    this.openedUrls.push(url)
    const page = await this.context.newPage()
    this.openedPages.push(page)
    // Not awaited: a consent page may take long or fail; the app only needs it opened, as with a
    // real browser.
    page
      .goto(resolveAlias(url, this.aliases))
      .catch((error: unknown) => this.logger.warn('harness browser: page failed', { error }))
  }
}

/** Starts the harness; `close()` stops it and removes its temp folder. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const logger = options.logger ?? createConsoleLogger('harness', 'warn')
  const dataDir = await mkdtemp(join(tmpdir(), 'printdock-harness-'))
  const settingsFile = settingsFilePath(dataDir)
  const browser = new PlaywrightBrowserLauncher(options.context, logger, options.hostAliases)
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
      ...(options.hostAliases
        ? { http: aliasingHttpClient(createHttpClient(), options.hostAliases) }
        : {}),
      printerIntervals: options.printerIntervals,
      commandConfirmTimeoutMs: options.commandConfirmTimeoutMs,
      // The demo server runs as a child process, as in the app (there: Electron's utilityProcess).
      spawnDemoServer: forkDemoServer,
      // Mesh checks on a worker thread, as in the app; the harness runs the TS source (tsx).
      meshWorker: sourceMeshWorkerScript(REPO_ROOT),
      resumeRepairs: true,
      repairPolling: options.repairPolling,
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
      logger,
      media: services.core.media
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
    openedUrls: browser.openedUrls,
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
    // composeServices records notifications when the shell gives no notifier (this harness).
    notifier: running.services.notifier as RecordingNotifier,
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
