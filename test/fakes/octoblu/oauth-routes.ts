import { randomBytes } from 'node:crypto'
import {
  cookieSessionUser,
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
import { oauthTokenTag, type MeshbluDevice, type MeshbluStore } from './meshblu-store'

/** What the OAuth provider routes need. */
export interface OctobluOAuthContext {
  server: FakeServer
  store: MeshbluStore
  /** The provider's own device uuid (part of the token tag, §2.4). */
  providerUuid: string
  pepper: string
  settings: { autoApprove: boolean }
}

const SESSION_COOKIE = 'octoblu_session'
/** oauth2-server 2.x `regex.clientId` (providers.md §2.4). */
const CLIENT_ID_PATTERN = /^[a-z0-9-_]{3,40}$/i
/** oauth2-server 2.x `regex.grantType`. */
const GRANT_TYPE_PATTERN = /^(https?:\/\/.+|[a-z_]+)$/i

/** oauth2-server 2.x error → HTTP status (providers.md §2.4 table). */
function oauthError(error: string, description: string): HttpError {
  const status =
    error === 'invalid_client' || error === 'invalid_request' || error === 'invalid_grant'
      ? 400
      : error === 'invalid_token'
        ? 401
        : error === 'server_error'
          ? 503
          : 500
  const headers: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' }
  if (error === 'invalid_client') headers['www-authenticate'] = 'Basic realm="Service"'
  return new HttpError(status, { code: status, error, error_description: description }, headers)
}

function page(title: string, body: string): string {
  return htmlPage(title, ' - Octoblu', body)
}

/** The registered callback URLs of an OAuth device (`options.callbackUrl`, string or array). */
function callbackUrls(client: MeshbluDevice): string[] {
  const value = (client.doc.options as { callbackUrl?: string | string[] } | undefined)?.callbackUrl
  if (!value) return []
  return Array.isArray(value) ? value : [value]
}

/**
 * Redirect URI rule: plain string prefix, `requested.indexOf(registered) === 0`, no host or port
 * parsing (providers.md §2.3, [code]). The docs page describes host/port checks; the code wins.
 */
export function redirectAllowed(client: MeshbluDevice, requested: string): boolean {
  return callbackUrls(client).some((registered) => requested.indexOf(registered) === 0)
}

/** Adds params to a redirect URI's query; the fragment is dropped (§2.3). */
function addToQuery(uri: string, params: Record<string, string | undefined>): URL {
  const url = new URL(uri)
  url.hash = ''
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value)
  return url
}

