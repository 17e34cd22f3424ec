import { z } from 'zod'
import { systemClock, type Clock } from '../clock'
import { AppError } from '../errors'
import { createHttpClient, type HttpClient, type HttpResponse } from '../http'
import type { AppErrorCode } from '../../../shared/errors'
import { sanitizeProviderText } from './authorization-errors'

/**
 * Token-endpoint calls (RFC 6749 §4.1.3, §6, §4.3; RFC 7009) over core's HTTP client, with every
 * failure turned into an AppError whose message is plain words and never holds a secret (the
 * client's own errors carry no request either: core/http/transport-errors.ts).
 */

/** Where and how to call a token (or revocation) endpoint. */
export interface TokenEndpoint {
  url: string
  /** Body encoding. RFC 6749 says form (the default); a few servers want JSON. */
  style?: 'form' | 'json'
  /**
   * How the client authenticates: 'body' puts client_id (and client_secret if given) in the body
   * (default), 'basic' sends them as HTTP Basic (RFC 6749 §2.3.1), 'none' sends only client_id.
   */
  clientAuth?: 'body' | 'basic' | 'none'
}

/** Tokens from a token endpoint. Holds secrets: store in the vault, never log or send to the renderer. */
export interface TokenSet {
  accessToken: string
  refreshToken?: string
  /** Epoch ms; undefined when the server gave no usable lifetime (or an absurd one, see below). */
  expiresAt?: number
  tokenType?: string
  scope?: string
  /** The whole JSON answer (still secret). */
  raw: Record<string, unknown>
}

/** Dependencies of the token calls. */
export interface OAuthClientDeps {
  /** Default: a client of its own (no redirects, no proxy, 15 s deadline, 1 MiB cap). */
  http?: HttpClient
  clock?: Clock
}

/**
 * An AppError from an OAuth endpoint, with what the server said in machine form so a provider
 * profile can add its own reading (e.g. Obico's HTTP 500 on a refresh after the access token was
 * revoked means "link again", obico-api.md §1.6).
 */
export class OAuthEndpointError extends AppError {
  /** HTTP status, when a response arrived. */
  readonly status?: number
  /** The RFC 6749 §5.2 `error` value, when the body had one. */
  readonly oauthError?: string
  /** From Retry-After on 429/503. */
  readonly retryAfterMs?: number

  constructor(
    code: AppErrorCode,
    message: string,
    details: {
      status?: number
      oauthError?: string
      retryAfterMs?: number
      retryable?: boolean
      cause?: unknown
      /** The server's own reason (error_description or detail), cleaned: see AppErrorDto. */
      serverSaid?: string
    } = {}
  ) {
    super(code, message, {
      retryable: details.retryable,
      cause: details.cause,
      serverSaid: details.serverSaid
    })
    this.name = 'OAuthEndpointError'
    this.status = details.status
    this.oauthError = details.oauthError
    this.retryAfterMs = details.retryAfterMs
  }
}

/**
 * Lifetimes above this are treated as "does not expire". Obico sends 3,153,600,000 s (100 years,
 * obico-api.md §1.2); an expiry that far out only invites timer overflows (setTimeout wraps above
 * 2^31 ms) and has no practical meaning.
 */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 60 * 60

let defaultHttp: HttpClient | undefined
function httpOf(deps: OAuthClientDeps): HttpClient {
  return deps.http ?? (defaultHttp ??= createHttpClient())
}

const TokenResponse = z.looseObject({
  access_token: z
    .string()
    .min(1)
    .max(16 * 1024),
  token_type: z.string().max(64).optional(),
  refresh_token: z
    .string()
    .min(1)
    .max(16 * 1024)
    .optional()
    .nullable(),
  scope: z.string().max(4096).optional().nullable(),
  expires_in: z
    .union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/)])
    .optional()
    .nullable()
})

const ErrorResponse = z.object({
  error: z.string().max(128).optional(),
  error_description: z.string().optional().nullable(),
  // FastAPI (Zebbra, providers.md §4.2) and DRF speak `detail`.
  detail: z.unknown().optional()
})

