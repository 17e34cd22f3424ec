import type { Logger } from '../core/logger'
import { chooseTokenVault, type ChosenTokenVault } from '../core/vault/choose-vault'
import type { KeychainProbeRunner } from '../core/vault/keychain-probe'
import { createKeyringTokenVault } from '../core/vault/keyring-token-vault'
import { createSafeStorageTokenVault, type SafeStorageLike } from './safe-storage-token-vault'

/** Inputs of `chooseAppTokenVault`. */
export interface AppTokenVaultOptions {
  /** Electron's `safeStorage` (main process, after `app.whenReady()`). */
  safeStorage: SafeStorageLike
  /** `secretsDir()`: `<userData>/secrets`. */
  secretsDirectory: string
  logger: Logger
  /** Where the keychain probe runs: a utility process (`utilityProcessKeychainProbe`). */
  runProbe: KeychainProbeRunner
}

/**
 * The Electron app's vault: the same keychain items as the CLI first (service "Printdock",
 * account = account id, so an account linked in one is linked in the other), then safeStorage
 * files, then memory with a notice. Call after `app.whenReady()`: safeStorage's Linux backend is
 * `unknown` before that and would be refused.
 *
 * Packaging note: `@napi-rs/keyring` is a native module; keep it external to the main bundle and
 * unpacked from the asar (electron-builder `asarUnpack`), since the keychain probe's utility
 * process loads it by path (docs/decisions/0014).
 */
export function chooseAppTokenVault(options: AppTokenVaultOptions): Promise<ChosenTokenVault> {
  return chooseTokenVault({
    keyring: () =>
      createKeyringTokenVault({ logger: options.logger, detect: { runProbe: options.runProbe } }),
    safeStorage: () =>
      createSafeStorageTokenVault({
        safeStorage: options.safeStorage,
        directory: options.secretsDirectory,
        logger: options.logger
      }),
    logger: options.logger
  })
}
