import { homedir } from 'node:os'
import { systemClock } from '../main/core/clock'
import { createCore, type Core } from '../main/core/create-core'
import type { Logger } from '../main/core/logger'
import { appDataDir } from '../main/core/paths'
import type { BrowserLauncher } from '../main/core/platform/browser-launcher'
import { chooseTokenVault, type ChosenTokenVault } from '../main/core/vault/choose-vault'
import { createKeyringTokenVault } from '../main/core/vault/keyring-token-vault'

/** What the commands work with: the same domain services as the app's (`createCore`). */
export type CliServices = Core

/** Inputs of `composeCli`. */
export interface ComposeCliOptions {
  env: NodeJS.ProcessEnv
  logger: Logger
  browser: BrowserLauncher
  /** How long a browser sign-in may take (default: the service's 5 minutes). */
  linkTimeoutMs?: number
  /** The vault to use instead of probing the OS keychain (tests that share one with the app). */
  vault?: ChosenTokenVault
  /** How long printer commands may go unconfirmed (`--wait`; default 60 s). */
  commandConfirmTimeoutMs?: number
}

/**
 * Builds the CLI's services with `createCore`, the app's composition root, on the same files and
 * keychain items: the data folder of `appDataDir()` (`config.json`, `accounts.json`) and keychain
 * items under service "Printdock" keyed by account id, so an account linked here is linked in the
 * app and back.
 *
 * The vault is the OS keychain after a probe; without one (no Secret Service, headless SSH) it is
 * memory-only with a notice, never a plain-text file. safeStorage is Electron-only, so the CLI
 * skips that step of the chain. Nobody delivers `printdock://` links to a terminal process, so
 * browser sign-ins use the loopback redirect.
 */
export async function composeCli(options: ComposeCliOptions): Promise<CliServices> {
  const { env, logger } = options
  const vault =
    options.vault ??
    (await chooseTokenVault({
      keyring: () => createKeyringTokenVault({ logger, detect: { env } }),
      logger
    }))
  return createCore({
    dataDir: appDataDir({ env, platform: process.platform, home: homedir() }),
    vault,
    browser: options.browser,
    clock: systemClock,
    logger,
    env,
    customSchemeAvailable: false,
    linkTimeoutMs: options.linkTimeoutMs,
    commandConfirmTimeoutMs: options.commandConfirmTimeoutMs
  })
}
