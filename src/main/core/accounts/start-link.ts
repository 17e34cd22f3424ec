import { randomUUID } from 'node:crypto'
import type { OperationId } from '../../../shared/ipc/contract'
import type { AccountSummary, PendingLinkSummary } from '../../../shared/models/account'
import { buildAuthorizationUrl } from '../auth/authorization-flow'
import { startLoopbackListener, type LoopbackListener } from '../auth/loopback-listener'
import { duplicateAttempt } from '../auth/pending-authorizations'
import { createPkcePair, createState } from '../auth/pkce'
import { AppError } from '../errors'
import { resolveClientId, resolveEndpoints } from '../providers/profiles'
import type { ProviderProfile, ResolvedEndpoints } from '../providers/provider-profile'
import { normalizeServerUrl } from '../providers/server-url'
import { assertLive, type AccountContext, type LinkAttempt } from './account-context'
import { requireProfile, requireRecord } from './account-lookup'
import type { AccountRecord, GenericEndpoints } from './account-registry'
import { setState } from './account-states'
import { handleLoopbackHit, runAttempt } from './link-attempts'
import { chooseRedirect } from './link-redirect'
import { originFor, originOfEndpoint } from './server-endpoints'
import { assertServerAnswers } from './server-reachability'
import type { StartLinkInput } from './service-types'
import { tryReadSecret } from './stored-secrets'

/** Starting a browser attempt (authorization code + PKCE): it ends in link-attempts.ts. */

/** What an attempt links with, from the request and, on a re-link, the existing account. */
interface LinkSettings {
  profile: ProviderProfile
  existing?: AccountRecord
  generic?: GenericEndpoints
  serverOrigin: string
  apiOrigin?: string
  endpoints: ResolvedEndpoints
  /** `endpoints.authorize`, checked present. */
  authorizeUrl: string
  clientId: string
  clientSecret?: string
}

/**
 * Starts an attempt: opens the system browser and returns at once. The attempt is known by
 * `operationId` (the caller's, so its outcome event can never name an id the caller does not know
 * yet); the OAuth `state` stays a separate random secret.
 */
export async function startLink(
  ctx: AccountContext,
  request: StartLinkInput,
  operationId: OperationId = randomUUID()
): Promise<PendingLinkSummary> {
  assertLive(ctx)
  // Checked before any work (a loopback listener, a re-link's state change): a duplicate changes
  // nothing. An attempt stays in `ctx.attempts` while its code is exchanged, after `pending` let go.
  if (ctx.attempts.has(operationId) || ctx.pending.get(operationId)) throw duplicateAttempt()
  const settings = await resolveLinkSettings(ctx, request)
  const { profile, existing, generic, serverOrigin, apiOrigin, endpoints, clientId } = settings
  const { authorizeUrl, clientSecret } = settings
  // Before any listener, pending attempt or browser: a server that does not answer is said at once,
  // by its address, instead of a five-minute wait on a browser showing "connection refused".
  await assertServerAnswers(ctx.http, authorizeUrl)

  const redirectOverride = request.redirectUri ?? existing?.redirectOverride
  const redirect = chooseRedirect(profile, redirectOverride, ctx.customSchemeAvailable)
  // One attempt per provider and server (issue 8): a new one, re-link or not, replaces the one
  // before (which ends 'auth/cancelled' under its own id), so repeated clicks or a looping script
  // leave one loopback listener, not one per call. A re-link stays on its account's server, so
  // this also keeps one account from having two live attempts.
  const attemptKey = `${profile.key}|${serverOrigin}`
  const pkce = createPkcePair()
  const state = createState()

  // The listener must exist before `begin`: its port is part of the redirect URI.
  let attemptRef: LinkAttempt | undefined
  let listener: LoopbackListener | undefined
  if (redirect.kind === 'loopback') {
    const host = new URL(redirect.uri)
    listener = await startLoopbackListener({
      path: host.pathname,
      timeoutMs: ctx.timeoutMs,
      clock: ctx.deps.clock,
      logger: ctx.deps.logger,
      hosts: [host.hostname.replace(/^\[|\]$/g, '')],
      handle: (url) => handleLoopbackHit(ctx, attemptRef, url)
    })
  }
  const redirectUri = listener ? listener.redirectUri : redirect.uri

  let begun
  try {
    begun = ctx.pending.begin({
      attemptId: operationId,
      attemptKey,
      providerKey: profile.key,
      serverOrigin,
      redirectUri,
      verifier: pkce.verifier,
      state
    })
  } catch (error) {
    await listener?.close()
    throw error
  }
  const scope = generic?.scopes ?? profile.authorize.scope
  const authorizationUrl = buildAuthorizationUrl({
    authorizeUrl,
    clientId,
    redirectUri,
    state,
    challenge: profile.authorize.pkce ? pkce.challenge : undefined,
    scope,
    responseType: profile.authorize.responseType,
    extraParams: { ...offlineAccessParams(scope), ...profile.authorize.extraParams }
  })

  const summary: PendingLinkSummary = {
    attemptId: begun.attemptId,
    profileKey: profile.key,
    serverOrigin,
    authorizationUrl,
    redirectUri,
    startedAt: new Date(begun.startedAt).toISOString(),
    expiresAt: new Date(begun.expiresAt).toISOString()
  }
  const attempt: LinkAttempt = {
    attemptId: begun.attemptId,
    state,
    profile,
    serverOrigin,
    endpoints,
    clientId,
    clientSecret,
    redirectUri,
    redirectOverride: request.redirectUri ?? existing?.redirectOverride,
    generic,
    apiOrigin,
    relink: existing
      ? {
          accountId: existing.id,
          previousState: existing.state,
          previousDetail: existing.stateDetail
        }
      : undefined,
    listener,
    handledByListener: false,
    summary,
    done: Promise.resolve() as unknown as Promise<AccountSummary>
  }
  attemptRef = attempt
  ctx.attempts.set(attempt.attemptId, attempt)
  attempt.done = runAttempt(ctx, attempt, begun.promise)
  attempt.done.catch(() => undefined)

  if (existing && existing.state !== 'linking')
    await setState(ctx, existing.id, 'linking', undefined)

  ctx.deps.logger.info('Started an account link', {
    attemptId: attempt.attemptId,
    profile: profile.key,
    serverOrigin,
    redirect: redirect.kind
  })
  try {
    await ctx.deps.browser.open(authorizationUrl)
  } catch (error) {
    // The attempt stays open: the UI shows the URL to copy, and the paste fallback still works.
    ctx.deps.logger.warn('Could not open the browser for linking', { error })
  }
  return { ...summary }
}

