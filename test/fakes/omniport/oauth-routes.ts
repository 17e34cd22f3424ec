import { randomInt } from 'node:crypto'
import {
  cookieSessionUser,
  cookieValue,
  empty,
  escapeHtml,
  hiddenInputs,
  html,
  htmlPage,
  HttpError,
  json,
  loginForm,
  redirect,
  sameSitePath,
  startCookieSession,
  type FakeRequest,
  type FakeServer
} from '../kit'
import { buildUserData, camelize, type OmniportPerson } from './user-data'

/** DOT 1.7 defaults, untouched by Omniport (providers.md §3.2). */
export const CODE_TTL_MS = 60_000
export const ACCESS_TOKEN_TTL_SECONDS = 36_000
const ALLOWED_REDIRECT_SCHEMES = ['http', 'https']

/** An Omniport app (open_auth.Application, §3.2). */
export interface OmniportApplication {
  clientId: string
  clientSecret: string
  name: string
  /** Registered redirect URIs (stored space-separated by DOT). */
  redirectUris: string[]
  /** Data-point codes: the real "scopes" (§3.2, §3.6). */
  dataPoints: string[]
  isApproved: boolean
}

/** A login account for the fake's Omniport login form. */
export interface OmniportAccount {
  username: string
  password: string
  person: OmniportPerson
}

interface Grant {
  clientId: string
  userId: number
  redirectUri: string
  expiresAtMs: number
}

interface AccessToken {
  clientId: string
  userId: number
  expiresAtMs: number
  refreshToken?: string
}

interface RefreshToken {
  clientId: string
  userId: number
  accessToken?: string
}

/** State shared by the Omniport routes. */
export class OmniportState {
  readonly apps = new Map<string, OmniportApplication>()
  readonly accounts = new Map<number, OmniportAccount>()
  readonly sessions = new Map<string, number>()
  readonly grants = new Map<string, Grant>()
  readonly accessTokens = new Map<string, AccessToken>()
  readonly refreshTokens = new Map<string, RefreshToken>()
  settings = { autoApprove: false }

  constructor(readonly server: FakeServer) {}

  now(): number {
    return this.server.clock.now()
  }

  /** Issues an access + refresh pair (the DOT bearer token). */
  issue(clientId: string, userId: number): { access: string; refresh: string } {
    const access = generateToken()
    const refresh = generateToken()
    this.accessTokens.set(access, {
      clientId,
      userId,
      expiresAtMs: this.now() + ACCESS_TOKEN_TTL_SECONDS * 1000,
      refreshToken: refresh
    })
    this.refreshTokens.set(refresh, { clientId, userId, accessToken: access })
    return { access, refresh }
  }

  activeAccess(token: string): AccessToken | undefined {
    const found = this.accessTokens.get(token)
    return found && found.expiresAtMs > this.now() ? found : undefined
  }
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** oauthlib `generate_token`: 30 characters from letters and digits (§3.5 "<30 chars>"). */
export function generateToken(length = 30): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]
  return out
}

/**
 * DOT 1.7 `redirect_to_uri_allowed` (§3.4): scheme, host:port and path equal; the registered
 * query a subset of the request's. A registered `http://127.0.0.1/...` or `http://[::1]/...`
 * without a port accepts any port (RFC 8252 loopback); `localhost` gets no such exception.
 */
export function redirectUriAllowed(requested: string, registered: string[]): boolean {
  let uri: URL
  try {
    uri = new URL(requested)
  } catch {
    return false
  }
  const querySet = new Set([...uri.searchParams.entries()].map(([k, v]) => `${k}=${v}`))
  return registered.some((candidate) => {
    let allowed: URL
    try {
      allowed = new URL(candidate)
    } catch {
      return false
    }
    const loopback =
      allowed.protocol === 'http:' &&
      ['127.0.0.1', '[::1]'].includes(allowed.hostname) &&
      allowed.port === ''
    const sameOrigin = loopback
      ? allowed.protocol === uri.protocol && allowed.hostname === uri.hostname
      : allowed.protocol === uri.protocol && allowed.host === uri.host
    if (!sameOrigin || allowed.pathname !== uri.pathname) return false
    return [...allowed.searchParams.entries()].every(([k, v]) => querySet.has(`${k}=${v}`))
  })
}

