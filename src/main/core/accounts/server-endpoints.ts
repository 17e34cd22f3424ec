import type { TokenEndpoint } from '../auth/oauth-client'
import { AppError } from '../errors'
import { isDefaultServer, PROVIDER_PROFILES, resolveEndpoints } from '../providers/profiles'
import type { ProviderProfile, ResolvedEndpoints } from '../providers/provider-profile'
import { normalizeServerUrl } from '../providers/server-url'
import type { AccountContext } from './account-context'
import type { AccountRecord } from './account-registry'

/**
 * The server origin to link with: the user's address or the profile default, normalised. Throws
 * AppError 'account/invalid-server-url' for an unusable address, or for another server on a profile
 * that covers only its hosted service (`server.otherServersAllowed === false`).
 */
export function originFor(
  ctx: AccountContext,
  profile: ProviderProfile,
  serverUrl: string | undefined
): string {
  const input = serverUrl?.trim() || profile.server.defaultUrl
  if (!input) {
    throw new AppError(
      'account/invalid-server-url',
      `${profile.label} needs the address of your server.`
    )
  }
  const normalized = normalizeServerUrl(input)
  assertServerAllowed(profile, normalized.origin)
  if (normalized.warning === 'plain-http') warnPlainHttp(ctx, normalized.origin)
  return normalized.origin
}

/**
 * Enforces `server.otherServersAllowed === false` in core, not only in the UI: Obico Cloud's client
 * ID is registered on app.obico.io alone, and another Obico server needs its own registration, which
 * is what "Obico (self-hosted)" asks for (obico-api.md §5, #934).
 */
function assertServerAllowed(profile: ProviderProfile, origin: string): void {
  if (profile.server.otherServersAllowed !== false || !profile.server.defaultUrl) return
  const home = normalizeServerUrl(profile.server.defaultUrl).origin
  if (origin === home) return
  const other = PROVIDER_PROFILES.find(
    (candidate) =>
      candidate.provider === profile.provider &&
      candidate.key !== profile.key &&
      candidate.server.otherServersAllowed !== false
  )
  throw new AppError(
    'account/invalid-server-url',
    `${profile.label} links only with ${home}.` +
      (other ? ` To link another server, choose "${other.label}".` : '')
  )
}

/**
 * The normalised origin of an endpoint URL (generic OAuth); throws for an invalid URL or any
 * scheme but http(s). `new URL('javascript:x').origin` is "null" (as for file:, smb:, data:), which
 * the server-address normaliser would happily turn into "https://null": the scheme is checked
 * first. A plain-http endpoint gets the same warning as a plain-http server address.
 */
export function originOfEndpoint(ctx: AccountContext, url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AppError('account/invalid-server-url', 'An endpoint address is not a valid URL.')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError(
      'account/invalid-server-url',
      `An endpoint address must start with https:// (or http:// on a trusted network), not ${parsed.protocol}`
    )
  }
  // Authorize URLs may carry fixed query parameters; only the origin matters here.
  const normalized = normalizeServerUrl(parsed.origin)
  if (normalized.warning === 'plain-http') warnPlainHttp(ctx, normalized.origin)
  return normalized.origin
}

function warnPlainHttp(ctx: AccountContext, serverOrigin: string): void {
  ctx.deps.logger.warn('Server uses plain http; tokens travel unencrypted', { serverOrigin })
}

/** The endpoints of a linked account: its server, its generic URLs and its API server. */
export function endpointsFor(profile: ProviderProfile, record: AccountRecord): ResolvedEndpoints {
  const g = record.generic
  return resolveEndpoints(
    profile,
    record.serverOrigin,
    g ? { authorize: g.authorizeUrl, token: g.tokenUrl, revoke: g.revokeUrl } : {},
    record.apiOrigin
  )
}

/**
 * The origin of the account's API server (Octoblu: Meshblu), chosen as `resolveEndpoints` chooses
 * it: the saved one, the hosted default on the hosted service, else the account's own server.
 */
export function apiOriginFor(profile: ProviderProfile, record: AccountRecord): string {
  if (!profile.apiServer) return record.serverOrigin
  if (record.apiOrigin) return record.apiOrigin
  return isDefaultServer(profile, record.serverOrigin)
    ? normalizeServerUrl(profile.apiServer.defaultUrl).origin
    : record.serverOrigin
}

/** A token endpoint with the profile's body style and client authentication. */
export function tokenEndpoint(profile: ProviderProfile, url: string): TokenEndpoint {
  return { url, style: profile.token.style, clientAuth: profile.token.clientAuth }
}