type GrantContext = 'code' | 'refresh' | 'password'

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), 24 * 3600) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - now, 24 * 3600 * 1000))
}

/**
 * Removes every known secret from provider text before it goes into a message. A secret shorter
 * than four characters cannot be cut out without mangling ordinary words, so text that contains
 * one is dropped whole.
 */
function scrub(text: string | undefined, secrets: (string | undefined)[]): string | undefined {
  let out = text
  if (out === undefined) return undefined
  for (const secret of secrets) {
    if (!secret) continue
    if (secret.length < 4) {
      if (out.includes(secret)) return undefined
    } else {
      out = out.split(secret).join('[redacted]')
    }
  }
  return sanitizeProviderText(out)
}

function said(description: string | undefined): string {
  return description ? ` The server said: "${description}".` : ''
}

function buildRequest(
  endpoint: TokenEndpoint,
  fields: Record<string, string | undefined>,
  client: { clientId?: string; clientSecret?: string }
): { body: URLSearchParams | Record<string, string>; headers: Record<string, string> } {
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params[key] = value
  const headers: Record<string, string> = {}
  const auth = endpoint.clientAuth ?? 'body'
  if (auth === 'basic' && client.clientId !== undefined) {
    // RFC 6749 §2.3.1: both parts form-encoded before base64.
    const user = encodeURIComponent(client.clientId).replace(/%20/g, '+')
    const pass = encodeURIComponent(client.clientSecret ?? '').replace(/%20/g, '+')
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
  } else {
    if (client.clientId !== undefined) params.client_id = client.clientId
    if (auth === 'body' && client.clientSecret !== undefined)
      params.client_secret = client.clientSecret
  }
  return { body: endpoint.style === 'json' ? params : new URLSearchParams(params), headers }
}

function checkUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AppError('account/invalid-server-url', 'The token address is not a valid URL.')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError(
      'account/invalid-server-url',
      'The token address must start with https:// or http://.'
    )
  }
  if (parsed.username || parsed.password) {
    throw new AppError(
      'account/invalid-server-url',
      'The token address must not contain a user name or password.'
    )
  }
}

/**
 * POSTs to a token or revocation endpoint. No redirect is followed: a token POST that redirects
 * would be re-sent as a GET (obico-api.md §1.4); `tokenFailure` explains the 3xx instead.
 */
async function post(
  endpoint: TokenEndpoint,
  fields: Record<string, string | undefined>,
  client: { clientId?: string; clientSecret?: string },
  deps: OAuthClientDeps
): Promise<HttpResponse> {
  checkUrl(endpoint.url)
  const { body, headers } = buildRequest(endpoint, fields, client)
  return httpOf(deps).request({ method: 'POST', url: endpoint.url, body, headers })
}

