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
import { JsonFileAccountRegistry } from './accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from './accounts/create-account-service'
import type { Clock } from './clock'
import { LibraryService } from './library'
import type { Logger } from './logger'
import { accountsFilePath, settingsFilePath } from './paths'
import type { BrowserLauncher } from './platform/browser-launcher'
import { clientIdsFromEnv } from './providers/profiles'
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
}

/** The domain services, the same in every shell. */
export interface Core {
  dataDir: string
  settings: JsonFileSettingsStore
  registry: JsonFileAccountRegistry
  accountService: PrintdockAccountService
  /** The G-code library of the Obico accounts, with the upload queue. */
  library: LibraryService
  vault: TokenVault
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
  const accountService = createAccountService({
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
    linkTimeoutMs: deps.linkTimeoutMs
  })

  // Reading the list now surfaces a damaged accounts file at start-up, not at the first click.
  await registry.list()
  const startupNotices: Notice[] = []
  if (deps.vault.notice) {
    startupNotices.push({ id: 'vault-fallback', level: 'warning', message: deps.vault.notice })
  }
  if (settings.problem) startupNotices.push(settingsProblemNotice(settings.problem))
  if (registry.problem) startupNotices.push(registryProblemNotice(registry.problem))

  const library = new LibraryService({ accountService, clock: deps.clock, logger })

  return {
    dataDir: deps.dataDir,
    settings,
    registry,
    accountService,
    library,
    vault: deps.vault.vault,
    startupNotices,
    dispose: () => {
      library.dispose()
      accountService.dispose()
    }
  }
}
