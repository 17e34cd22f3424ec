/**
 * The one composition root of Printdock's domain services. The Electron app (through
 * `composeServices`), the browser harness (the same) and the CLI (`src/cli/compose.ts`) all call
 * it, so a service added here exists in every one of them the same day (docs/decisions/0009).
 *
 * It builds only what is the same everywhere; each shell hands in what differs as adapters: the
 * vault it could get (keychain, Electron safeStorage, memory), how it opens a browser, whether the
 * OS delivers `printdock:` links to it, and where client IDs come from.
 */
import { join } from 'node:path'
import type { Notice } from '../../shared/models/app-info'
import { AppError } from './errors'
import { JsonFileAccountRegistry } from './accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from './accounts/create-account-service'
import type { Clock } from './clock'
import { createHttpClient, type HttpClient } from './http'
import { inProcessMeshInspector } from './mesh/in-process-inspector'
import {
  createMeshInspector,
  type MeshInspector,
  type MeshWorkerScript
} from './mesh/mesh-inspector'
import { MakeprintableApi } from './repair/makeprintable-api'
import { RepairService, type PollingPolicy } from './repair/repair-service'
import { LibraryService } from './library'
import type { Logger } from './logger'
import { accountsFilePath, settingsFilePath } from './paths'
import type { BrowserLauncher } from './platform/browser-launcher'
import { ProviderPageService } from './provider-pages'
import { clientIdsFromEnv } from './providers/profiles'
import { PrinterPreferencesStore } from './printers/printer-preferences'
import { PrinterService } from './printers/printer-service'
import { ChatTitles } from './obico-ai/chat-titles'
import { ObicoAiService } from './obico-ai/obico-ai-service'
import { MediaStore } from './media/media-store'
import type { PollIntervals } from './printers/poll-scheduler'
import { JsonFileSettingsStore } from './settings/json-file-settings-store'
import { registryProblemNotice, settingsProblemNotice } from './startup-notices'
import type { ChosenTokenVault } from './vault/choose-vault'
import type { TokenVault } from './vault/token-vault'

/** What a shell provides. */
export interface CoreDeps {
  /** Printdock's data folder (`config.json`, `accounts.json`, `locks/`), shared by app and CLI. */
  dataDir: string
  /** The secret store the shell could get, and what to tell the user when it is memory only. */
  vault: ChosenTokenVault
  browser: BrowserLauncher
  clock: Clock
  logger: Logger
  /**
   * Where `PRINTDOCK_<PROVIDER>_CLIENT_ID` values come from: the environment at run time (the app
   * merges its build-time values underneath).
   */
  env: Record<string, string | undefined>
  /**
   * Whether the OS delivers `printdock:` links to this process: the app's scheme registration
   * result; true in the harness (it delivers them itself); false in the CLI (loopback only).
   */
  customSchemeAvailable: boolean
  /** How long a browser sign-in may take (default: the account service's 5 minutes). */
  linkTimeoutMs?: number
  /** The running demo server's origin (the app's "Try the demo"); the CLI has none. */
  demoServerOrigin?: () => string | undefined
  /**
   * The HTTP client every provider call goes through. Default: `createHttpClient()`. The browser
   * harness passes one that maps a hosted service's address to its fake (test/harness).
   */
  http?: HttpClient
  /** Printer polling intervals (defaults in poll-scheduler.ts; tests and the CLI shorten them). */
  printerIntervals?: Partial<PollIntervals>
  /** How long a printer command may go unconfirmed (default 60 s). */
  commandConfirmTimeoutMs?: number
  /**
   * The mesh worker script the shell ships (out/main/mesh-worker.js, out/cli/mesh-worker.mjs, or
   * the TS source under tsx). Without one, meshes are checked on the calling thread.
   */
  meshWorker?: MeshWorkerScript
  /**
   * Keep running repairs in settings and watch them again at start (the app and the harness);
   * the CLI waits for its one repair instead.
   */
  resumeRepairs?: boolean
  /** How repairs are polled (tests shorten it). */
  repairPolling?: PollingPolicy
}

/** The domain services, the same in every shell. */
export interface Core {
  dataDir: string
  settings: JsonFileSettingsStore
  registry: JsonFileAccountRegistry
  accountService: PrintdockAccountService
  /** Mesh health checks, on worker threads. */
  meshInspector: MeshInspector
  /** Makeprintable repair jobs. */
  repairs: RepairService
  /** Pages of linked Octoblu, Omniport and Zebbra accounts (issue 13). */
  providerPages: ProviderPageService
  /** The G-code library of the Obico accounts, with the upload queue. */
  library: LibraryService
  vault: TokenVault
  /** Printers of the linked Obico accounts; not polling until `start()` (the shell decides). */
  printers: PrinterService
  printerPreferences: PrinterPreferencesStore
  /** Obico's AI: prediction timelines and the JusPrin assistant (issue 12). */
  obicoAi: ObicoAiService
  /** Media for the page (tagged videos), answered on the page's origin by the shell's scheme. */
  media: MediaStore
  /**
   * Problems found while starting (a damaged settings or accounts file, no keychain): the app
   * shows them once its page listens, the CLI prints them on stderr.
   */
  startupNotices: Notice[]
  dispose(): void
}