/** Django reads cookies into a dict: of a name sent twice, the last value wins. */
function cookie(req: FakeRequest, name: string): string | undefined {
  return cookieValue(req, name, 'last')
}

function page(title: string, body: string): string {
  return htmlPage(title, ' | Omniport', body)
}

function sessionUser(req: FakeRequest, state: OmniportState): number | undefined {
  return cookieSessionUser(req, state.sessions, 'sessionid', 'last')
}

function newSession(state: OmniportState, userId: number): string {
  return startCookieSession(state.sessions, 'sessionid', generateToken(32), userId)
}

function noStore(): Record<string, string> {
  return { 'cache-control': 'no-store', pragma: 'no-cache' }
}

/** oauthlib error JSON (§3.5). */
function oauthError(status: number, error: string, description?: string): HttpError {
  return new HttpError(
    status,
    description ? { error, error_description: description } : { error },
    noStore()
  )
}

/** Client authentication: HTTP Basic or client_id + client_secret in the body (§3.5). */
function authenticateClient(
  req: FakeRequest,
  form: URLSearchParams,
  state: OmniportState
): OmniportApplication {
  let id = form.get('client_id') ?? ''
  let secret = form.get('client_secret') ?? ''
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    id = decodeURIComponent(decoded.slice(0, colon))
    secret = decodeURIComponent(decoded.slice(colon + 1))
  }
  const app = state.apps.get(id)
  if (!app || app.clientSecret !== secret) throw oauthError(401, 'invalid_client')
  return app
}

/** Mounts login, the consent page, and the open_auth endpoints. */
export function mountOmniportRoutes(state: OmniportState): void {
  const { server } = state

  server.route('GET', '/login/', (req) => html(200, loginPage(req.query.get('next') ?? '/', '')))
  server.route('POST', '/login/', async (req) => {
    const form = await req.form()
    const next = form.get('next') ?? '/'
    const account = [...state.accounts.values()].find(
      (a) => a.username === form.get('username') && a.password === form.get('password')
    )
    if (!account) return html(200, loginPage(next, 'Invalid credentials'))
    return redirect(sameSitePath(next), 302, {
      'set-cookie': newSession(state, account.person.userId)
    })
  })

  // The React consent page (omniport-frontend-oauth, baseUrl /oauth), rendered server-side here.
  server.route('GET', '/oauth/authorise/', (req) => {
    let userId = sessionUser(req, state)
    const setCookies: string[] = []
    if (userId === undefined && state.settings.autoApprove) {
      userId = state.accounts.keys().next().value
      if (userId !== undefined) setCookies.push(newSession(state, userId))
    }
    if (userId === undefined)
      return redirect(`/login/?next=${encodeURIComponent(req.url.pathname + req.url.search)}`)
    const app = state.apps.get(req.query.get('client_id') ?? '')
    // Unknown or unapproved apps: the page shows just "Error" (§3.3).
    if (!app || !app.isApproved) return html(200, page('Error', '<p>Error</p>'))
    // Page defaults (§3.3): response_type "code", state the literal "state", first redirect URI.
    const fields = {
      redirect_uri: req.query.get('redirect_uri') ?? app.redirectUris[0] ?? '',
      client_id: app.clientId,
      state: req.query.get('state') ?? 'state',
      response_type: req.query.get('response_type') ?? 'code'
    }
    if (state.settings.autoApprove) {
      // Stands for a user who clicks Authorize at once: DOT's POST handling, server-side.
      const response = authorise(state, userId, {
        ...fields,
        allow: 'Authorize',
        scope: 'read write'
      })
      if (response.kind === 'body' && setCookies[0]) response.headers['set-cookie'] = setCookies[0]
      return response
    }
    const csrf = cookie(req, 'csrftoken') ?? generateToken(32)
    return html(200, consentPage(app, fields, csrf), {
      'set-cookie': `csrftoken=${csrf}; Path=/; SameSite=Lax`
    })
  })

  // `require_POST`: GET gets Django's bare 405 (§3.3).
  server.route(['GET', 'PUT', 'PATCH', 'DELETE'], '/open_auth/authorise/', (req) => {
    req.raw.resume()
    return empty(405, { allow: 'POST' })
  })
  server.route('POST', '/open_auth/authorise/', async (req) => {
    const userId = sessionUser(req, state)
    const form = await req.form()
    if (userId === undefined)
      return redirect(`/login/?next=${encodeURIComponent('/open_auth/authorise/')}`)
    // Django's CSRF check: the form token must match the csrftoken cookie.
    const token = cookie(req, 'csrftoken')
    if (!token || token !== form.get('csrfmiddlewaretoken')) {
      return html(403, page('Forbidden (403)', '<p>CSRF verification failed. Request aborted.</p>'))
    }
    return authorise(state, userId, Object.fromEntries(form))
  })

  server.route('POST', '/open_auth/token/', (req) => token(req, state))
  server.route('POST', '/open_auth/revoke_token/', (req) => revoke(req, state))
  for (const path of ['/open_auth/token/', '/open_auth/revoke_token/']) {
    server.route(['GET', 'PUT', 'PATCH', 'DELETE'], path, (req) => {
      req.raw.resume()
      return empty(405, { allow: 'POST, OPTIONS' })
    })
  }

  server.route('GET', '/open_auth/get_user_data/', (req) => {
    // The view reads the header itself: only `Authorization: Bearer …` works (§3.6).
    const tokenValue = (req.headers.authorization ?? '').replace('Bearer ', '')
    const access = tokenValue ? state.activeAccess(tokenValue) : undefined
    if (!access) {
      throw new HttpError(
        401,
        { detail: 'Authentication credentials were not provided.' },
        { 'www-authenticate': 'Bearer realm="api"' }
      )
    }
    const app = state.apps.get(access.clientId)
    if (!app) return json(404, 'Associated application not found')
    const account = state.accounts.get(access.userId)!
    return json(200, buildUserData(account.person, app.dataPoints))
  })

  server.route('GET', '/open_auth/application/:clientId/', (req) => {
    if (sessionUser(req, state) === undefined) {
      throw new HttpError(403, { detail: 'Authentication credentials were not provided.' })
    }
    const app = state.apps.get(req.params.clientId!)
    if (!app || !app.isApproved) throw new HttpError(404, { detail: 'Not found.' })
    return json(200, {
      clientId: app.clientId,
      redirectUris: app.redirectUris.join(' '),
      name: app.name,
      logo: null,
      skipAuthorization: false,
      dataPoints: Object.fromEntries(
        app.dataPoints.map((dp) => [dp, camelize(dp.replace(/\./g, ' '))])
      )
    })
  })
}

