import { createHash, randomBytes } from 'node:crypto'
import {
  asObject,
  fields,
  getAuthorizedJson,
  nested,
  requireEndpoint,
  text
} from './adapter-support'
import {
  PRINTDOCK_LOOPBACK_URI,
  type ProviderAdapter,
  type ProviderProfile
} from './provider-profile'

/**
 * Makeprintable API v1. Facts from shared/reference/providers.md §1 and seeds/makeprintable-api-auth.txt.
 */

/** Makeprintable, hosted: authorize on makeprintable.com, token and API on api.makeprintable.com. */
export const makeprintableProfile: ProviderProfile = {
  key: 'makeprintable',
  provider: 'makeprintable',
  label: 'Makeprintable',
  description:
    'Repairs broken 3D models. Sign in through the browser, or use the API key from your account settings.',
  server: { defaultUrl: 'https://api.makeprintable.com', required: false },
  endpoints: {
    authorize: '/authorize',
    token: '/v1/token',
    // §1.3: there is no account endpoint in v1; the item list is the cheapest authenticated call.
    identity: '/v1/items'
  },
  defaultHostEndpoints: { authorize: 'https://makeprintable.com/authorize' },
  redirect: {
    // §1.2: the redirect URI must equal the registered one; no scheme restriction is documented.
    defaultKind: 'custom-scheme',
    loopbackUri: PRINTDOCK_LOOPBACK_URI,
    acceptsCustomScheme: true,
    acceptsLoopbackAnyPort: false
  },
  // §1.2: the value really is `authorization_code`, not RFC 6749's `code`.
  authorize: { responseType: 'authorization_code', pkce: false },
  // §1.2: form body with client_id, client_secret, redirect_uri, grant_type, code.
  token: { style: 'form', clientAuth: 'body' },
  revoke: { supported: false, prefer: 'access-token', sendTokenTypeHint: false },
  // §1.2: `key: <api key>` header for API keys, RFC 6750 Bearer for OAuth tokens.
  apiAuth: { oauth: { kind: 'bearer' }, 'api-key': { kind: 'header', name: 'key' } },
  deadTokenStatuses: [401],
  lifetime: {
    refresh: 'expiry-or-dead-token',
    expiry: 'expires-in',
    note: 'Token lifetime is not documented (§1.2); Printdock uses expires_in when the server sends it.'
  },
  capabilities: {
    oauth: true,
    pastedToken: false,
    apiKey: true,
    password: false,
    registration: false
  },
  client: {
    envVar: 'PRINTDOCK_MAKEPRINTABLE_CLIENT_ID',
    userMustSupplyId: false,
    idRequired: true,
    // §1.2: the token call requires client_secret; the user enters it, it lives in the vault.
    secret: 'required'
  }
}

/** A stable, non-reversible label for a credential when the server names no user. */
export function credentialFingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16)
}

function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body
  const object = nested(body)
  // A Yii2 serializer may wrap the list (providers.md §1.5, inferred).
  for (const key of ['items', 'data', 'results']) {
    if (Array.isArray(object[key])) return object[key] as unknown[]
  }
  return []
}

/**
 * Makeprintable has no "who am I" call (providers.md §1.3, §5). The item list proves the credential;
 * an item's `user_id` names the account when there is one. Otherwise the account is named by the
 * API key's fingerprint or, for OAuth, by a random id made at the first link (kept on re-link
 * through `previousUserId`).
 */
export const makeprintableAdapter: ProviderAdapter = {
  async fetchIdentity(ctx) {
    const body = await getAuthorizedJson(
      ctx,
      makeprintableAdapter,
      requireEndpoint(ctx, 'identity')
    )
    const first = itemsOf(body)[0]
    const ownerId =
      first === undefined ? undefined : text(asObject(first, ctx.profile.label).user_id)
    if (ownerId) {
      return {
        userId: `user-${ownerId}`,
        displayName: `Makeprintable user ${ownerId}`,
        identity: fields(
          ['User ID', ownerId],
          ['Signed in with', ctx.credential === 'api-key' ? 'API key' : 'OAuth']
        )
      }
    }
    if (ctx.credential === 'api-key') {
      const fingerprint = credentialFingerprint(ctx.accessToken)
      return {
        userId: `key-${fingerprint}`,
        displayName: 'Makeprintable API key',
        identity: fields(['Key fingerprint', `sha256:${fingerprint.slice(0, 12)}`])
      }
    }
    // Nothing names the user, and the client ID is shared by every user of the app, so it cannot
    // be the identity: two people linking through the same app would become one account and the
    // second token would overwrite the first. A random id keeps every link apart; a re-link of an
    // account passes its id back in and keeps it. Random rather than a token fingerprint, so nothing
    // derived from the secret is written to the registry or the logs.
    return {
      userId: ctx.previousUserId ?? `oauth-${randomBytes(9).toString('base64url')}`,
      displayName: 'Makeprintable account',
      identity: fields(['Signed in with', 'OAuth'])
    }
  }
}