/** Mounts /authorize, the consent app (/login, /oauth/:clientId), /auth_code, /client_token, /access_token. */
export function mountOAuthRoutes(ctx: OctobluOAuthContext): void {
  const { server, store } = ctx

  server.route('GET', '/authorize', (req) => {
    const clientId = req.query.get('client_id')
    if (!clientId) throw new HttpError(400, { error: 'Missing clientId' })
    const client = store.devices.get(clientId)
    if (!client) throw new HttpError(400, { error: 'Client Not Found' })
    // The provider reads the app device with its own credentials: it must be discoverable (§2.2).
    if (!store.canDiscover(ctx.providerUuid, client))
      throw new HttpError(400, { error: 'Unable to get Client' })
    const responseType = req.query.get('response_type') ?? ''
    const target = new URLSearchParams({
      state: req.query.get('state') ?? '',
      redirect: responseType === 'token' ? '/client_token' : '/auth_code',
      redirect_uri: req.query.get('redirect_uri') ?? callbackUrls(client)[0] ?? '',
      response_type: responseType
    })
    // OCTOBLU_BASE_URL (app.octoblu.com) is this same fake origin.
    return redirect(`${server.baseUrl}/oauth/${encodeURIComponent(clientId)}?${target.toString()}`)
  })

  server.route('GET', '/login', (req) =>
    html(200, loginPage(req.query.get('callbackUrl') ?? '/', ''))
  )
  server.route('POST', '/login', async (req) => {
    const form = await req.form()
    const back = form.get('callbackUrl') ?? '/'
    const entry = [...store.passwords.entries()].find(
      ([, cred]) => cred.username === form.get('username') && cred.password === form.get('password')
    )
    if (!entry) return html(200, loginPage(back, 'Invalid username or password.'))
    return redirect(sameSitePath(back), 302, { 'set-cookie': startSession(store, entry[0]) })
  })
  server.route('GET', '/', () => html(200, page('Octoblu', '<p>Your things.</p>')))

  server.route('GET', '/oauth/:clientId', (req) => {
    const client = store.devices.get(req.params.clientId!)
    if (!client) return html(404, page('Not found', '<p>Unknown application.</p>'))
    let userUuid = sessionUser(req, store)
    const headers: Record<string, string> = {}
    if (!userUuid && ctx.settings.autoApprove) {
      userUuid = store.passwords.keys().next().value
      if (userUuid) headers['set-cookie'] = startSession(store, userUuid)
    }
    if (!userUuid)
      return redirect(`/login?callbackUrl=${encodeURIComponent(req.url.pathname + req.url.search)}`)
    const user = store.devices.get(userUuid)!
    const remembered =
      (user.doc.octoblu as { oauth?: { clients?: Record<string, boolean> } } | undefined)?.oauth
        ?.clients?.[client.uuid] === true
    // Consent is remembered per app on the user device (§2.3); auto-approve acts the same.
    if (remembered || ctx.settings.autoApprove)
      return redirect(allow(ctx, user, client, req.query), 302, headers)
    return html(200, consentPage(client, req.query))
  })

  server.route('POST', '/oauth/:clientId', async (req) => {
    const client = store.devices.get(req.params.clientId!)
    const userUuid = sessionUser(req, store)
    if (!client || !userUuid) throw new HttpError(403, 'Forbidden')
    const form = await req.form()
    if (form.get('action') !== 'allow') {
      // Cancel never reaches the client with an error (§2.3): cancel_uri or the Octoblu app.
      const cancel = form.get('cancel_uri')
      return redirect(cancel || '/')
    }
    return redirect(allow(ctx, store.devices.get(userUuid)!, client, form))
  })

  server.route('GET', '/auth_code', (req) => authCode(ctx, req.query))
  server.route('GET', '/client_token', (req) => clientToken(ctx, req.query))
  // `app.all('/access_token', oauth.grant())`: every method reaches the grant, which then demands
  // POST with a form body (§2.4).
  server.route(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/access_token', (req) =>
    accessToken(ctx, req)
  )
  server.route('GET', '/healthcheck', () => json(200, { online: true }))
  server.route('GET', '/version', () => json(200, { version: '2.7.9' }))
}

function startSession(store: MeshbluStore, userUuid: string): string {
  const id = randomBytes(18).toString('base64url')
  return startCookieSession(store.sessions, SESSION_COOKIE, id, userUuid)
}

function sessionUser(req: FakeRequest, store: MeshbluStore): string | undefined {
  return cookieSessionUser(req, store.sessions, SESSION_COOKIE)
}

/** Allow: remember consent, mint an exchange session token, hand it to the provider (§2.3). */
function allow(
  ctx: OctobluOAuthContext,
  user: MeshbluDevice,
  client: MeshbluDevice,
  params: URLSearchParams
): string {
  const octoblu = (user.doc.octoblu ??= {}) as { oauth?: { clients?: Record<string, boolean> } }
  octoblu.oauth ??= {}
  octoblu.oauth.clients ??= {}
  octoblu.oauth.clients[client.uuid] = true
  const token = ctx.store.generateToken(user.uuid, ctx.server.clock.now(), {
    tag: `oauth-exchange-${client.uuid}`
  })
  const redirectPath = params.get('redirect') === '/client_token' ? '/client_token' : '/auth_code'
  const query = new URLSearchParams({
    response_type: params.get('response_type') ?? '',
    client_id: client.uuid,
    redirect_uri: params.get('redirect_uri') ?? '',
    token,
    uuid: user.uuid,
    // The Angular page interpolates a missing state as the literal "undefined" (§2.3).
    state: params.get('state') || 'undefined'
  })
  return `${ctx.server.baseUrl}${redirectPath}?${query.toString()}`
}