/** DOT AuthorizationView.post: validate, then redirect with a code or access_denied. */
function authorise(state: OmniportState, userId: number, fields: Record<string, string>) {
  const app = state.apps.get(fields.client_id ?? '')
  if (!app || !app.isApproved)
    return html(400, page('Error', '<p>Invalid client_id parameter value.</p>'))
  const redirectUri = fields.redirect_uri ?? ''
  if (!redirectUriAllowed(redirectUri, app.redirectUris)) {
    return html(400, page('Error', '<p>Mismatching redirect URI.</p>'))
  }
  // DOT only redirects to ALLOWED_REDIRECT_URI_SCHEMES (http, https); Omniport does not override
  // it, so a registered custom scheme fails here with Django's DisallowedRedirect → 400 (§3.4).
  const scheme = new URL(redirectUri).protocol.replace(/:$/, '')
  if (!ALLOWED_REDIRECT_SCHEMES.includes(scheme))
    return html(
      400,
      '<!doctype html><html lang="en"><head><title>Bad Request (400)</title></head><body><h1>Bad Request (400)</h1></body></html>'
    )
  const target = new URL(redirectUri)
  if (fields.state) target.searchParams.set('state', fields.state)
  if (!fields.allow) {
    target.searchParams.set('error', 'access_denied')
    return redirect(target.toString())
  }
  if ((fields.response_type ?? 'code') !== 'code') {
    target.searchParams.set('error', 'unsupported_response_type')
    return redirect(target.toString())
  }
  const code = generateToken()
  state.grants.set(code, {
    clientId: app.clientId,
    userId,
    redirectUri,
    expiresAtMs: state.now() + CODE_TTL_MS
  })
  // DOT puts code first, then state.
  const back = new URL(redirectUri)
  back.searchParams.set('code', code)
  if (fields.state) back.searchParams.set('state', fields.state)
  return redirect(back.toString())
}

