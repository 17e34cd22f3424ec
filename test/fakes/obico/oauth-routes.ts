import { createHash } from 'node:crypto'
import {
  empty,
  html,
  HttpError,
  json,
  redirect,
  type FakeRequest,
  type FakeResponse,
  type FakeServer
} from '../kit'
import { activeAccessToken, createSession, sessionUser } from './api-auth'
import { allowedSchemes, type ObicoContext } from './context'
import { checkCsrf, crash, csrfCookie, csrfToken } from './http-helpers'
import { applicationsPage, BAD_REQUEST_PAGE, consentPage, loginPage, oauthErrorPage } from './pages'
import { redirectUriAllowed, schemeOf } from './redirect-uri'
import type { ObicoClient, ObicoUser } from './types'
import { randomToken } from './util'

/**
 * django-oauth-toolkit 2.3.0 under `/o/`, with Obico's settings (obico-api.md §1.2–1.6), and the
 * allauth login page it sends anonymous browsers to.
 */

/** `ACCESS_TOKEN_EXPIRE_SECONDS` on Obico: 100 years (obico-api.md §1.2, §6 item 4). */
export const ACCESS_TOKEN_EXPIRE_SECONDS = 60 * 60 * 24 * 365 * 100
/** DOT's default `AUTHORIZATION_CODE_EXPIRE_SECONDS` (obico-api.md §1.2). */
export const AUTHORIZATION_CODE_EXPIRE_SECONDS = 60
const KNOWN_SCOPES = ['read', 'write']

/** sha256 of a client secret, as stored (DOT hashes secrets on save). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** Issues an access + refresh token pair for a user and client (what a successful grant saves). */
export function issueTokens(
  ctx: ObicoContext,
  userId: number,
  clientId: string,
  scope: string
): {
  access_token: string
  expires_in: number
  token_type: 'Bearer'
  scope: string
  refresh_token: string
} {
  const access = randomToken()
  const refresh = randomToken()
  ctx.store.accessTokens.set(access, {
    token: access,
    user_id: userId,
    client_id: clientId,
    scope,
    expires: ctx.clock.now() + ACCESS_TOKEN_EXPIRE_SECONDS * 1000
  })
  ctx.store.refreshTokens.set(refresh, {
    token: refresh,
    user_id: userId,
    client_id: clientId,
    access_token: access,
    revoked: null
  })
  return {
    access_token: access,
    expires_in: ACCESS_TOKEN_EXPIRE_SECONDS,
    token_type: 'Bearer',
    scope,
    refresh_token: refresh
  }
}

function oauthError(status: number, error: string, description?: string): HttpError {
  const body: Record<string, string> = { error }
  if (description) body.error_description = description
  return new HttpError(status, body, { 'cache-control': 'no-store', pragma: 'no-cache' })
}

/** Appends parameters to a redirect URI's query (or fragment, for the implicit grant). */
function withParams(uri: string, params: Record<string, string>, fragment = false): string {
  const extra = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString()
  if (fragment) return `${uri.split('#')[0]}#${extra}`
  const [base, hash] = uri.split('#')
  const joined = base.includes('?') ? `${base}&${extra}` : `${base}?${extra}`
  return hash !== undefined ? `${joined}#${hash}` : joined
}

/** `OAuth2ResponseRedirect`: a scheme outside the allowed list is `DisallowedRedirect` → 400 (§1.3). */
function oauthRedirect(ctx: ObicoContext, location: string): FakeResponse {
  if (!allowedSchemes(ctx).includes(schemeOf(location))) {
    return html(400, BAD_REQUEST_PAGE)
  }
  return redirect(location, 302)
}

interface AuthorizeRequest {
  client: ObicoClient
  redirectUri: string
  responseType: string
  scope: string
  state: string
  codeChallenge: string
  codeChallengeMethod: string
  params: URLSearchParams
}

/**
 * Validates an authorize request. Errors before the redirect URI is trusted render DOT's error page
 * (400, no redirect); later ones redirect with `error=` (obico-api.md §1.5).
 */