/** Maps a non-2xx token response to an AppError with words for the grant that was tried. */
function tokenFailure(
  response: HttpResponse,
  context: GrantContext,
  secrets: (string | undefined)[],
  now: number
): OAuthEndpointError {
  const { status } = response
  const parsed = ErrorResponse.safeParse(parseJson(response.text))
  const oauthError = parsed.success ? parsed.data.error : undefined
  const rawDescription = parsed.success
    ? (parsed.data.error_description ??
      (typeof parsed.data.detail === 'string' ? parsed.data.detail : undefined))
    : undefined
  const description = scrub(rawDescription ?? undefined, secrets)
  const base = { status, oauthError, serverSaid: description }

  if (status === 429) {
    const wait = retryAfterMs(response.headers['retry-after'], now)
    const when =
      wait !== undefined
        ? ` Try again in ${Math.ceil(wait / 1000)} seconds.`
        : ' Try again in a little while.'
    return new OAuthEndpointError(
      'network/rate-limited',
      `The server is limiting requests.${when}`,
      {
        ...base,
        retryAfterMs: wait,
        retryable: true
      }
    )
  }
  if (status >= 500) {
    return new OAuthEndpointError(
      'network/server-error',
      `The server had a problem (HTTP ${status}). Try again in a moment.`,
      { ...base, retryAfterMs: retryAfterMs(response.headers['retry-after'], now), retryable: true }
    )
  }
  if (status >= 300 && status < 400) {
    return new OAuthEndpointError(
      'network/bad-response',
      `The server redirected the token request (HTTP ${status}) instead of answering it. Check the server address; some servers need the trailing slash on /o/token/.`,
      base
    )
  }
  if (oauthError === 'invalid_client') {
    return new OAuthEndpointError(
      'auth/provider-error',
      `The server does not accept Printdock's client ID (or client secret). Check the client ID registered for Printdock on this server.${said(description)}`,
      base
    )
  }
  if (oauthError === 'invalid_grant') {
    if (context === 'code') {
      return new OAuthEndpointError(
        'auth/invalid-code',
        'The server rejected the sign-in code: it may have expired or been used already. Try linking again.',
        base
      )
    }
    if (context === 'refresh') {
      return new OAuthEndpointError(
        'auth/needs-relink',
        'The server no longer accepts this account\u2019s saved sign-in. Link the account again.',
        base
      )
    }
    return new OAuthEndpointError(
      'auth/invalid-credentials',
      `The user name or password was not accepted.${said(description)}`,
      base
    )
  }
  if (context === 'password' && status === 401) {
    return new OAuthEndpointError(
      'auth/invalid-credentials',
      `The user name or password was not accepted.${said(description)}`,
      base
    )
  }
  const words: Record<string, string> = {
    invalid_request: 'The server rejected the token request as malformed.',
    unauthorized_client:
      'The server does not allow Printdock\u2019s client to use this kind of sign-in.',
    unsupported_grant_type: 'The server does not support this kind of sign-in.',
    invalid_scope: 'The server did not accept the permissions Printdock asked for.'
  }
  const lead =
    (oauthError && words[oauthError]) ?? `The server refused the token request (HTTP ${status}).`
  return new OAuthEndpointError('auth/provider-error', `${lead}${said(description)}`, base)
}

/** Reads a 2xx token answer into a TokenSet, or throws 'network/bad-response'. */
function readTokenSet(response: { status: number; text: string }, now: number): TokenSet {
  const json = parseJson(response.text)
  if (json === undefined || json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new OAuthEndpointError(
      'network/bad-response',
      'The server answered the sign-in with something that is not a token (not JSON). Check the server address.',
      { status: response.status }
    )
  }
  const parsed = TokenResponse.safeParse(json)
  if (!parsed.success) {
    throw new OAuthEndpointError(
      'network/bad-response',
      'The server\u2019s answer did not contain a usable access token.',
      { status: response.status }
    )
  }
  const data = parsed.data
  const seconds =
    data.expires_in === undefined || data.expires_in === null ? NaN : Number(data.expires_in)
  const expiresAt =
    Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_EXPIRES_IN_SECONDS
      ? now + Math.floor(seconds * 1000)
      : undefined
  const set: TokenSet = { accessToken: data.access_token, raw: json as Record<string, unknown> }
  if (data.refresh_token) set.refreshToken = data.refresh_token
  if (expiresAt !== undefined) set.expiresAt = expiresAt
  if (data.token_type) set.tokenType = data.token_type
  if (data.scope) set.scope = data.scope
  return set
}

async function tokenRequest(
  endpoint: TokenEndpoint,
  fields: Record<string, string | undefined>,
  client: { clientId?: string; clientSecret?: string },
  context: GrantContext,
  secrets: (string | undefined)[],
  deps: OAuthClientDeps
): Promise<TokenSet> {
  const clock = deps.clock ?? systemClock
  const response = await post(endpoint, fields, client, deps)
  const now = clock.now()
  if (response.status < 200 || response.status >= 300) {
    throw tokenFailure(response, context, [...secrets, client.clientSecret], now)
  }
  return readTokenSet(response, now)
}

