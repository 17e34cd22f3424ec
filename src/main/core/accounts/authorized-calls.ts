import type { AccountSummary } from '../../../shared/models/account'
import { AppError } from '../errors'
import type { HttpResponse } from '../http'
import { authHeaders, isDeadTokenResponse, statusError } from '../providers/adapter-support'
import { adapterFor } from '../providers/profiles'
import type { ProviderIdentity } from '../providers/provider-profile'
import type { AccountContext } from './account-context'
import { emitChange, toSummary } from './account-listing'
import { requireProfile, requireRecord } from './account-lookup'
import type { AccountRecord } from './account-registry'
import { markReachable, markUnreachable, relinkNeeded } from './account-states'
import { fetchIdentity } from './provider-identity'
import { RELINK_WORDS } from './relink-words'
import { apiOriginFor, endpointsFor } from './server-endpoints'
import type { AuthorizedRequest } from './service-types'
import { getAccessToken, reportUnauthorized } from './token-access'

/**
 * Calls made with a saved credential: one retry after a dead-token answer, then needs-relink;
 * the account's reachable / unreachable state follows what the server did.
 */

/**
 * Sends a request with the account's credential; on a dead-token answer refreshes and retries once.
 * The retry sends the body again: a StreamBody is opened afresh (its progress starts over at 0).
 */
export async function authorizedRequest(
  ctx: AccountContext,
  accountId: string,
  request: AuthorizedRequest
): Promise<HttpResponse> {
  const record = await requireRecord(ctx, accountId)
  const profile = requireProfile(record.profileKey)
  const adapter = adapterFor(profile.provider)
  const { onApiServer, ...httpRequest } = request
  const base = onApiServer ? apiOriginFor(profile, record) : record.serverOrigin
  const url = new URL(httpRequest.url, base + '/').toString()
  const send = async (token: string): Promise<HttpResponse> => {
    try {
      return await ctx.http.request({
        ...httpRequest,
        url,
        headers: { ...request.headers, ...authHeaders(profile, record.credential, token) }
      })
    } catch (error) {
      // A call the caller cancelled says nothing about the server.
      if (!isCancelled(error)) await markUnreachable(ctx, record.id, error)
      throw error
    }
  }
  const token = await getAccessToken(ctx, accountId)
  let response = await send(token)
  if (isDeadTokenResponse(profile, adapter, response.status, response.text)) {
    const fresh = await reportUnauthorized(ctx, accountId, token)
    response = await send(fresh)
    if (isDeadTokenResponse(profile, adapter, response.status, response.text)) {
      throw await relinkNeeded(ctx, accountId, RELINK_WORDS.rejected)
    }
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    await markUnreachable(ctx, record.id, statusError(profile.label, response.status))
  } else {
    await markReachable(ctx, accountId)
  }
  return response
}

/** Re-reads the identity from the server and updates the account's state. */
export async function verifyAccount(
  ctx: AccountContext,
  accountId: string
): Promise<AccountSummary> {
  const record = await requireRecord(ctx, accountId)
  const profile = requireProfile(record.profileKey)
  const endpoints = endpointsFor(profile, record)
  const read = (accessToken: string) =>
    fetchIdentity(ctx, profile, record.serverOrigin, endpoints, {
      credential: record.credential,
      accessToken,
      clientId: record.clientId
    })
  let identity: ProviderIdentity
  try {
    identity = await readWithOneRefresh(ctx, accountId, read)
  } catch (error) {
    if (isNetworkError(error)) await markUnreachable(ctx, accountId, error)
    throw error
  }
  const current = (await ctx.deps.registry.get(accountId)) ?? record
  const next: AccountRecord = {
    ...current,
    displayName: identity.displayName,
    identity: identity.identity,
    state: 'linked'
  }
  delete next.stateDetail
  await ctx.deps.registry.put(next)
  await emitChange(ctx)
  return toSummary(ctx, next)
}

/**
 * Reads the identity with the current token; after a dead-token answer refreshes once and reads
 * again, and a second dead-token answer means needs-relink (as in `authorizedRequest`).
 */
async function readWithOneRefresh(
  ctx: AccountContext,
  accountId: string,
  read: (accessToken: string) => Promise<ProviderIdentity>
): Promise<ProviderIdentity> {
  const token = await getAccessToken(ctx, accountId)
  try {
    return await read(token)
  } catch (error) {
    if (!isDeadTokenError(error)) throw error
  }
  const fresh = await reportUnauthorized(ctx, accountId, token)
  try {
    return await read(fresh)
  } catch (error) {
    if (!isDeadTokenError(error)) throw error
  }
  throw await relinkNeeded(ctx, accountId, RELINK_WORDS.rejected)
}

function isDeadTokenError(error: unknown): boolean {
  return error instanceof AppError && error.code === 'auth/invalid-credentials'
}

function isCancelled(error: unknown): boolean {
  return error instanceof AppError && error.code === 'operation/cancelled'
}

function isNetworkError(error: unknown): boolean {
  return error instanceof AppError && error.code.startsWith('network/')
}