function validateAuthorize(
  ctx: ObicoContext,
  params: URLSearchParams
): AuthorizeRequest | FakeResponse {
  const clientId = params.get('client_id') ?? ''
  if (!clientId) return html(400, oauthErrorPage('invalid_request', 'Missing client_id parameter.'))
  const client = ctx.store.client(clientId)
  if (!client)
    return html(400, oauthErrorPage('invalid_request', 'Invalid client_id parameter value.'))
  let redirectUri = params.get('redirect_uri') ?? ''
  if (!redirectUri) {
    // DOT falls back to the first registered URI.
    redirectUri = client.redirect_uris[0] ?? ''
    if (!redirectUri) return html(400, oauthErrorPage('invalid_request', 'Missing redirect URI.'))
  } else if (!redirectUriAllowed(redirectUri, client.redirect_uris)) {
    return html(400, oauthErrorPage('invalid_request', 'Mismatching redirect URI.'))
  }
  const state = params.get('state') ?? ''
  const responseType = params.get('response_type') ?? ''
  const fail = (error: string, description = ''): FakeResponse =>
    oauthRedirect(
      ctx,
      withParams(
        redirectUri,
        { error, error_description: description, state },
        responseType === 'token'
      )
    )
  if (!responseType) return fail('invalid_request', 'Missing response_type parameter.')
  if (responseType !== 'code' && responseType !== 'token') return fail('unsupported_response_type')
  const wantedGrant = responseType === 'code' ? 'authorization-code' : 'implicit'
  if (client.authorization_grant_type !== wantedGrant) return fail('unauthorized_client')
  const requested = (params.get('scope') ?? '').split(/\s+/).filter(Boolean)
  if (requested.some((s) => !KNOWN_SCOPES.includes(s))) return fail('invalid_scope')
  // DEFAULT_SCOPES = ["__all__"]: leaving scope out grants read and write (obico-api.md §1.2).
  const scope = (
    requested.length ? KNOWN_SCOPES.filter((s) => requested.includes(s)) : KNOWN_SCOPES
  ).join(' ')
  const codeChallenge = params.get('code_challenge') ?? ''
  let codeChallengeMethod = params.get('code_challenge_method') ?? ''
  if (codeChallenge) {
    codeChallengeMethod ||= 'plain'
    if (codeChallengeMethod !== 'S256' && codeChallengeMethod !== 'plain') {
      return fail('invalid_request', 'Transform algorithm not supported.')
    }
  }
  return {
    client,
    redirectUri,
    responseType,
    scope,
    state,
    codeChallenge,
    codeChallengeMethod,
    params
  }
}

/** The redirect that ends a successful authorization: a code, or (implicit) a token in the fragment. */
function approve(ctx: ObicoContext, request: AuthorizeRequest, user: ObicoUser): FakeResponse {
  if (request.responseType === 'token') {
    const access = randomToken()
    ctx.store.accessTokens.set(access, {
      token: access,
      user_id: user.id,
      client_id: request.client.client_id,
      scope: request.scope,
      expires: ctx.clock.now() + ACCESS_TOKEN_EXPIRE_SECONDS * 1000
    })
    return oauthRedirect(
      ctx,
      withParams(
        request.redirectUri,
        {
          access_token: access,
          expires_in: String(ACCESS_TOKEN_EXPIRE_SECONDS),
          token_type: 'Bearer',
          scope: request.scope,
          state: request.state
        },
        true
      )
    )
  }
  const code = randomToken()
  ctx.store.grants.set(code, {
    code,
    client_id: request.client.client_id,
    user_id: user.id,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    expires: ctx.clock.now() + AUTHORIZATION_CODE_EXPIRE_SECONDS * 1000,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallengeMethod
  })
  return oauthRedirect(ctx, withParams(request.redirectUri, { code, state: request.state }))
}