/** Exchanges an authorization code (RFC 6749 §4.1.3, with the PKCE verifier of RFC 7636 §4.5). */
export function exchangeCode(
  endpoint: TokenEndpoint,
  params: {
    code: string
    redirectUri: string
    clientId: string
    clientSecret?: string
    verifier?: string
    extraParams?: Record<string, string>
  },
  deps: OAuthClientDeps = {}
): Promise<TokenSet> {
  return tokenRequest(
    endpoint,
    {
      ...params.extraParams,
      grant_type: 'authorization_code',
      code: params.code,
      redirect_uri: params.redirectUri,
      code_verifier: params.verifier
    },
    params,
    'code',
    [params.code, params.verifier],
    deps
  )
}

/**
 * Uses a refresh token (RFC 6749 §6). Servers that rotate (DOT: ROTATE_REFRESH_TOKEN, obico-api.md
 * §1.2) invalidate the old refresh token at once: store the returned set before using it.
 */
export function refreshTokens(
  endpoint: TokenEndpoint,
  params: { refreshToken: string; clientId: string; clientSecret?: string; scope?: string },
  deps: OAuthClientDeps = {}
): Promise<TokenSet> {
  return tokenRequest(
    endpoint,
    { grant_type: 'refresh_token', refresh_token: params.refreshToken, scope: params.scope },
    params,
    'refresh',
    [params.refreshToken],
    deps
  )
}

/**
 * The resource-owner password grant (RFC 6749 §4.3). Only for servers that offer nothing else
 * (Zebbra, providers.md §4.2); RFC 9700 §2.4 forbids it elsewhere. Obico's is broken (§1.6).
 */
export function passwordGrant(
  endpoint: TokenEndpoint,
  params: {
    username: string
    password: string
    clientId?: string
    clientSecret?: string
    scope?: string
  },
  deps: OAuthClientDeps = {}
): Promise<TokenSet> {
  return tokenRequest(
    { ...endpoint, clientAuth: params.clientId === undefined ? 'none' : endpoint.clientAuth },
    {
      grant_type: 'password',
      username: params.username,
      password: params.password,
      scope: params.scope
    },
    params,
    'password',
    [params.password],
    deps
  )
}

/**
 * Revokes a token (RFC 7009 §2.1). Resolves true on 2xx (servers answer 200 even for unknown
 * tokens), false on any other HTTP answer (no revocation support, server error); rejects with
 * AppError only when the server could not be reached, so "unlink" can say so and still go on.
 */
export async function revokeToken(
  revokeEndpoint: TokenEndpoint,
  params: {
    token: string
    tokenTypeHint?: 'access_token' | 'refresh_token'
    clientId: string
    clientSecret?: string
  },
  deps: OAuthClientDeps = {}
): Promise<boolean> {
  const response = await post(
    revokeEndpoint,
    { token: params.token, token_type_hint: params.tokenTypeHint },
    params,
    deps
  )
  return response.status >= 200 && response.status < 300
}

/** The same calls bound to one set of dependencies. */
export interface OAuthClient {
  exchangeCode(
    endpoint: TokenEndpoint,
    params: Parameters<typeof exchangeCode>[1]
  ): Promise<TokenSet>
  refreshTokens(
    endpoint: TokenEndpoint,
    params: Parameters<typeof refreshTokens>[1]
  ): Promise<TokenSet>
  passwordGrant(
    endpoint: TokenEndpoint,
    params: Parameters<typeof passwordGrant>[1]
  ): Promise<TokenSet>
  revokeToken(endpoint: TokenEndpoint, params: Parameters<typeof revokeToken>[1]): Promise<boolean>
}

/** Binds the token calls to an HTTP function and a clock. */
export function createOAuthClient(deps: OAuthClientDeps = {}): OAuthClient {
  return {
    exchangeCode: (endpoint, params) => exchangeCode(endpoint, params, deps),
    refreshTokens: (endpoint, params) => refreshTokens(endpoint, params, deps),
    passwordGrant: (endpoint, params) => passwordGrant(endpoint, params, deps),
    revokeToken: (endpoint, params) => revokeToken(endpoint, params, deps)
  }
}
