import { AppError } from '../errors'
import type { CredentialKind } from '../../../shared/models/account'
import type { AdapterContext, ProviderAdapter, ProviderProfile } from './provider-profile'

/**
 * Helpers shared by the provider adapters: building auth headers from profile data, reading a
 * JSON identity document, and turning statuses into AppErrors with plain words.
 */

/** The headers that authenticate an API call for this profile and credential kind. */
export function authHeaders(
  profile: ProviderProfile,
  credential: CredentialKind,
  accessToken: string
): Record<string, string> {
  const scheme = profile.apiAuth[credential] ?? { kind: 'bearer' as const }
  if (scheme.kind === 'header') return { [scheme.name]: accessToken }
  return { Authorization: `Bearer ${accessToken}` }
}

/** True when a response means the credential is dead, by the profile's statuses and quirks. */
export function isDeadTokenResponse(
  profile: ProviderProfile,
  adapter: ProviderAdapter,
  status: number,
  bodyText: string
): boolean {
  if (!profile.deadTokenStatuses.includes(status)) return false
  return adapter.isDeadToken ? adapter.isDeadToken(status, bodyText) : true
}

/** AppError for an unexpected status (anything that is not a dead token). */
export function statusError(label: string, status: number): AppError {
  if (status === 429) {
    return new AppError(
      'network/rate-limited',
      `${label} is limiting requests. Try again in a minute.`,
      {
        retryable: true
      }
    )
  }
  if (status >= 500) {
    return new AppError(
      'network/server-error',
      `${label} had a problem (HTTP ${status}). Try again later.`,
      {
        retryable: true
      }
    )
  }
  return new AppError(
    'network/bad-response',
    `${label} answered in a way Printdock did not expect (HTTP ${status}). Check the server address.`
  )
}

/** The AppError for a token the server rejected. */
function deadTokenError(label: string): AppError {
  return new AppError('auth/invalid-credentials', `${label} did not accept the credential.`)
}

/**
 * GETs a JSON document with the account's credential. Throws 'auth/invalid-credentials' for a dead
 * token, 'network/*' for everything else that is not a 2xx with JSON.
 */
export async function getAuthorizedJson(
  ctx: AdapterContext,
  adapter: ProviderAdapter,
  url: string
): Promise<unknown> {
  const response = await ctx.http.request({
    method: 'GET',
    url,
    headers: authHeaders(ctx.profile, ctx.credential, ctx.accessToken)
  })
  if (response.status >= 200 && response.status < 300) return response.json()
  if (isDeadTokenResponse(ctx.profile, adapter, response.status, response.text)) {
    throw deadTokenError(ctx.profile.label)
  }
  throw statusError(ctx.profile.label, response.status)
}

/** The named endpoint of a context, or AppError 'auth/unsupported' when the profile has none. */
export function requireEndpoint(
  ctx: AdapterContext,
  name: 'identity' | 'register' | 'logout'
): string {
  const url = ctx.endpoints[name]
  if (!url) throw new AppError('auth/unsupported', `${ctx.profile.label} has no ${name} endpoint.`)
  return url
}

/** A record view of an unknown JSON value, or an error when it is not an object. */
export function asObject(value: unknown, label: string): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>
  throw new AppError(
    'network/bad-response',
    `${label} sent an account description Printdock could not read.`
  )
}

/** A non-empty trimmed string, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed.slice(0, 256)
}

/** Identity lines without empty values. */
export function fields(
  ...pairs: [string, string | undefined][]
): { label: string; value: string }[] {
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([label, value]) => ({ label, value }))
}

/** GETs the profile's identity document and reads it as an object. */
export async function fetchIdentityDocument(
  ctx: AdapterContext,
  adapter: ProviderAdapter
): Promise<Record<string, unknown>> {
  return asObject(
    await getAuthorizedJson(ctx, adapter, requireEndpoint(ctx, 'identity')),
    ctx.profile.label
  )
}

/** The AppError for an identity document that names no user. */
export function unnamedUserError(label: string): AppError {
  return new AppError('network/bad-response', `${label} did not say which user this is.`)
}

/** A nested JSON object of a document, or an empty one when the value is not an object. */
export function nested(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}

/** First and last name joined, or undefined when both are empty. */
export function joinName(first: unknown, last: unknown): string | undefined {
  return [text(first), text(last)].filter(Boolean).join(' ') || undefined
}

/** The `key` texts of a JSON list of objects, comma-separated; undefined when there are none. */
export function joinTexts(list: unknown, key: string): string | undefined {
  if (!Array.isArray(list)) return undefined
  return (
    list
      .map((item) => (item && typeof item === 'object' ? text(nested(item)[key]) : undefined))
      .filter((value): value is string => value !== undefined)
      .join(', ') || undefined
  )
}
