import { AppError } from '../errors'
import { authHeaders, fetchIdentityDocument, fields, nested, text } from './adapter-support'
import {
  PRINTDOCK_LOOPBACK_URI,
  type ProviderAdapter,
  type ProviderProfile
} from './provider-profile'

/**
 * Octoblu OAuth provider + Meshblu v2 HTTP API. Facts from shared/reference/providers.md §2 and
 * seeds/octoblu-meshblu-oauth.txt.
 */

/** Octoblu: OAuth on oauth.octoblu.com, the API (whoami) on meshblu.octoblu.com. */
export const octobluProfile: ProviderProfile = {
  key: 'octoblu',
  provider: 'octoblu',
  label: 'Octoblu (Meshblu)',
  description:
    'Devices on an Octoblu (Meshblu) server. Sign in through the browser with an app you set up in Octoblu.',
  server: { defaultUrl: 'https://oauth.octoblu.com', required: false },
  endpoints: {
    authorize: '/authorize',
    token: '/access_token',
    identity: '/v2/whoami',
    // Meshblu's "revoke one token" route (§2.6); there is no RFC 7009 endpoint.
    revoke: '/devices'
  },
  apiServer: {
    endpoints: ['identity', 'revoke'],
    defaultUrl: 'https://meshblu.octoblu.com',
    label: 'Meshblu'
  },
  redirect: {
    // §2.3: the redirect check is a plain string prefix, so a private-use scheme passes.
    defaultKind: 'custom-scheme',
    loopbackUri: PRINTDOCK_LOOPBACK_URI,
    acceptsCustomScheme: true,
    acceptsLoopbackAnyPort: false
  },
  authorize: { responseType: 'code', pkce: false },
  // §2.4: oauth2-server 2.4.1 insists on a form-encoded POST; the answer is JSON.
  token: { style: 'form', clientAuth: 'body' },
  revoke: { supported: true, prefer: 'access-token', sendTokenTypeHint: false },
  // §2.5: the access token is base64("<uuid>:<token>") and goes in as a Bearer value.
  apiAuth: { oauth: { kind: 'bearer' } },
  // §2.6: bad credentials are 403 with an empty body, not 401.
  deadTokenStatuses: [401, 403],
  lifetime: {
    refresh: 'none',
    expiry: 'none',
    note: 'Tokens never expire (no expires_in); the refresh token is a just-revoked session token, so it is useless (§2.4).'
  },
  capabilities: {
    oauth: true,
    pastedToken: false,
    apiKey: false,
    password: false,
    registration: false
  },
  client: {
    envVar: 'PRINTDOCK_OCTOBLU_CLIENT_ID',
    userMustSupplyId: false,
    idRequired: true,
    // §2.2, §2.4: client secret = the OAuth device's token, required at /access_token.
    secret: 'required'
  }
}

/** Splits base64("uuid:token") (§2.5), or undefined when it is not that shape. */
export function decodeMeshbluToken(
  accessToken: string
): { uuid: string; token: string } | undefined {
  let decoded: string
  try {
    decoded = Buffer.from(accessToken, 'base64').toString('utf8')
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(':')
  if (colon <= 0 || colon === decoded.length - 1) return undefined
  return { uuid: decoded.slice(0, colon).trim(), token: decoded.slice(colon + 1).trim() }
}

/** Reads `/v2/whoami` (§2.6): the user device; its uuid is the user id. */
export const octobluAdapter: ProviderAdapter = {
  async fetchIdentity(ctx) {
    const device = await fetchIdentityDocument(ctx, octobluAdapter)
    const uuid = text(device.uuid)
    if (!uuid)
      throw new AppError('network/bad-response', 'Meshblu did not say which device this is.')
    const octoblu = nested(device.octoblu)
    const name = text(device.name) ?? text(octoblu.name)
    const email = text(device.email) ?? text(octoblu.email)
    return {
      userId: uuid,
      displayName: name ?? email ?? uuid,
      identity: fields(
        ['UUID', uuid],
        ['Name', name],
        ['Email', email],
        ['Type', text(device.type)]
      )
    }
  },
  isDeadToken(status, bodyText) {
    // §2.6: Meshblu's forbid task answers 403 with an empty body; a 403 with a body is something else.
    if (status === 403) return bodyText.trim() === ''
    return status === 401
  },
  async revoke(ctx) {
    const parts = decodeMeshbluToken(ctx.accessToken)
    const base = ctx.endpoints.revoke
    if (!parts || !base) return false
    // DELETE /devices/:uuid/tokens/:token, authenticated as the user (§2.6).
    const url = `${base}/${encodeURIComponent(parts.uuid)}/tokens/${encodeURIComponent(parts.token)}`
    const response = await ctx.http.request({
      method: 'DELETE',
      url,
      headers: authHeaders(ctx.profile, ctx.credential, ctx.accessToken)
    })
    return response.status >= 200 && response.status < 300
  }
}