/**
 * Checks the request and fills the gaps from the account being linked again: profile, server,
 * endpoints, client ID and client secret (read back from the vault, never from the registry).
 */
async function resolveLinkSettings(
  ctx: AccountContext,
  request: StartLinkInput
): Promise<LinkSettings> {
  const profile = requireProfile(request.profileKey)
  if (!profile.capabilities.oauth) {
    throw new AppError('auth/unsupported', `${profile.label} does not sign in through the browser.`)
  }
  const existing = request.accountId ? await requireRecord(ctx, request.accountId) : undefined
  if (existing && existing.profileKey !== profile.key) {
    throw new AppError('auth/unsupported', 'That account belongs to a different provider profile.')
  }

  if (existing) assertSameTarget(profile, existing, request)

  const generic =
    profile.provider === 'generic' ? (request.generic ?? existing?.generic) : undefined
  if (profile.provider === 'generic' && !generic) {
    throw new AppError('auth/unsupported', 'Give the authorize and token URLs of the OAuth server.')
  }
  const serverOrigin = generic
    ? originOfEndpoint(ctx, generic.authorizeUrl)
    : originFor(ctx, profile, request.serverUrl ?? existing?.serverOrigin)
  if (generic) {
    for (const url of [generic.tokenUrl, generic.revokeUrl]) if (url) originOfEndpoint(ctx, url)
  }
  const apiUrl = request.apiServerUrl ?? existing?.apiOrigin
  const apiOrigin = apiUrl && profile.apiServer ? normalizeServerUrl(apiUrl).origin : undefined
  const endpoints = resolveEndpoints(
    profile,
    serverOrigin,
    generic
      ? { authorize: generic.authorizeUrl, token: generic.tokenUrl, revoke: generic.revokeUrl }
      : {},
    apiOrigin
  )
  if (!endpoints.authorize || !endpoints.token) {
    throw new AppError('auth/unsupported', `${profile.label} has no authorize or token endpoint.`)
  }

  const clientId = resolveClientId(profile, request.clientId ?? existing?.clientId, ctx.clientIds)
  if (!clientId) throw missingClientId(profile, serverOrigin)
  let clientSecret = request.clientSecret?.trim() || undefined
  // Safe only because assertSameTarget held: the stored secret goes back to the server it came from.
  if (!clientSecret && existing)
    clientSecret = (await tryReadSecret(ctx, existing.id))?.clientSecret
  if (!clientSecret && profile.client.secret === 'required') {
    throw new AppError(
      'auth/unsupported',
      `${profile.label} needs the client secret of your registered app; Printdock does not ship one.`
    )
  }
  return {
    profile,
    existing,
    generic,
    serverOrigin,
    apiOrigin,
    endpoints,
    authorizeUrl: endpoints.authorize,
    clientId,
    clientSecret
  }
}

