/**
 * Builds the app's services: the domain services from `createCore` (the same as the CLI's) plus
 * what only a windowed shell has: the IPC handler map, deep links, the demo and notices. The one
 * place both Electron main and the end-to-end harness call, so the harness exercises the real
 * composition and the real handler map.
 *
 * No Electron import: adapters that need Electron are built by `index.ts` and handed in.
 */
import { join } from 'node:path'
import type { AppInfo, Notice } from '../shared/models/app-info'
import type { UiSettings } from '../shared/models/settings'
import type { PrintdockAccountService } from './core/accounts/create-account-service'
import { strayAuthorizationErrorNotice } from './core/auth/authorization-errors'
import { APP_OAUTH_REDIRECT_URI, parseAppUrl, parseCallbackUrl } from './core/auth/callback-url'
import { createCore, type Core, type CoreDeps } from './core/create-core'
import { AppError } from './core/errors'
import { Emitter, type Disposable, type Event } from './core/events'
import { FileRefs } from './core/files/file-refs'
import { LeaseRegistry } from './core/leases'
import {
  connectPrinterNotifications,
  RecordingNotifier,
  type DesktopNotifier
} from './core/printers/printer-notifications'
import type { PrinterPreferencesStore } from './core/printers/printer-preferences'
import type { PrinterService } from './core/printers/printer-service'
import type { ProviderPageService } from './core/provider-pages'
import type { AppSettings } from './core/settings/settings-schema'
import type { SettingsStore } from './core/settings/settings-store'
import { normaliseOrigin } from './app/url-policy'
import { createDemoLauncher } from './demo/demo-launcher'
import type { SpawnDemoServer } from './demo/demo-server-process'
import type { DemoLauncher } from './ipc/account-handlers'
import { createHandlerMap } from './ipc/handler-map'
import { PRINTERS_WATCH } from './ipc/printer-handlers'
import type { HandlerMap } from './ipc/handler-types'
import type { LibraryDialogs } from './ipc/library-handlers'
import type { LibraryService } from './core/library'

/** Facts about the running program that the composition cannot know by itself. */
export interface AppMeta {
  name: string
  version: string
  platform: string
  /** True inside the end-to-end harness. */
  harness: boolean
}

/** What the shell (Electron or harness) provides: the core's adapters plus the app's own. */
export interface ComposeDeps extends CoreDeps {
  appMeta: AppMeta
  /** Starts the demo's Obico server in a process of its own (Electron: a utility process). */
  spawnDemoServer: SpawnDemoServer
  /** File pickers and save dialogs for the library (Electron's `dialog`); the harness has none. */
  dialogs?: LibraryDialogs
  /** Electron applies the theme to `nativeTheme`; the harness leaves it out. */
  onSettingsChanged?(settings: UiSettings): void
  /**
   * Shows printer notifications and the alert badge: Electron's `Notification` adapter in the app;
   * by default a `RecordingNotifier` (the harness reads what it recorded).
   */
  notifier?: DesktopNotifier
}

/** The composed app. */
export interface Services {
  /** The domain services, built by `createCore` exactly as the CLI builds them. */
  core: Core
  accountService: PrintdockAccountService
  /** Pages of linked accounts (issue 13); the core's. */
  providerPages: ProviderPageService
  /** The G-code library and its upload queue (the core's). */
  library: LibraryService
  demo: DemoLauncher
  settings: SettingsStore<AppSettings>
  /** The full IPC handler map over these services. */
  handlers: HandlerMap
  /** Windows' leases (watches, registered files); the shell ends a window's when it goes away. */
  leases: LeaseRegistry
  /** Every linked Obico account's printers, polled from the start (fast while watched). */
  printers: PrinterService
  printerPreferences: PrinterPreferencesStore
  /** Where printer notifications go (the harness's RecordingNotifier unless the shell gave one). */
  notifier: DesktopNotifier
  /** The shell says a notification about this printer was clicked: the page opens it. */
  openPrinter(printerId: string): void
  onOpenPrinter: Event<string>
  /** Notices for the renderer (`app:notice`). */
  onNotice: Event<Notice>
  /** Problems found while starting, for the shell to show once the page listens. */
  startupNotices: Notice[]
  notify(notice: Notice): void
  appInfo(): AppInfo
  /**
   * Origins links may open in the browser: providers' default servers and linked accounts'
   * servers. Kept current from `onDidChangeAccounts`.
   */
  knownOrigins(): string[]
  /** Routes one `printdock:` deep link (from the OS, or the harness); never throws. */
  handleDeepLink(url: string): Promise<void>
  dispose(): Promise<void>
}