function requireAuthorizeParams(
  ctx: OctobluOAuthContext,
  query: URLSearchParams,
  responseType: string
): MeshbluDevice {
  if (query.get('response_type') !== responseType) {
    throw oauthError(
      'invalid_request',
      `Invalid response_type parameter (must be "${responseType}")`
    )
  }
  const clientId = query.get('client_id') ?? ''
  if (!CLIENT_ID_PATTERN.test(clientId))
    throw oauthError('invalid_request', 'Invalid or missing client_id parameter')
  const redirectUri = query.get('redirect_uri')
  if (!redirectUri) throw oauthError('invalid_request', 'Invalid or missing redirect_uri parameter')
  const client = ctx.store.devices.get(clientId)
  if (!client) throw oauthError('invalid_client', 'Invalid client credentials')
  if (!redirectAllowed(client, redirectUri))
    throw oauthError('invalid_request', 'redirect_uri does not match')
  return client
}

function authCode(ctx: OctobluOAuthContext, query: URLSearchParams) {
  const client = requireAuthorizeParams(ctx, query, 'code')
  const redirectUri = query.get('redirect_uri')!
  const uuid = query.get('uuid') ?? ''
  const token = query.get('token') ?? ''
  if (!ctx.store.authenticate(uuid, token)) {
    // After validation, errors go to the client with the numeric status in `code` (§2.3).
    return redirect(
      addToQuery(redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied access to your application',
        code: '400',
        state: query.get('state') ?? undefined
      }).toString()
    )
  }
  // code = base64("<client_id>:<userUuid>:<sessionToken>") (§2.3).
  const code = Buffer.from(`${client.uuid}:${uuid}:${token}`).toString('base64')
  return redirect(
    addToQuery(redirectUri, { code, state: query.get('state') ?? undefined }).toString()
  )
}

function clientToken(ctx: OctobluOAuthContext, query: URLSearchParams) {
  const client = requireAuthorizeParams(ctx, query, 'token')
  const redirectUri = query.get('redirect_uri')!
  const exchanged = exchange(ctx, client.uuid, query.get('uuid') ?? '', query.get('token') ?? '')
  const url = addToQuery(redirectUri, {
    access_token: exchanged.access_token,
    token_type: 'bearer',
    state: query.get('state') ?? undefined
  })
  // Implicit: the same params in the query and, re-serialised, in the fragment (§2.3).
  url.hash = url.searchParams.toString()
  return redirect(url.toString())
}

/**
 * The token exchange (`generateToken`, §2.4): act as the user, revoke every token this provider
 * issued them, mint a new tagged one, revoke the session token that came in the code.
 */
function exchange(ctx: OctobluOAuthContext, clientId: string, uuid: string, sessionToken: string) {
  const { store } = ctx
  if (!store.authenticate(uuid, sessionToken)) {
    // Meshblu refuses the revoked/unknown session token; the provider turns it into server_error.
    throw oauthError('server_error', 'Meshblu Error: Forbidden')
  }
  const tag = oauthTokenTag(ctx.providerUuid, uuid, ctx.pepper)
  store.revokeByTag(uuid, tag)
  const fresh = store.generateToken(uuid, ctx.server.clock.now(), { tag, clientId })
  store.revokeToken(uuid, sessionToken)
  return {
    token_type: 'bearer',
    access_token: Buffer.from(`${uuid}:${fresh}`).toString('base64'),
    // base64(uuid:<the session token just revoked>): practically useless (§2.4).
    refresh_token: Buffer.from(`${uuid}:${sessionToken}`).toString('base64')
  }
}

function decodeBasic(header: string | undefined): { name: string; pass: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { name: decoded.slice(0, colon), pass: decoded.slice(colon + 1) }
}

