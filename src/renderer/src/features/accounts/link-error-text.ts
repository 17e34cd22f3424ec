import { errorText } from '../../lib/error-text'

/** How the user tried to link, for words that fit what they typed. */
export type LinkWay = 'browser' | 'access-token' | 'api-key' | 'password'

/** What a rejected credential means, per way of linking, when the server gave no reason. */
const REJECTED: Record<Exclude<LinkWay, 'browser'>, string> = {
  'access-token':
    'That access token was not accepted. Check that you copied all of it and that it has not been revoked.',
  'api-key': 'That API key was not accepted. Copy it again from your account settings.',
  password: 'That username or password was not accepted.'
}

/**
 * The words for a link form's error. A rejected credential names the kind the user typed (a
 * token, a key, a password), not one sentence for every kind; the server's own reason, when it
 * gave one, still wins (errorText).
 */
export function linkErrorText(
  error: { code: string; message?: string; server?: string; serverSaid?: string },
  way: LinkWay | null
): string {
  if (error.code === 'auth/invalid-credentials' && !error.serverSaid && way && way !== 'browser') {
    return REJECTED[way]
  }
  return errorText(error)
}