/** `approval_prompt=auto`: the user already holds an unexpired token of this app covering the scopes. */
function alreadyApproved(ctx: ObicoContext, request: AuthorizeRequest, user: ObicoUser): boolean {
  if (request.params.get('approval_prompt') !== 'auto') return false
  const wanted = request.scope.split(' ')
  for (const token of ctx.store.accessTokens.values()) {
    if (token.user_id !== user.id || token.client_id !== request.client.client_id) continue
    if (!activeAccessToken(ctx, token.token)) continue
    const has = token.scope.split(' ')
    if (wanted.every((s) => has.includes(s))) return true
  }
  return false
}

/** Django's `redirect_to_login`: `next` is the full path, quoted with `/` kept. */
function loginRedirect(req: FakeRequest): FakeResponse {
  const next = req.path + req.url.search
  return redirect(`/accounts/login/?next=${encodeURIComponent(next).replace(/%2F/g, '/')}`, 302)
}

function clientFromRequest(
  ctx: ObicoContext,
  req: FakeRequest,
  form: URLSearchParams
): ObicoClient {
  let clientId = form.get('client_id') ?? ''
  let secret = form.get('client_secret') ?? ''
  const header = String(req.headers.authorization ?? '')
  if (/^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8')
    const index = decoded.indexOf(':')
    if (index >= 0) {
      clientId = decodeURIComponent(decoded.slice(0, index))
      secret = decodeURIComponent(decoded.slice(index + 1))
    }
  }
  const client = clientId ? ctx.store.client(clientId) : undefined
  if (!client) throw oauthError(401, 'invalid_client')
  const mustAuthenticate = client.client_type === 'confidential' || secret !== ''
  if (
    mustAuthenticate &&
    (!client.client_secret_hash || hashSecret(secret) !== client.client_secret_hash)
  ) {
    throw oauthError(401, 'invalid_client')
  }
  return client
}

function tokenResponse(body: unknown): FakeResponse {
  return json(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' })
}

/** `grant_type=authorization_code`, in oauthlib's order of checks (obico-api.md §1.6). */
function authorizationCodeGrant(
  ctx: ObicoContext,
  req: FakeRequest,
  form: URLSearchParams
): FakeResponse {
  const code = form.get('code') ?? ''
  if (!code) throw oauthError(400, 'invalid_request', 'Missing code parameter.')
  const client = clientFromRequest(ctx, req, form)
  if (client.authorization_grant_type !== 'authorization-code')
    throw oauthError(400, 'unauthorized_client')
  const grant = ctx.store.grants.get(code)
  if (!grant || grant.client_id !== client.client_id || grant.expires <= ctx.clock.now()) {
    throw oauthError(400, 'invalid_grant')
  }
  if (grant.code_challenge) {
    // PKCE_REQUIRED is False, but a challenge sent at authorize time must be answered (§1.2).
    const verifier = form.get('code_verifier') ?? ''
    if (!verifier) throw oauthError(400, 'invalid_request', 'Code verifier required.')
    const computed =
      grant.code_challenge_method === 'S256'
        ? createHash('sha256').update(verifier).digest('base64url')
        : verifier
    if (computed !== grant.code_challenge) throw oauthError(400, 'invalid_grant')
  }
  // The redirect_uri must be the exact string used at authorize time, port included.
  if ((form.get('redirect_uri') ?? '') !== grant.redirect_uri) {
    throw oauthError(400, 'invalid_request', 'Mismatching redirect URI.')
  }
  ctx.store.grants.delete(code) // single use
  return tokenResponse(issueTokens(ctx, grant.user_id, client.client_id, grant.scope))
}

/** `grant_type=refresh_token` with ROTATE_REFRESH_TOKEN and no grace period (obico-api.md §1.2, §1.6). */
function refreshTokenGrant(
  ctx: ObicoContext,
  req: FakeRequest,
  form: URLSearchParams
): FakeResponse {
  const value = form.get('refresh_token') ?? ''
  if (!value) throw oauthError(400, 'invalid_request', 'Missing refresh token parameter.')
  const client = clientFromRequest(ctx, req, form)
  const refresh = ctx.store.refreshTokens.get(value)
  if (!refresh || refresh.revoked !== null || refresh.client_id !== client.client_id) {
    throw oauthError(400, 'invalid_grant')
  }
  const access =
    refresh.access_token === null ? undefined : ctx.store.accessTokens.get(refresh.access_token)
  if (!access) {
    // DOT's get_original_scopes() dereferences the deleted access token: HTTP 500 (§1.6, §6 item 5).
    crash('RefreshToken.access_token is None')
  }
  const original = access.scope.split(' ')
  const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean)
  if (requested.some((s) => !original.includes(s))) throw oauthError(400, 'invalid_scope')
  const scope = requested.length
    ? original.filter((s) => requested.includes(s)).join(' ')
    : access.scope
  // Rotation: the old refresh token is revoked and its access token deleted (obico-api.md §1.2).
  refresh.revoked = ctx.clock.now()
  ctx.store.accessTokens.delete(access.token)
  refresh.access_token = null
  return tokenResponse(issueTokens(ctx, refresh.user_id, client.client_id, scope))
}

