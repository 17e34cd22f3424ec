import {
  authHeaders,
  fetchIdentityDocument,
  fields,
  joinName,
  joinTexts,
  requireEndpoint,
  text,
  unnamedUserError
} from './adapter-support'
import {
  PRINTDOCK_LOOPBACK_URI,
  type ProviderAdapter,
  type ProviderProfile
} from './provider-profile'

/**
 * Zebbra (FastAPI). No third-party OAuth: a password grant that issues an HS256 JWT. Facts from
 * shared/reference/providers.md §4 and seeds/zebbra-oauth.txt.
 */

/** Zebbra, pre-prefix paths as in the published docs (§4.1). */
export const zebbraProfile: ProviderProfile = {
  key: 'zebbra',
  provider: 'zebbra',
  label: 'Zebbra',
  description:
    'Zebbra workspaces. Sign in with your Zebbra user name and password, or create an account.',
  server: { defaultUrl: 'https://zebbra.xyz', required: false },
  endpoints: { token: '/token', identity: '/user', register: '/register', logout: '/logout' },
  redirect: {
    defaultKind: 'loopback',
    loopbackUri: PRINTDOCK_LOOPBACK_URI,
    acceptsCustomScheme: false,
    acceptsLoopbackAnyPort: false
  },
  authorize: { responseType: 'code', pkce: false },
  token: { style: 'form', clientAuth: 'none' },
  // §4.2: POST /logout blacklists the bearer token.
  revoke: { supported: true, prefer: 'access-token', sendTokenTypeHint: false },
  apiAuth: { 'password-grant': { kind: 'bearer' } },
  deadTokenStatuses: [401],
  lifetime: {
    refresh: 'none',
    expiry: 'jwt-exp',
    documentedSeconds: 1800,
    note: 'The JWT carries {sub, exp}; docs say 30 minutes (§4.2). No refresh token: sign in again when it expires.'
  },
  capabilities: {
    oauth: false,
    pastedToken: false,
    apiKey: false,
    password: true,
    registration: true
  },
  client: { userMustSupplyId: false, idRequired: false, secret: 'none' }
}

/** Reads `/user` (§4.4): `_id`, username, names, workspaces. */
export const zebbraAdapter: ProviderAdapter = {
  async fetchIdentity(ctx) {
    const user = await fetchIdentityDocument(ctx, zebbraAdapter)
    const userId = text(user._id)
    if (!userId) throw unnamedUserError(ctx.profile.label)
    const username = text(user.username)
    const name = joinName(user.first_name, user.last_name)
    const workspaces = joinTexts(user.workspaces, 'name')
    return {
      userId,
      displayName: username ?? name ?? userId,
      identity: fields(['Username', username], ['Name', name], ['Workspaces', workspaces])
    }
  },
  async revoke(ctx) {
    const response = await ctx.http.request({
      method: 'POST',
      url: requireEndpoint(ctx, 'logout'),
      headers: authHeaders(ctx.profile, ctx.credential, ctx.accessToken)
    })
    return response.status >= 200 && response.status < 300
  }
}
