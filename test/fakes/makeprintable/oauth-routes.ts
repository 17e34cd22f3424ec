import {
  cookieSessionUser,
  escapeHtml,
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
import { randomSecret, type MakeprintableStore, type MakeprintableUser } from './store'

/** Makeprintable codes live 3 minutes (providers.md §1.2 "good … only for 3 minutes"). */
export const CODE_TTL_MS = 3 * 60 * 1000

const SESSION_COOKIE = 'mp_session'

/** Settings the OAuth routes read at request time (autoApprove can be flipped by tests). */
export interface OAuthRouteSettings {
  autoApprove: boolean
}

function page(title: string, body: string): string {
  return htmlPage(title, ' - Makeprintable', body)
}

function sessionUser(req: FakeRequest, store: MakeprintableStore): MakeprintableUser | undefined {
  const userId = cookieSessionUser(req, store.sessions, SESSION_COOKIE)
  return userId === undefined ? undefined : store.users.get(userId)
}

function startSession(store: MakeprintableStore, user: MakeprintableUser): string {
  return startCookieSession(store.sessions, SESSION_COOKIE, randomSecret(), user.id)
}

/** Appends query parameters to a redirect URI, keeping the ones it already has. */
function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const [beforeHash = ''] = uri.split('#')
  const extra = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) extra.set(key, value)
  return `${beforeHash}${beforeHash.includes('?') ? '&' : '?'}${extra.toString()}`
}

/** Mounts the login page, `/authorize` (GET page, POST decision) and `POST /v1/token`. */
export function mountOAuthRoutes(
  server: FakeServer,
  store: MakeprintableStore,
  settings: OAuthRouteSettings
): void {
  // The login URL style `/site/login` is what suggests a Yii2 backend (providers.md §1.3).
  server.route('GET', '/site/login', (req) => {
    const back = req.query.get('return') ?? '/'
    return html(200, loginPage(back, ''))
  })
  server.route('POST', '/site/login', async (req) => {
    const form = await req.form()
    const back = form.get('return') ?? '/'
    const user = store.userByEmail(form.get('email') ?? '')
    if (!user || user.password !== form.get('password')) {
      return html(200, loginPage(back, 'Incorrect email or password.'))
    }
    return redirect(sameSitePath(back), 302, { 'set-cookie': startSession(store, user) })
  })

  server.route('GET', '/authorize', (req) => {
    const request = validateAuthorize(req.query, store)
    if ('response' in request) return request.response
    let user = sessionUser(req, store)
    const cookies: Record<string, string> = {}
    if (!user && settings.autoApprove) {
      // Auto-approve stands for a user who is signed in already and always clicks Allow.
      user = store.users.values().next().value
      if (user) cookies['set-cookie'] = startSession(store, user)
    }
    if (!user) {
      return redirect(`/site/login?return=${encodeURIComponent(req.url.pathname + req.url.search)}`)
    }
    if (settings.autoApprove)
      return redirect(approve(store, request, user, server.clock.now()), 302, cookies)
    return html(200, consentPage(request))
  })

  server.route('POST', '/authorize', async (req) => {
    const form = await req.form()
    const request = validateAuthorize(form, store)
    if ('response' in request) return request.response
    const user = sessionUser(req, store)
    if (!user) throw new HttpError(403, 'Login required')
    if (form.get('decision') !== 'allow') {
      // Deny is undocumented; providers.md §1.2 presumes RFC 6749's error=access_denied.
      return redirect(
        withQuery(request.redirectUri, { error: 'access_denied', state: request.state })
      )
    }
    return redirect(approve(store, request, user, server.clock.now()))
  })

  server.route('POST', '/v1/token', (req) => tokenEndpoint(req, server, store))
}

interface AuthorizeRequest {
  clientId: string
  clientName: string
  redirectUri: string
  state: string | undefined
}