/** Builds every service and the handler map. */
export async function composeServices(deps: ComposeDeps): Promise<Services> {
  const { logger } = deps
  // The demo launcher needs the account service and the account summaries need the demo server's
  // origin (to say "Demo"): the service asks through this reference, set just below.
  let demoOrigin: () => string | undefined = () => undefined
  const core = await createCore({ ...deps, demoServerOrigin: () => demoOrigin() })
  const { accountService, settings } = core
  const notices = new Emitter<Notice>()
  const disposables: Disposable[] = [notices, core]
  // "Try the demo": a demo Obico server in its own process, linked through the real browser flow.
  const demo = createDemoLauncher({
    accountService,
    logger,
    spawnDemoServer: deps.spawnDemoServer,
    markerFile: join(deps.dataDir, 'demo-server.json')
  })
  demoOrigin = () => demo.serverUrl
  await demo.forgetStaleDemoAccounts()

  const providerOrigins = accountService
    .listProviders()
    .map((provider) =>
      provider.defaultServerUrl ? normaliseOrigin(provider.defaultServerUrl) : undefined
    )
    .filter((origin): origin is string => origin !== undefined)
  let accountOrigins: string[] = []
  const rememberAccounts = (accounts: { serverOrigin: string }[]) => {
    accountOrigins = accounts
      .map((account) => normaliseOrigin(account.serverOrigin))
      .filter((origin): origin is string => origin !== undefined)
  }
  rememberAccounts(await accountService.listAccounts())
  disposables.push(
    accountService.onDidChangeAccounts((snapshot) => rememberAccounts(snapshot.value))
  )

  const appInfo = (): AppInfo => ({
    name: deps.appMeta.name,
    version: deps.appMeta.version,
    platform: deps.appMeta.platform,
    secretStorage: { kind: core.vault.kind, detail: core.vault.description },
    harness: deps.appMeta.harness
  })

  const leases = new LeaseRegistry(logger)
  disposables.push(leases)
  const { printers, printerPreferences } = core
  // Fast polling while some window holds a printers watch (and the window is visible).
  disposables.push(
    leases.onDidChange((kind) => {
      if (kind === PRINTERS_WATCH) printers.setWatched(leases.holders(PRINTERS_WATCH).length > 0)
    })
  )
  const notifier = deps.notifier ?? new RecordingNotifier()
  disposables.push(connectPrinterNotifications(printers, printerPreferences, notifier))
  const openPrinter = new Emitter<string>()
  disposables.push(openPrinter)
  await printers.start()
  const handlers = createHandlerMap({
    appInfo,
    settings,
    onSettingsChanged: deps.onSettingsChanged,
    accountService,
    demo,
    leases,
    files: new FileRefs(leases),
    printers,
    printerPreferences,
    meshInspector: core.meshInspector,
    repairs: core.repairs,
    providerPages: core.providerPages,
    obicoAi: core.obicoAi,
    library: core.library,
    dialogs: deps.dialogs
  })

  const handleDeepLink = async (url: string): Promise<void> => {
    const parsed = parseAppUrl(url)
    if (parsed.kind === 'unknown') {
      logger.warn('deep link ignored', { reason: parsed.reason })
      return
    }
    // Read before delivering: a callback that ends an attempt removes it from this list.
    const waiting = accountService
      .listPendingLinks()
      .filter((link) => link.redirectUri === APP_OAUTH_REDIRECT_URI)
    // Any web page can open a printdock:// link. With no sign-in waiting for one, it can only be
    // noise or a forgery: dropped, never shown (issue 8).
    if (waiting.length === 0) {
      logger.info('deep link dropped: no sign-in is waiting for an app-scheme callback')
      return
    }
    try {
      await accountService.completeLink(parsed.url)
    } catch (error) {
      // The outcome also reaches the renderer through onDidFinishLink; here it is only logged.
      logger.warn('deep link: completing the link failed', { error })
      const callback = parseCallbackUrl(parsed.url, { redirectUri: APP_OAUTH_REDIRECT_URI })
      if (
        callback.kind === 'error' &&
        callback.state === undefined &&
        error instanceof AppError &&
        error.code === 'auth/state-mismatch'
      ) {
        // An error redirect without any state ended no attempt (Octoblu sends them so,
        // providers.md §2.3): no attempt is touched, and the user hears of it in Printdock's own
        // words for a standard error code only. A link with a state that is not ours is a forgery
        // or a leftover and stays silent. See strayAuthorizationErrorNotice.
        const message = strayAuthorizationErrorNotice(waitingServerLabel(waiting), callback.error)
        if (message) notices.fire({ id: 'oauth-callback-error', level: 'error', message })
      }
    }
  }

  /** The provider to name in a notice: only when every waiting attempt is for the same one. */
  const waitingServerLabel = (waiting: { profileKey: string }[]): string | undefined => {
    const keys = new Set(waiting.map((link) => link.profileKey))
    if (keys.size !== 1) return undefined
    const [key] = keys
    const label = accountService.listProviders().find((provider) => provider.key === key)?.label
    // Profile labels carry the API name in brackets ("Octoblu (Meshblu)"); the short name reads better.
    return label?.replace(/\s*\(.*\)$/, '')
  }

  return {
    core,
    accountService,
    providerPages: core.providerPages,
    library: core.library,
    demo,
    settings,
    handlers,
    leases,
    printers,
    printerPreferences,
    notifier,
    openPrinter: (printerId) => openPrinter.fire(printerId),
    onOpenPrinter: openPrinter.event,
    onNotice: notices.event,
    startupNotices: core.startupNotices,
    notify: (notice) => notices.fire(notice),
    appInfo,
    knownOrigins: () => [...new Set([...providerOrigins, ...accountOrigins])],
    handleDeepLink,
    async dispose() {
      for (const disposable of disposables.splice(0)) disposable.dispose()
      await demo.dispose()
    }
  }
}