async function token(req: FakeRequest, state: OmniportState) {
  const form = await req.form()
  const app = authenticateClient(req, form, state)
  const grantType = form.get('grant_type')
  let userId: number
  if (grantType === 'authorization_code') {
    const code = form.get('code')
    if (!code) throw oauthError(400, 'invalid_request', 'Missing code parameter.')
    const grant = state.grants.get(code)
    if (!grant || grant.clientId !== app.clientId || grant.expiresAtMs <= state.now())
      throw oauthError(400, 'invalid_grant')
    if (form.get('redirect_uri') !== grant.redirectUri)
      throw oauthError(400, 'invalid_request', 'Mismatching redirect URI.')
    state.grants.delete(code)
    userId = grant.userId
  } else if (grantType === 'refresh_token') {
    const refresh = form.get('refresh_token')
    if (!refresh) throw oauthError(400, 'invalid_request', 'Missing refresh token parameter.')
    const found = state.refreshTokens.get(refresh)
    if (!found || found.clientId !== app.clientId) throw oauthError(400, 'invalid_grant')
    // ROTATE_REFRESH_TOKEN: the old refresh token and its access token are revoked (§3.2, §3.5).
    state.refreshTokens.delete(refresh)
    if (found.accessToken) state.accessTokens.delete(found.accessToken)
    userId = found.userId
  } else if (!grantType) {
    throw oauthError(400, 'invalid_request', 'Request is missing grant type.')
  } else {
    throw oauthError(400, 'unsupported_grant_type')
  }
  const { access, refresh } = state.issue(app.clientId, userId)
  return json(
    200,
    {
      access_token: access,
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      token_type: 'Bearer',
      scope: 'read write',
      refresh_token: refresh
    },
    noStore()
  )
}

async function revoke(req: FakeRequest, state: OmniportState) {
  const form = await req.form()
  const app = authenticateClient(req, form, state)
  const hint = form.get('token_type_hint')
  if (hint && hint !== 'access_token' && hint !== 'refresh_token')
    throw oauthError(400, 'unsupported_token_type')
  const value = form.get('token')
  if (!value) throw oauthError(400, 'invalid_request', 'Missing token parameter.')
  // The hint says where to look first; DOT then tries the other kind too.
  const order = hint === 'refresh_token' ? ['refresh', 'access'] : ['access', 'refresh']
  for (const kind of order) {
    if (kind === 'access') {
      const found = state.accessTokens.get(value)
      if (found && found.clientId === app.clientId) {
        state.accessTokens.delete(value)
        break
      }
    } else {
      const found = state.refreshTokens.get(value)
      if (found && found.clientId === app.clientId) {
        // Revoking a refresh token deletes its access token as well (DOT RefreshToken.revoke).
        state.refreshTokens.delete(value)
        if (found.accessToken) state.accessTokens.delete(found.accessToken)
        break
      }
    }
  }
  // 200 with an empty body, even for unknown tokens (§3.5).
  return empty(200, noStore())
}

function loginPage(next: string, error: string): string {
  return page(
    'Log in to Omniport',
    loginForm({
      action: '/login/',
      back: { name: 'next', value: next },
      user: { label: 'Username', name: 'username' },
      submit: 'Log in',
      error
    })
  )
}

function consentPage(
  app: OmniportApplication,
  fields: Record<string, string>,
  csrf: string
): string {
  const hidden = hiddenInputs({ csrfmiddlewaretoken: csrf, ...fields, scope: 'read write' })
  const points = app.dataPoints.map((dp) => `<li>${escapeHtml(dp)}</li>`).join('')
  return page(
    `Authorise ${app.name}`,
    `<p><strong>${escapeHtml(app.name)}</strong> wants to access:</p><ul>${points}</ul>
<form method="post" action="/open_auth/authorise/">
${hidden}
<button type="submit" name="allow" value="Authorize">Authorize</button>
<!-- Deny has no handler in omniport-frontend-oauth (§3.3): clicking it does nothing. -->
<button type="button">Deny</button>
</form>`
  )
}
