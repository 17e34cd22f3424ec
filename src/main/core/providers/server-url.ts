import { parseServerAddress } from '../../../shared/server-address'
import { AppError } from '../errors'

/**
 * Server URL validation for main: the shared parser (src/shared/server-address.ts, the one the
 * form and the CLI use) with AppError for a refused address. Accounts are keyed by the normalised
 * origin, so the same server typed two ways is one server (oauth-and-secrets.md §3.9).
 */

/** A validated server origin, with a warning when tokens would travel unencrypted. */
export interface NormalizedServerUrl {
  origin: string
  /** Plain http to a host that is not loopback (RFC 9700 §2.6; oauth-and-secrets.md §3.1). */
  warning?: 'plain-http'
}

/**
 * Validates and normalises what a user typed as a server address (see `parseServerAddress`).
 * Throws AppError 'account/invalid-server-url' with the parser's reason.
 */
export function normalizeServerUrl(input: string): NormalizedServerUrl {
  const parsed = parseServerAddress(input)
  if (!parsed.ok) {
    throw new AppError(
      'account/invalid-server-url',
      `That server address can't be used. ${parsed.reason}`
    )
  }
  return parsed.insecure
    ? { origin: parsed.origin, warning: 'plain-http' }
    : { origin: parsed.origin }
}