async function accessToken(ctx: OctobluOAuthContext, req: FakeRequest) {
  const noCache = { 'cache-control': 'no-store', pragma: 'no-cache' }
  // oauth2-server 2.4.1 extractCredentials: POST + application/x-www-form-urlencoded only (§2.4).
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (req.method !== 'POST' || type !== 'application/x-www-form-urlencoded') {
    req.raw.resume()
    throw oauthError(
      'invalid_request',
      'Method must be POST with application/x-www-form-urlencoded encoding'
    )
  }
  const body = await req.form()
  const grantType = body.get('grant_type') ?? ''
  if (!grantType || !GRANT_TYPE_PATTERN.test(grantType)) {
    throw oauthError('invalid_request', 'Invalid or missing grant_type parameter')
  }
  // HTTP Basic takes precedence over the body (§2.4).
  const basic = decodeBasic(req.headers.authorization)
  const clientId = basic?.name ?? body.get('client_id') ?? ''
  const clientSecret = basic?.pass ?? body.get('client_secret') ?? ''
  if (!CLIENT_ID_PATTERN.test(clientId))
    throw oauthError('invalid_client', 'Invalid or missing client_id parameter')
  if (!clientSecret) throw oauthError('invalid_client', 'Missing client_secret parameter')
  // The provider fetches the client device as clientId:clientSecret; any failure → invalid_client.
  if (!ctx.store.authenticate(clientId, clientSecret))
    throw oauthError('invalid_client', 'Unable to get Client')

  let result: ReturnType<typeof exchange>
  switch (grantType.toLowerCase()) {
    case 'authorization_code': {
      const code = body.get('code')
      if (!code) throw oauthError('invalid_request', 'No "code" parameter')
      const [codeClient, uuid, token] = Buffer.from(code, 'base64').toString('utf8').split(':')
      // redirect_uri is not checked at this step by oauth2-server 2.4.1 (§2.4).
      if (codeClient !== clientId || !uuid || !token)
        throw oauthError('invalid_grant', 'Invalid code')
      // Codes expire "now + 1 year" as computed when read: never, in practice (§2.3).
      result = exchange(ctx, clientId, uuid, token)
      break
    }
    case 'client_credentials': {
      // Re-encodes client_id:uuid:token from params and exchanges that device's token (§2.4).
      const uuid = body.get('uuid') ?? req.query.get('uuid') ?? ''
      const token = body.get('token') ?? req.query.get('token') ?? ''
      result = exchange(ctx, clientId, uuid, token)
      break
    }
    case 'refresh_token': {
      const refresh = body.get('refresh_token')
      if (!refresh) throw oauthError('invalid_request', 'No "refresh_token" parameter')
      const [uuid = '', token = ''] = Buffer.from(refresh, 'base64').toString('utf8').split(':')
      // The refresh token names a session token the exchange already revoked, so this fails
      // unless that token somehow still lives (fake reading of §2.4 "practically useless").
      if (!ctx.store.authenticate(uuid, token))
        throw oauthError('invalid_grant', 'Invalid refresh token')
      result = exchange(ctx, clientId, uuid, token)
      break
    }
    default:
      throw oauthError('invalid_request', 'Invalid grant_type parameter or parameter missing')
  }
  return json(200, result, noCache)
}

/** Issues a token the way an exchange would (revoking earlier ones); for tests and the demo. */
export function issueAccessToken(
  ctx: OctobluOAuthContext,
  clientId: string,
  userUuid: string
): string {
  const session = ctx.store.generateToken(userUuid, ctx.server.clock.now(), {
    tag: `oauth-exchange-${clientId}`
  })
  return exchange(ctx, clientId, userUuid, session).access_token
}

function loginPage(back: string, error: string): string {
  return page(
    'Sign in to Octoblu',
    loginForm({
      action: '/login',
      back: { name: 'callbackUrl', value: back },
      user: { label: 'Username', name: 'username' },
      submit: 'Sign in',
      error
    })
  )
}

function consentPage(client: MeshbluDevice, query: URLSearchParams): string {
  const options = (client.doc.options ?? {}) as {
    name?: string
    imageUrl?: string
    description?: string
  }
  const hidden = hiddenInputs(
    Object.fromEntries(
      ['redirect', 'redirect_uri', 'response_type', 'state', 'cancel_uri'].map((name) => [
        name,
        query.get(name) ?? ''
      ])
    )
  )
  return page(
    'Authorize',
    `${options.imageUrl ? `<img src="${escapeHtml(options.imageUrl)}" alt="" width="64" height="64">` : ''}
<p><strong>${escapeHtml(options.name ?? client.uuid)}</strong> would like to access your Octoblu account.</p>
${options.description ? `<p>${escapeHtml(options.description)}</p>` : ''}
<form method="post" action="/oauth/${encodeURIComponent(client.uuid)}">
${hidden}
<button type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>`
  )
}
