/**
 * Parsers for URLs that come back from the browser: the OAuth redirect (loopback or custom scheme)
 * and every `printdock:` deep link. Both treat their input as hostile (oauth-and-secrets.md §3.7:
 * "treat every deep link as untrusted input") and never throw.
 */

/** What a callback URL carries. `invalid` means "ignore it"; the reason is safe to log. */
export type CallbackParse =
  | { kind: 'code'; code: string; state: string; iss?: string }
  | {
      kind: 'error'
      error: string
      description?: string
      state?: string
      iss?: string
      /** The HTTP status Octoblu puts in `code` beside `error` (providers.md §2.3). */
      status?: number
    }
  | { kind: 'invalid'; reason: string }

/** What a `printdock:` deep link is for. Later issues may add kinds. */
export type AppUrl = { kind: 'oauth-callback'; url: string } | { kind: 'unknown'; reason: string }

import { APP_OAUTH_REDIRECT_URI, APP_SCHEME } from '../../../shared/redirects'

export { APP_OAUTH_REDIRECT_URI, APP_SCHEME }

/** Longest callback URL we look at; real ones are a few hundred bytes. */
const MAX_CALLBACK_URL_LENGTH = 8 * 1024

const MAX_PARAMS = 64
const MAX_CODE_LENGTH = 2048
const MAX_STATE_LENGTH = 512
const MAX_DESCRIPTION_LENGTH = 1000
/**
 * Octoblu's error redirect puts the numeric HTTP status in `code` (providers.md §2.3:
 * `?error=…&error_description=…&code=<numeric status>`). Only a three-digit status is read that way;
 * any other `code` beside `error` stays ambiguous and the callback is rejected.
 */
const HTTP_STATUS = /^[1-5]\d\d$/

/** Printable ASCII without space: the only bytes a well-formed URL string contains. */
const URL_CHARS = /^[\x21-\x7e]*$/
/** scheme "://" authority path? query? fragment? — the generic RFC 3986 shape, anchored. */
const URL_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/
/** A token value (code, state, iss): visible ASCII, no space. */
const VISIBLE = /^[\x21-\x7e]+$/
/** RFC 6749 §4.1.2.1: `error` is %x20-21 / %x23-5B / %x5D-7E. */
const ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/
/** Text for people: printable ASCII or any non-control Unicode. */
const PRINTABLE_TEXT = /^[^\p{Cc}\p{Cf}\p{Co}\p{Cn}]*$/u

/** The OAuth parameters we read; each may appear at most once. */
const OAUTH_PARAMS = new Set(['code', 'state', 'error', 'error_description', 'error_uri', 'iss'])

interface Split {
  scheme: string
  authority: string
  path: string
  query: string | undefined
  fragment: string | undefined
}

function invalid(reason: string): CallbackParse {
  return { kind: 'invalid', reason }
}

/** Splits a URL string by hand, so nothing is normalised behind our back (no WHATWG fix-ups). */
function splitUrl(raw: unknown): Split | string {
  if (typeof raw !== 'string') return 'not a string'
  if (raw.length === 0) return 'empty'
  if (raw.length > MAX_CALLBACK_URL_LENGTH) return 'longer than 8 KiB'
  if (!URL_CHARS.test(raw)) return 'contains spaces, control or non-ASCII characters'
  if (raw.includes('\\')) return 'contains a backslash'
  const match = URL_SHAPE.exec(raw)
  if (!match) return 'not an absolute URL with an authority'
  return {
    scheme: match[1].toLowerCase(),
    authority: match[2],
    path: match[3],
    query: match[4],
    fragment: match[5]
  }
}

/** Decodes one query component the way browsers encode forms; undefined when malformed. */
function decodeComponent(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/** Parses a query into the OAuth parameters; a string is a rejection reason. */
function readOAuthParams(query: string | undefined): Map<string, string> | string {
  const params = new Map<string, string>()
  if (query === undefined || query === '') return params
  const pairs = query.split('&')
  if (pairs.length > MAX_PARAMS) return 'too many query parameters'
  for (const pair of pairs) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = decodeComponent(eq === -1 ? '' : pair.slice(eq + 1))
    if (name === undefined || value === undefined) return 'malformed percent-encoding'
    if (!OAUTH_PARAMS.has(name)) continue
    if (params.has(name)) return `duplicated "${name}" parameter`
    params.set(name, value)
  }
  return params
}

