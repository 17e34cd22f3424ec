import type { Logger } from '../logger'
import { InMemoryTokenVault, type TokenVault } from './token-vault'

/** What the user is told when secrets will not outlive the process. */
export const MEMORY_VAULT_NOTICE =
  "Printdock can't reach your system keychain, so you'll be signed out when Printdock quits."

/** A vault factory: resolves `undefined` (or throws) when its store is not usable here. */
export type VaultFactory = () => TokenVault | undefined | Promise<TokenVault | undefined>

/** Inputs of `chooseTokenVault`. */
export interface ChooseTokenVaultOptions {
  /** The OS keychain (`createKeyringTokenVault`): probes first, `undefined` when unreachable. */
  keyring: VaultFactory
  /** Electron safeStorage (app only): `undefined` when its backend is basic_text/unknown. */
  safeStorage?: VaultFactory
  logger: Logger
}

/** The chosen vault, and a notice to show when it is the memory-only last resort. */
export interface ChosenTokenVault {
  vault: TokenVault
  notice?: string
}

async function attempt(
  name: string,
  factory: VaultFactory | undefined,
  logger: Logger
): Promise<TokenVault | undefined> {
  if (!factory) return undefined
  try {
    return await factory()
  } catch (error) {
    logger.warn(`vault: ${name} could not be used`, {
      error: error instanceof Error ? error.message : String(error)
    })
    return undefined
  }
}

/**
 * Picks where secrets live, in order (oauth-and-secrets.md §4.6, docs/decisions/0002):
 * 1. the OS keychain, one item per account, when it passes a real round trip;
 * 2. Electron safeStorage, when its backend is a real key holder (never basic_text);
 * 3. memory only, with `MEMORY_VAULT_NOTICE` for the user.
 * Nothing is ever written in plain text.
 */
export async function chooseTokenVault(
  options: ChooseTokenVaultOptions
): Promise<ChosenTokenVault> {
  const { logger } = options
  const keychain = await attempt('keychain', options.keyring, logger)
  if (keychain) {
    logger.info('vault: using the system keychain', { store: keychain.description })
    return { vault: keychain }
  }
  const safe = await attempt('safe storage', options.safeStorage, logger)
  if (safe) {
    logger.info('vault: using Electron safe storage', { store: safe.description })
    return { vault: safe }
  }
  logger.warn('vault: no persistent secret store; sign-ins last until Printdock quits')
  return { vault: new InMemoryTokenVault(), notice: MEMORY_VAULT_NOTICE }
}
