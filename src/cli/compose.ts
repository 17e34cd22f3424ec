import { homedir } from 'node:os'
import { join } from 'node:path'
import {
  createAccountService,
  JsonFileAccountRegistry,
  type PrintdockAccountService
} from '../main/core/accounts'
import { systemClock } from '../main/core/clock'
import type { Logger } from '../main/core/logger'
import { accountsFilePath, appDataDir, settingsFilePath } from '../main/core/paths'
import type { BrowserLauncher } from '../main/core/platform/browser-launcher'
import { clientIdsFromEnv } from '../main/core/providers/profiles'
import { JsonFileSettingsStore } from '../main/core/settings/json-file-settings-store'
import { chooseTokenVault } from '../main/core/vault/choose-vault'
import { createKeyringTokenVault } from '../main/core/vault/keyring-token-vault'
import type { TokenVault } from '../main/core/vault/token-vault'

/** What the commands work with. */
export interface CliServices {
  service: PrintdockAccountService
  vault: TokenVault
  /** Set when secrets only live in memory (no keychain): the CLI prints it. */
  vaultNotice?: string
  settings: JsonFileSettingsStore
  dataDir: string
  dispose(): void
}

/** Inputs of `composeCli`. */
export interface ComposeCliOptions {
  env: NodeJS.ProcessEnv
  logger: Logger
  browser: BrowserLauncher
  /** How long a browser sign-in may take (default: the service's 5 minutes). */
  linkTimeoutMs?: number
}

/**
 * Builds the services the way the Electron app does, on the same files and keychain items: the
 * data folder of `appDataDir()` (`config.json`, `accounts.json`) and keychain items under service
 * "Printdock" keyed by account id, so an account linked here is linked in the app and back.
 *
 * The vault is the OS keychain after a probe; without one (no Secret Service, headless SSH) it is
 * memory-only with a notice, never a plain-text file. safeStorage is Electron-only, so the CLI
 * skips that step of the chain.
 */
export async function composeCli(options: ComposeCliOptions): Promise<CliServices> {
  const { env, logger } = options
  const dataDir = appDataDir({ env, platform: process.platform, home: homedir() })
  const settings = new JsonFileSettingsStore({ filePath: settingsFilePath(dataDir), logger })
  const registry = new JsonFileAccountRegistry(accountsFilePath(dataDir), { logger })
  const chosen = await chooseTokenVault({
    keyring: () => createKeyringTokenVault({ logger, detect: { env } }),
    logger
  })
  const service = createAccountService({
    vault: chosen.vault,
    registry,
    browser: options.browser,
    clock: systemClock,
    logger,
    // Settings the user saved win over build-time defaults; `--client-id` wins over both.
    clientIds: () => ({ ...clientIdsFromEnv(env), ...settings.get('clientIds') }),
    // Shared with the app: refreshes of one account never run in both processes at once.
    lockDir: join(dataDir, 'locks'),
    // Nobody delivers printdock:// links to a terminal process: loopback only.
    redirect: { customSchemeAvailable: false },
    linkTimeoutMs: options.linkTimeoutMs
  })
  return {
    service,
    vault: chosen.vault,
    vaultNotice: chosen.notice,
    settings,
    dataDir,
    dispose: () => service.dispose()
  }
}
