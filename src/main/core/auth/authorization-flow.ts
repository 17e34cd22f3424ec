import { AppError } from '../errors'

/**
 * Builds the URL the system browser opens (RFC 6749 §4.1.1 with RFC 7636 §4.3). Never open it in an
 * embedded web view (RFC 8252 §8.12; oauth-and-secrets.md §3.2).
 */

/** Input to `buildAuthorizationUrl`. */
export interface AuthorizationUrlInput {
  authorizeUrl: string
  clientId: string
  redirectUri: string
  state: string
  /** The S256 PKCE challenge; omitted only for providers that cannot take one. */
  challenge?: string
  scope?: string
  /** Default 'code'. Makeprintable v1 wants 'authorization_code' (providers.md §1.2). */
  responseType?: string
  /** Provider extras, e.g. Obico's `approval_prompt=auto` (obico-api.md §1.5). */
  extraParams?: Record<string, string>
}

const RESERVED = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method'
])

/**
 * The authorize URL with our parameters set (existing query parameters of `authorizeUrl` are kept,
 * ours replace any of the same name). Throws AppError 'account/invalid-server-url' when
 * `authorizeUrl` is not an http(s) URL without userinfo or fragment, and TypeError when
 * `extraParams` tries to set one of the core parameters.
 */
export function buildAuthorizationUrl(input: AuthorizationUrlInput): string {
  let url: URL
  try {
    url = new URL(input.authorizeUrl)
  } catch {
    throw new AppError('account/invalid-server-url', 'The sign-in address is not a valid URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'account/invalid-server-url',
      'The sign-in address must start with https:// or http://.'
    )
  }
  if (url.username || url.password || url.hash) {
    throw new AppError(
      'account/invalid-server-url',
      'The sign-in address must not contain a user name, password or #fragment.'
    )
  }
  for (const [name, value] of [
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['state', input.state]
  ] as const) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${name} is required`)
  }
  for (const key of Object.keys(input.extraParams ?? {})) {
    if (RESERVED.has(key)) throw new TypeError(`extraParams may not set ${key}`)
  }

  const params = url.searchParams
  params.set('response_type', input.responseType ?? 'code')
  params.set('client_id', input.clientId)
  params.set('redirect_uri', input.redirectUri)
  if (input.scope !== undefined && input.scope !== '') params.set('scope', input.scope)
  params.set('state', input.state)
  if (input.challenge !== undefined) {
    params.set('code_challenge', input.challenge)
    params.set('code_challenge_method', 'S256')
  }
  for (const [key, value] of Object.entries(input.extraParams ?? {})) params.set(key, value)
  return url.toString()
}
