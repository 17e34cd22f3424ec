import { fields, text } from './adapter-support'
import { readJwtPayload } from './jwt'
import {
  PRINTDOCK_LOOPBACK_URI,
  type ProviderAdapter,
  type ProviderProfile
} from './provider-profile'

/**
 * Any OAuth 2.0 server with the authorization-code grant. Endpoints come from the link request.
 */

/** Generic OAuth: the user gives the authorize, token and (optional) revoke URLs. */
export const genericProfile: ProviderProfile = {
  key: 'generic',
  provider: 'generic',
  label: 'Other OAuth server',
  description:
    'Any other service with a standard browser sign-in (OAuth 2.0). You give its addresses and client ID.',
  // The server is named by the endpoint URLs the user gives, not by a separate address field.
  server: { required: false },
  endpoints: {},
  redirect: {
    // Loopback is the redirect every RFC 8252 server must allow without OS scheme registration.
    defaultKind: 'loopback',
    loopbackUri: PRINTDOCK_LOOPBACK_URI,
    acceptsCustomScheme: true,
    acceptsLoopbackAnyPort: true
  },
  authorize: { responseType: 'code', pkce: true },
  token: { style: 'form', clientAuth: 'body' },
  revoke: { supported: true, prefer: 'refresh-token', sendTokenTypeHint: true },
  apiAuth: { oauth: { kind: 'bearer' } },
  deadTokenStatuses: [401],
  lifetime: {
    refresh: 'expiry-or-dead-token',
    expiry: 'expires-in',
    note: 'Refreshes before expires_in runs out and after a 401.'
  },
  capabilities: {
    oauth: true,
    pastedToken: false,
    apiKey: false,
    password: false,
    registration: false
  },
  client: { userMustSupplyId: true, idRequired: true, secret: 'optional' }
}

/**
 * A generic server has no known "who am I" call. An OpenID Connect `id_token` in the token response
 * names the user; otherwise the account is one per server and client ID.
 */
export const genericAdapter: ProviderAdapter = {
  async fetchIdentity(ctx) {
    const idToken =
      typeof ctx.tokenResponse?.id_token === 'string' ? ctx.tokenResponse.id_token : undefined
    const claims = idToken ? readJwtPayload(idToken) : undefined
    const sub = text(claims?.sub)
    const host = new URL(ctx.serverOrigin).host
    if (sub) {
      const email = text(claims?.email)
      const name = text(claims?.name) ?? text(claims?.preferred_username)
      return {
        userId: `sub-${sub}`,
        displayName: email ?? name ?? sub,
        identity: fields(['Server', host], ['Email', email], ['Name', name], ['Subject', sub])
      }
    }
    return {
      userId: `client-${ctx.clientId ?? 'default'}`,
      displayName: host,
      identity: fields(['Server', host], ['Client ID', ctx.clientId])
    }
  }
}