function validateAuthorize(
  params: URLSearchParams,
  store: MakeprintableStore
): AuthorizeRequest | { response: ReturnType<typeof html> } {
  const client = store.clients.get(params.get('client_id') ?? '')
  // Unknown client or redirect URI: never redirect to an unverified address (RFC 6749 §4.1.2.1).
  if (!client) return { response: html(400, page('Bad Request', '<p>Unknown client_id.</p>')) }
  const redirectUri = params.get('redirect_uri') ?? ''
  // "must be the same url used as redirect uri in the app page" (seeds/makeprintable-api-auth).
  if (!client.redirectUris.includes(redirectUri)) {
    return {
      response: html(400, page('Bad Request', '<p>redirect_uri does not match the app.</p>'))
    }
  }
  const state = params.get('state') ?? undefined
  // The quirk: response_type must be `authorization_code`, not RFC 6749's `code` (§1.2). What the
  // real server did with `code` is unknown; the fake answers as RFC 6749 §4.1.2.1 prescribes.
  if (params.get('response_type') !== 'authorization_code') {
    return {
      response: redirect(
        withQuery(redirectUri, {
          error: 'unsupported_response_type',
          error_description: 'response_type must be authorization_code',
          state
        })
      )
    }
  }
  return { clientId: client.clientId, clientName: client.name, redirectUri, state }
}

function approve(
  store: MakeprintableStore,
  request: AuthorizeRequest,
  user: MakeprintableUser,
  now: number
): string {
  const code = randomSecret(20)
  store.codes.set(code, {
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    userId: user.id,
    expiresAtMs: now + CODE_TTL_MS
  })
  return withQuery(request.redirectUri, { code, state: request.state })
}

function oauthError(status: number, error: string, description: string): HttpError {
  // Error bodies are undocumented (§1.5); RFC 6749 §5.2 JSON is the fake's choice.
  return new HttpError(
    status,
    { error, error_description: description },
    { 'cache-control': 'no-store' }
  )
}

async function tokenEndpoint(req: FakeRequest, server: FakeServer, store: MakeprintableStore) {
  // "Required x-www-form-urlencoded data" (seeds/makeprintable-api-auth).
  if (
    !(req.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded')
  ) {
    req.raw.resume()
    throw oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded')
  }
  const form = await req.form()
  for (const name of ['client_id', 'client_secret', 'redirect_uri', 'grant_type', 'code']) {
    if (!form.get(name))
      throw oauthError(400, 'invalid_request', `Missing parameter: "${name}" is required`)
  }
  if (form.get('grant_type') !== 'authorization_code') {
    throw oauthError(
      400,
      'unsupported_grant_type',
      `Grant type "${form.get('grant_type')}" not supported`
    )
  }
  const client = store.clients.get(form.get('client_id')!)
  if (!client || client.clientSecret !== form.get('client_secret')) {
    throw oauthError(401, 'invalid_client', 'The client credentials are invalid')
  }
  const code = form.get('code')!
  const grant = store.codes.get(code)
  // Single use: a code is gone once presented, whatever the outcome (§1.7 [infer]).
  store.codes.delete(code)
  if (!grant || grant.clientId !== client.clientId) {
    throw oauthError(400, 'invalid_grant', 'Authorization code is invalid')
  }
  if (server.clock.now() > grant.expiresAtMs) {
    throw oauthError(400, 'invalid_grant', 'The authorization code has expired')
  }
  if (grant.redirectUri !== form.get('redirect_uri')) {
    throw oauthError(400, 'invalid_grant', 'redirect_uri must equal the one used at authorize')
  }
  const accessToken = randomSecret(32)
  store.tokens.set(accessToken, { userId: grant.userId, clientId: client.clientId })
  // §1.7: JSON with access_token and token_type "bearer"; no lifetime or refresh is documented.
  return json(
    200,
    { access_token: accessToken, token_type: 'bearer' },
    { 'cache-control': 'no-store' }
  )
}

function loginPage(back: string, error: string): string {
  return page(
    'Sign in',
    loginForm({
      action: '/site/login',
      back: { name: 'return', value: back },
      user: { label: 'Email', name: 'email', type: 'email' },
      submit: 'Sign in',
      error
    })
  )
}

function consentPage(request: AuthorizeRequest): string {
  return page(
    'Authorize application',
    `<p><strong>${escapeHtml(request.clientName)}</strong> wants to add files and request fixes on your behalf.</p>
<form method="post" action="/authorize">
<input type="hidden" name="client_id" value="${escapeHtml(request.clientId)}">
<input type="hidden" name="redirect_uri" value="${escapeHtml(request.redirectUri)}">
<input type="hidden" name="response_type" value="authorization_code">
${request.state !== undefined ? `<input type="hidden" name="state" value="${escapeHtml(request.state)}">` : ''}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`
  )
}
