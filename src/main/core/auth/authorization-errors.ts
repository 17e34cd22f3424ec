import { AppError } from '../errors'

/**
 * Plain-language words for the `error` values a provider puts on the redirect (RFC 6749
 * §4.1.2.1, plus the OpenID Connect Core §3.1.2.6 additions a strict provider may send).
 */
const AUTHORIZATION_ERROR_WORDS: Record<string, string> = {
  invalid_request:
    'The server rejected the sign-in request as malformed. Check the server address and the registered redirect URI.',
  unauthorized_client:
    'The server does not allow Printdock to sign in this way. The app registration on the server may need the authorization-code grant.',
  unsupported_response_type:
    'The server does not support this kind of sign-in (authorization code).',
  invalid_scope: 'The server did not accept the permissions Printdock asked for.',
  server_error: 'The server hit an error while signing you in. Try again in a moment.',
  temporarily_unavailable: 'The server is busy or down for maintenance. Try again later.',
  login_required: 'The server needs you to sign in first. Try linking again.',
  consent_required: 'The server needs your consent. Try linking again and approve the request.',
  interaction_required: 'The server needs you to finish signing in in the browser. Try again.',
  account_selection_required: 'The server needs you to pick an account. Try linking again.'
}

/** Trims provider text for an error message: one line, bounded, no control characters. */
export function sanitizeProviderText(text: string | undefined, max = 200): string | undefined {
  if (typeof text !== 'string') return undefined
  const clean = text
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (clean === '') return undefined
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}

/**
 * The AppError for an `error=` redirect: `access_denied` is the user saying no ('auth/denied');
 * anything else is 'auth/provider-error' with words for the known codes.
 */
export function authorizationErrorToAppError(error: string, description?: string): AppError {
  if (error === 'access_denied') {
    return new AppError('auth/denied', 'Access was denied in the browser.')
  }
  const words = AUTHORIZATION_ERROR_WORDS[error] ?? 'The server refused the sign-in request.'
  const said = sanitizeProviderText(description)
  const code = sanitizeProviderText(error, 64)
  const detail = said ? ` The server said: "${said}" (${code}).` : ` (${code})`
  return new AppError('auth/provider-error', `${words}${detail}`, {
    retryable: error === 'server_error' || error === 'temporarily_unavailable'
  })
}

/**
 * Words for an error redirect that ended no sign-in because it carried no state, while one is
 * waiting. Octoblu sends its errors that way (`?error=…&code=<status>`, providers.md §2.3), so
 * without a notice the user would only see the attempt time out. But any web page can send the
 * same link, so the notice holds no text from the link: only Printdock's words for a standard
 * error code (RFC 6749 §4.1.2.1) and the code itself; `error_description` is never shown. An
 * unknown code gives `undefined`: no notice at all. The pending attempt is left alone
 * (fail-closed).
 */
export function strayAuthorizationErrorNotice(
  serverLabel: string | undefined,
  error: string
): string | undefined {
  // hasOwn: the code comes from the link, and "constructor" must not find Object's prototype.
  const words =
    error === 'access_denied'
      ? 'Access was denied.'
      : Object.hasOwn(AUTHORIZATION_ERROR_WORDS, error)
        ? AUTHORIZATION_ERROR_WORDS[error]
        : undefined
  if (words === undefined) return undefined
  const who = sanitizeProviderText(serverLabel, 80) ?? 'The sign-in server'
  return (
    `${who} reported an error: ${words} (${error}). It could not be matched to the sign-in ` +
    'Printdock started, so that sign-in stays open; start linking again if it does not finish.'
  )
}