/** Words for a re-link request that names another target than the account's. */
function relinkMismatch(what: string): AppError {
  return new AppError(
    'auth/unsupported',
    `Linking again keeps the account on the same server with the same app, but the ${what} given ` +
      "differs from the account's. To use another one, link a new account instead."
  )
}

/** A URL compared by its parsed form, so `https://Host/x` and `https://host/x` are one URL. */
function sameUrl(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  try {
    return new URL(a).href === new URL(b).href
  } catch {
    return false
  }
}

/**
 * A re-link sends the account's stored client secret to the token endpoint, so the request may not
 * point anywhere else: a server, generic endpoint, API server or client ID that differs from the
 * saved account's is refused (a compromised renderer or a mistyped `--relink --server` would
 * otherwise hand a provider's secret to another server). An account is its server origin
 * (oauth-and-secrets.md §3.9 "key accounts by the normalised origin"), so a re-link stays there.
 * Only a newly entered client secret may replace the stored one.
 */
function assertSameTarget(
  profile: ProviderProfile,
  existing: AccountRecord,
  request: StartLinkInput
): void {
  if (request.serverUrl?.trim() && profile.provider !== 'generic') {
    if (normalizeServerUrl(request.serverUrl).origin !== existing.serverOrigin) {
      throw relinkMismatch('server address')
    }
  }
  if (request.generic) {
    const saved = existing.generic
    const given = request.generic
    if (
      !saved ||
      !sameUrl(given.authorizeUrl, saved.authorizeUrl) ||
      !sameUrl(given.tokenUrl, saved.tokenUrl) ||
      !sameUrl(given.revokeUrl || undefined, saved.revokeUrl || undefined)
    ) {
      throw relinkMismatch('authorize, token or revoke address')
    }
  }
  if (request.apiServerUrl?.trim()) {
    const given = normalizeServerUrl(request.apiServerUrl).origin
    const saved = existing.apiOrigin ?? savedDefaultApiOrigin(profile)
    if (given !== saved) throw relinkMismatch(`${profile.apiServer?.label ?? 'API'} server address`)
  }
  const clientId = request.clientId?.trim()
  if (clientId && existing.clientId !== undefined && clientId !== existing.clientId) {
    throw relinkMismatch('client ID')
  }
}

/** The API origin an account without a saved one uses: the profile's default API server. */
function savedDefaultApiOrigin(profile: ProviderProfile): string | undefined {
  return profile.apiServer ? normalizeServerUrl(profile.apiServer.defaultUrl).origin : undefined
}

/**
 * OpenID Connect Core §11: a server issues a refresh token for `offline_access` only when the
 * user was asked for consent, so the request must carry `prompt=consent`. Without it a strict
 * provider silently drops the scope and the account dies when its first access token expires.
 */
function offlineAccessParams(scope: string | undefined): Record<string, string> {
  return scope?.split(/\s+/).includes('offline_access') ? { prompt: 'consent' } : {}
}

/**
 * This build has no client ID for the profile and none was given. On an Obico server the user can
 * register Printdock themselves (obico-api.md §1.7), so the words say where and with what values.
 */
function missingClientId(profile: ProviderProfile, serverOrigin: string): AppError {
  const base = `This copy of Printdock has no ${profile.label} client ID built in, and none was given.`
  if (profile.provider === 'obico') {
    return new AppError(
      'auth/unsupported',
      `${base} Register Printdock at ${serverOrigin}/o/applications/register/ (client type public, ` +
        `grant type authorization code, redirect URI ${profile.redirect.loopbackUri}), then give ` +
        'the Client id it shows.'
    )
  }
  return new AppError(
    'auth/unsupported',
    `${base} Give the client ID of an app you registered with ${profile.label} for Printdock.`
  )
}