/** Builds the domain services on `deps.dataDir`. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const { logger } = deps
  const settings = new JsonFileSettingsStore({ filePath: settingsFilePath(deps.dataDir), logger })
  const registry = new JsonFileAccountRegistry(accountsFilePath(deps.dataDir), { logger })
  // One HTTP client for every service (the harness passes one that maps hosted addresses to fakes).
  const http = deps.http ?? createHttpClient({ clock: deps.clock })
  const accountService = createAccountService({
    http,
    vault: deps.vault.vault,
    registry,
    browser: deps.browser,
    clock: deps.clock,
    logger,
    redirect: { customSchemeAvailable: deps.customSchemeAvailable },
    // Settings win over the environment and build-time values (client IDs are public, RFC 6749
    // §2.2); an explicit `--client-id` or form field wins over both. A getter, so a client ID
    // saved meanwhile (by this process or the other) applies to the next link without a restart.
    clientIds: () => ({ ...clientIdsFromEnv(deps.env), ...settings.get('clientIds') }),
    // Shared by every Printdock process: refreshes of one account never run in two at once.
    lockDir: join(deps.dataDir, 'locks'),
    linkTimeoutMs: deps.linkTimeoutMs,
    demoServerOrigin: deps.demoServerOrigin
  })

  const meshInspector = deps.meshWorker
    ? createMeshInspector({ script: deps.meshWorker })
    : inProcessMeshInspector()
  const repairs = new RepairService({
    api: new MakeprintableApi({
      authorizedRequest: (accountId, request) =>
        accountService.authorizedRequest(accountId, request),
      http,
      serverOrigin: async (accountId) => {
        const account = (await accountService.listAccounts()).find((a) => a.id === accountId)
        if (!account) throw new AppError('account/not-found', 'That account is no longer linked.')
        return account.serverOrigin
      }
    }),
    listAccounts: () => accountService.listAccounts(),
    inspect: async (path, name) =>
      (await meshInspector.inspect(path, name, { preview: false })).inspection,
    settings,
    clock: deps.clock,
    logger,
    polling: deps.repairPolling,
    persist: deps.resumeRepairs ?? false
  })
  const providerPages = new ProviderPageService({
    listAccounts: () => accountService.listAccounts(),
    authorizedRequest: (accountId, request) => accountService.authorizedRequest(accountId, request),
    clock: deps.clock,
    logger
  })

  // Reading the list now surfaces a damaged accounts file at start-up, not at the first click.
  await registry.list()
  const startupNotices: Notice[] = []
  if (deps.vault.notice) {
    startupNotices.push({ id: 'vault-fallback', level: 'warning', message: deps.vault.notice })
  }
  if (settings.problem) startupNotices.push(settingsProblemNotice(settings.problem))
  if (registry.problem) startupNotices.push(registryProblemNotice(registry.problem))
  if (deps.resumeRepairs) repairs.resume()

  const printers = new PrinterService({
    accounts: accountService,
    http,
    clock: deps.clock,
    logger,
    intervals: deps.printerIntervals,
    confirmTimeoutMs: deps.commandConfirmTimeoutMs
  })

  // Media the page plays on its own origin (tagged videos): temp files of this process only.
  const media = new MediaStore({ now: () => deps.clock.now() })
  const obicoAi = new ObicoAiService({
    accounts: accountService,
    http,
    media,
    snapshotImage: (printerId) => printers.snapshotImage(printerId),
    titles: new ChatTitles(deps.dataDir),
    now: () => deps.clock.now(),
    logger
  })

  const library = new LibraryService({ accountService, clock: deps.clock, logger })

  return {
    dataDir: deps.dataDir,
    settings,
    registry,
    accountService,
    meshInspector,
    repairs,
    providerPages,
    library,
    vault: deps.vault.vault,
    printers,
    printerPreferences: new PrinterPreferencesStore(settings),
    obicoAi,
    media,
    startupNotices,
    dispose: () => {
      obicoAi.dispose()
      media.dispose()
      printers.dispose()
      repairs.dispose()
      providerPages.dispose()
      library.dispose()
      accountService.dispose()
    }
  }
}
