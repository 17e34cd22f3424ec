import {
  fetchIdentityDocument,
  fields,
  joinTexts,
  nested,
  text,
  unnamedUserError
} from './adapter-support'
import {
  PRINTDOCK_LOOPBACK_URI,
  type ProviderAdapter,
  type ProviderProfile
} from './provider-profile'

/**
 * Omniport `open_auth` (channeli.in). Facts from shared/reference/providers.md §3 and
 * seeds/omniport-oauth.txt.
 */

/** Omniport at channeli.in; self-hosted instances use their own origin. */
export const omniportProfile: ProviderProfile = {
  key: 'omniport',
  provider: 'omniport',
  label: 'Omniport',
  description:
    'Channel i (channeli.in) accounts of IIT Roorkee members. Needs an app its administrators approved.',
  server: { defaultUrl: 'https://channeli.in', required: false },
  endpoints: {
    // §3.3: the user-facing page is the React route /oauth/authorise/, not /open_auth/authorise/ (POST only).
    authorize: '/oauth/authorise/',
    token: '/open_auth/token/',
    revoke: '/open_auth/revoke_token/',
    identity: '/open_auth/get_user_data/'
  },
  redirect: {
    // §3.4: DOT only redirects to http/https; loopback with any port on 127.0.0.1.
    defaultKind: 'loopback',
    loopbackUri: PRINTDOCK_LOOPBACK_URI,
    acceptsCustomScheme: false,
    acceptsLoopbackAnyPort: true
  },
  // §3.3: the consent page drops code_challenge, so PKCE cannot be used.
  authorize: { responseType: 'code', pkce: false },
  token: { style: 'form', clientAuth: 'body' },
  // Seed doc "Logging out the user": token_type_hint is required; refresh-token revocation ends both.
  revoke: { supported: true, prefer: 'refresh-token', sendTokenTypeHint: true },
  apiAuth: { oauth: { kind: 'bearer' } },
  deadTokenStatuses: [401],
  lifetime: {
    refresh: 'expiry-or-dead-token',
    expiry: 'expires-in',
    documentedSeconds: 36_000,
    note: 'Access tokens last 36000 s (10 h); refresh tokens never expire and rotate (§3.2, §3.5).'
  },
  capabilities: {
    oauth: true,
    pastedToken: false,
    apiKey: false,
    password: false,
    registration: false
  },
  client: {
    envVar: 'PRINTDOCK_OMNIPORT_CLIENT_ID',
    userMustSupplyId: false,
    idRequired: true,
    // Seed doc: client_secret is required on token, refresh and revoke.
    secret: 'required'
  }
}

/** Reads `/open_auth/get_user_data/` (§3.6): camelCase keys, `userId` always present. */
export const omniportAdapter: ProviderAdapter = {
  async fetchIdentity(ctx) {
    const data = await fetchIdentityDocument(ctx, omniportAdapter)
    const userId = text(data.userId) ?? text(data.user_id)
    if (!userId) throw unnamedUserError(ctx.profile.label)
    const person = nested(data.person)
    const contact = nested(data.contactInformation)
    const fullName = text(person.fullName) ?? text(person.shortName)
    const roles = joinTexts(person.roles, 'role')
    const username = text(data.username)
    const email = text(contact.instituteWebmailAddress) ?? text(contact.emailAddress)
    return {
      userId,
      displayName: fullName ?? username ?? email ?? `User ${userId}`,
      identity: fields(
        ['Full name', fullName],
        ['Roles', roles],
        ['Username', username],
        ['Email', email]
      )
    }
  }
}