/** The parts of the expected redirect URI a callback must repeat exactly. */
function expectedParts(redirectUri: unknown): Split | string {
  const split = splitUrl(redirectUri)
  if (typeof split === 'string') return `expected redirect URI is unusable (${split})`
  if (split.query !== undefined || split.fragment !== undefined) {
    return 'expected redirect URI must not carry a query or fragment'
  }
  if (split.authority === '' || split.authority.includes('@')) {
    return 'expected redirect URI has no usable host'
  }
  return { ...split, authority: split.authority.toLowerCase() }
}

/**
 * Parses a redirect that should come back to `expected.redirectUri`.
 *
 * Scheme and host compare case-insensitively; the port must be the listener's and the path must be
 * byte-identical (so `%2F`, `/./`, `//` and a trailing slash are all rejected). Userinfo, a non-empty
 * fragment, backslashes, control or non-ASCII characters, malformed escapes, inputs over 8 KiB and
 * repeated OAuth parameters are rejected. Unknown extra parameters are ignored (providers add some).
 * A `code` always needs a `state`; an `error` may come without one. When `error` is present the
 * response is an error response: a three-digit `code` beside it is Octoblu's HTTP status
 * (providers.md §2.3), returned as `status`, never an authorization code.
 */
export function parseCallbackUrl(raw: string, expected: { redirectUri: string }): CallbackParse {
  try {
    return parseCallbackUnsafe(raw, expected)
  } catch {
    // Nothing above should throw; if it ever does, the input is still just "invalid".
    return invalid('could not be parsed')
  }
}

function parseCallbackUnsafe(raw: unknown, expected: { redirectUri: string }): CallbackParse {
  const want = expectedParts(expected?.redirectUri)
  if (typeof want === 'string') return invalid(want)
  const got = splitUrl(raw)
  if (typeof got === 'string') return invalid(got)

  if (got.scheme !== want.scheme) return invalid('wrong scheme')
  if (got.authority.includes('@')) return invalid('carries userinfo')
  if (got.authority.toLowerCase() !== want.authority) return invalid('wrong host or port')
  if (got.path !== want.path) return invalid('wrong path')
  if (got.fragment !== undefined && got.fragment !== '') return invalid('carries a fragment')

  const params = readOAuthParams(got.query)
  if (typeof params === 'string') return invalid(params)

  const code = params.get('code')
  const state = params.get('state')
  const error = params.get('error')
  const iss = params.get('iss')

  if (state !== undefined && (state.length > MAX_STATE_LENGTH || !VISIBLE.test(state))) {
    return invalid('malformed state')
  }
  if (iss !== undefined && (iss.length > MAX_STATE_LENGTH || !VISIBLE.test(iss))) {
    return invalid('malformed iss')
  }
  const extras = iss === undefined ? {} : { iss }

  if (error !== undefined) {
    if (code !== undefined && !HTTP_STATUS.test(code)) return invalid('carries both code and error')
    if (error.length > 128 || !ERROR_CODE.test(error)) return invalid('malformed error')
    const result: CallbackParse = { kind: 'error', error, ...extras }
    if (code !== undefined) result.status = Number(code)
    const description = params.get('error_description')
    if (
      description !== undefined &&
      description.length <= MAX_DESCRIPTION_LENGTH &&
      PRINTABLE_TEXT.test(description) &&
      description.trim() !== ''
    ) {
      result.description = description
    }
    if (state !== undefined && state !== '') result.state = state
    return result
  }

  if (code === undefined) return invalid('carries neither code nor error')
  if (code === '' || code.length > MAX_CODE_LENGTH || !VISIBLE.test(code)) {
    return invalid('malformed code')
  }
  if (state === undefined || state === '') return invalid('missing state')
  return { kind: 'code', code, state, ...extras }
}

/**
 * Routes a `printdock:` deep link. Only `printdock://oauth/callback?...` is known today, and only
 * when it parses as a callback (code or error); everything else is `unknown` with a loggable reason.
 */
export function parseAppUrl(raw: string): AppUrl {
  try {
    const split = splitUrl(raw)
    if (typeof split === 'string') return { kind: 'unknown', reason: split }
    if (split.scheme !== APP_SCHEME) return { kind: 'unknown', reason: 'not a printdock: link' }
    if (split.authority.includes('@')) return { kind: 'unknown', reason: 'carries userinfo' }
    const target = `${split.authority.toLowerCase()}${split.path}`
    if (target !== 'oauth/callback') return { kind: 'unknown', reason: 'unknown link target' }
    const parsed = parseCallbackUrl(raw, { redirectUri: APP_OAUTH_REDIRECT_URI })
    if (parsed.kind === 'invalid')
      return { kind: 'unknown', reason: `bad callback: ${parsed.reason}` }
    return { kind: 'oauth-callback', url: raw }
  } catch {
    return { kind: 'unknown', reason: 'could not be parsed' }
  }
}