/** Mounts `/o/authorize/`, `/o/token/`, `/o/revoke_token/`, `/o/introspect/` and `/accounts/login/`. */
export function mountOAuthRoutes(server: FakeServer, ctx: ObicoContext): void {
  server.route('GET', '/accounts/login/', (req) => {
    const csrf = csrfToken(req)
    const next = req.query.get('next') ?? '/'
    return html(200, loginPage({ csrf: csrf.token, next, hint: ctx.loginHint }), {
      'set-cookie': csrfCookie(csrf.token)
    })
  })

  server.route('POST', '/accounts/login/', async (req) => {
    const form = await req.form()
    checkCsrf(req, form)
    const email = (form.get('login') ?? '').trim().toLowerCase()
    const user = ctx.store.users.find(
      (u) => u.email.toLowerCase() === email && u.password === form.get('password')
    )
    const next = form.get('next') ?? '/'
    if (!user) {
      const csrf = csrfToken(req)
      return html(
        200,
        loginPage({
          csrf: csrf.token,
          next,
          error: 'The email address and/or password you specified are not correct.',
          hint: ctx.loginHint
        })
      )
    }
    // Only same-site paths are followed, like Django's url_has_allowed_host_and_scheme.
    const target = next.startsWith('/') && !next.startsWith('//') ? next : '/'
    return redirect(target, 302, { 'set-cookie': createSession(ctx, user.id) })
  })

  server.route('GET', '/o/authorize/', (req) => {
    let user = sessionUser(ctx, req)
    if (!user && ctx.settings.autoApprove) user = ctx.store.user(ctx.settings.autoApproveUserId)
    if (!user) return loginRedirect(req)
    const validated = validateAuthorize(ctx, req.query)
    if (!('client' in validated)) return validated
    if (
      ctx.settings.autoApprove ||
      validated.client.skip_authorization ||
      alreadyApproved(ctx, validated, user)
    ) {
      return approve(ctx, validated, user)
    }
    const csrf = csrfToken(req)
    const hidden: Record<string, string> = {
      redirect_uri: validated.redirectUri,
      scope: validated.scope,
      nonce: req.query.get('nonce') ?? '',
      client_id: validated.client.client_id,
      state: validated.state,
      response_type: validated.responseType,
      code_challenge: validated.codeChallenge,
      code_challenge_method: validated.codeChallengeMethod,
      claims: req.query.get('claims') ?? ''
    }
    return html(
      200,
      consentPage({
        csrf: csrf.token,
        appName: validated.client.name,
        hidden,
        hideNavbar: req.query.get('hide_navbar') === 'true'
      }),
      { 'set-cookie': csrfCookie(csrf.token) }
    )
  })

  server.route('POST', '/o/authorize/', async (req) => {
    const form = await req.form()
    const user = sessionUser(ctx, req)
    if (!user) return loginRedirect(req)
    checkCsrf(req, form)
    const validated = validateAuthorize(ctx, form)
    if (!('client' in validated)) return validated
    if (!form.has('allow')) {
      // Cancel has no name, so no `allow`: DOT redirects with access_denied (obico-api.md §1.5).
      return oauthRedirect(
        ctx,
        withParams(
          validated.redirectUri,
          { error: 'access_denied', state: validated.state },
          validated.responseType === 'token'
        )
      )
    }
    return approve(ctx, validated, user)
  })

  server.route('POST', '/o/token/', async (req) => {
    const form = await req.form()
    const grantType = form.get('grant_type') ?? ''
    if (grantType === 'password') {
      // validate_user() hands Obico's backend a request without .user: always HTTP 500 (§1.6, §6 item 6).
      crash('SyndicateSpecificBackend read request.user on a bare HttpRequest')
    }
    if (grantType === 'authorization_code') return authorizationCodeGrant(ctx, req, form)
    if (grantType === 'refresh_token') return refreshTokenGrant(ctx, req, form)
    if (grantType === 'client_credentials') {
      const client = clientFromRequest(ctx, req, form)
      if (client.authorization_grant_type !== 'client-credentials')
        throw oauthError(400, 'unauthorized_client')
      const access = randomToken()
      // User-less tokens: Obico's API needs a user, so they authenticate nothing (§1.6).
      ctx.store.accessTokens.set(access, {
        token: access,
        user_id: 0,
        client_id: client.client_id,
        scope: 'read write',
        expires: ctx.clock.now() + ACCESS_TOKEN_EXPIRE_SECONDS * 1000
      })
      return tokenResponse({
        access_token: access,
        expires_in: ACCESS_TOKEN_EXPIRE_SECONDS,
        token_type: 'Bearer',
        scope: 'read write'
      })
    }
    throw oauthError(400, 'unsupported_grant_type')
  })

  server.route('POST', '/o/revoke_token/', async (req) => {
    const form = await req.form()
    const token = form.get('token') ?? ''
    if (!token) throw oauthError(400, 'invalid_request', 'Missing token parameter.')
    const client = clientFromRequest(ctx, req, form)
    const hint = form.get('token_type_hint') ?? ''
    const revokeAccess = (): boolean => {
      const access = ctx.store.accessTokens.get(token)
      if (!access || access.client_id !== client.client_id) return false
      // Only the access token goes; its refresh token survives, pointing at nothing (§1.6 trap).
      ctx.store.accessTokens.delete(token)
      return true
    }
    const revokeRefresh = (): boolean => {
      const refresh = ctx.store.refreshTokens.get(token)
      if (!refresh || refresh.client_id !== client.client_id) return false
      refresh.revoked = ctx.clock.now()
      if (refresh.access_token) ctx.store.accessTokens.delete(refresh.access_token)
      refresh.access_token = null
      return true
    }
    if (hint === 'refresh_token') {
      if (!revokeRefresh()) revokeAccess()
    } else if (!revokeAccess()) {
      revokeRefresh()
    }
    return empty(200)
  })

  // DOT's self-service application list: any logged-in user may see it (obico-api.md §1.4).
  server.route('GET', '/o/applications/', (req) => {
    const user = sessionUser(ctx, req)
    if (!user) return loginRedirect(req)
    return html(
      200,
      applicationsPage(ctx.store.clients.filter((c) => c.user_id === user.id).map((c) => c.name))
    )
  })

  server.route(['GET', 'POST'], '/o/introspect/', async (req) => {
    const form = req.method === 'POST' ? await req.form() : req.query
    let client: ObicoClient
    try {
      client = clientFromRequest(ctx, req, form)
    } catch {
      throw new HttpError(403, '')
    }
    if (client.client_type !== 'confidential') throw new HttpError(403, '')
    const token = activeAccessToken(ctx, form.get('token') ?? '')
    if (!token) return json(200, { active: false })
    return json(200, {
      active: true,
      scope: token.scope,
      exp: Math.floor(token.expires / 1000),
      client_id: token.client_id,
      username: ctx.store.user(token.user_id)?.email ?? null
    })
  })
}
