import { z } from 'zod'
import { AppError } from '../errors'
import { fetchIdentityDocument, fields, joinName, text, unnamedUserError } from './adapter-support'
import {
  PRINTDOCK_LOOPBACK_URI,
  type ProviderAdapter,
  type ProviderProfile
} from './provider-profile'

/**
 * Obico (cloud and self-hosted). Facts from shared/reference/obico-api.md §1, §2.2 and §6.
 */

/** §1.8: a dead, missing or revoked token answers 403 with this detail, never 401. */
const NO_CREDENTIALS_DETAIL = 'Authentication credentials were not provided.'
const PERMISSION_DETAIL = 'You do not have permission to perform this action.'

const common: Omit<ProviderProfile, 'key' | 'label' | 'description' | 'server' | 'client'> = {
  provider: 'obico',
  // Trailing slashes everywhere: Django's APPEND_SLASH turns POST /o/token into a 301 (§1.4, §6 item 8).
  endpoints: {
    authorize: '/o/authorize/',
    token: '/o/token/',
    revoke: '/o/revoke_token/',
    identity: '/api/v1/users/me/'
  },
  redirect: {
    // Stock DOT 2.3.0 allows only http/https redirect schemes (§1.3), so loopback it is.
    defaultKind: 'loopback',
    // Registered without a port; DOT accepts any port for 127.0.0.1 (§1.3).
    loopbackUri: PRINTDOCK_LOOPBACK_URI,
    acceptsCustomScheme: false,
    acceptsLoopbackAnyPort: true
  },
  authorize: { responseType: 'code', pkce: true },
  token: { style: 'form', clientAuth: 'body' },
  // §6 item 5: revoke the REFRESH token; revoking only the access token makes a later refresh 500.
  revoke: { supported: true, prefer: 'refresh-token', sendTokenTypeHint: true },
  // §1.8, §6 item 7: Bearer is preferred; X-API-KEY works but logs in a cookie session.
  apiAuth: { oauth: { kind: 'bearer' }, 'pasted-token': { kind: 'bearer' } },
  deadTokenStatuses: [403],
  lifetime: {
    refresh: 'dead-token',
    expiry: 'none',
    documentedSeconds: 3_153_600_000,
    note: 'Access tokens last 100 years (§1.2); refresh when the API answers 403 (§6 item 4). Every refresh rotates the refresh token.'
  },
  capabilities: {
    oauth: true,
    pastedToken: true,
    apiKey: false,
    password: false,
    registration: false
  }
}

/** Obico Cloud at app.obico.io. */
export const obicoCloudProfile: ProviderProfile = {
  ...common,
  key: 'obico-cloud',
  label: 'Obico Cloud',
  description: 'Your printers on app.obico.io. Sign in through the browser.',
  server: { defaultUrl: 'https://app.obico.io', required: false, otherServersAllowed: false },
  client: {
    envVar: 'PRINTDOCK_OBICO_CLIENT_ID',
    userMustSupplyId: false,
    idRequired: true,
    // Public client with PKCE; a confidential registration may bring a secret (§1.7).
    secret: 'optional'
  }
}

/** A self-hosted Obico server: the operator registers Printdock, so the user brings the client ID. */
export const obicoSelfHostedProfile: ProviderProfile = {
  ...common,
  key: 'obico-self-hosted',
  label: 'Obico (self-hosted)',
  description:
    'An Obico server you or your club run. You register Printdock on it once (the steps are shown), or paste a token from its administrator.',
  server: { required: true },
  client: {
    // obico-api.md §5 (#934): our client ID is not registered on a self-hosted server.
    userMustSupplyId: true,
    idRequired: true,
    secret: 'optional'
  }
}

/**
 * The part of `/api/v1/users/me/` (§2.2) Printdock reads. Django serialises the id as a number and
 * the rest as strings (possibly empty or null); anything else is not Obico's answer, and taking it
 * as text would name an account "42". Other keys pass: newer servers add fields.
 */
const obicoUserSchema = z.object({
  id: z.union([z.number().int().nonnegative(), z.string()]),
  email: z.string().nullish(),
  username: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish()
})

/** Reads `/api/v1/users/me/` (§2.2): id, email, names. */
export const obicoAdapter: ProviderAdapter = {
  async fetchIdentity(ctx) {
    const parsed = obicoUserSchema.safeParse(await fetchIdentityDocument(ctx, obicoAdapter))
    if (!parsed.success) {
      const fieldsInError = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))]
      throw new AppError(
        'network/bad-response',
        `${ctx.profile.label} described the signed-in user in a form Printdock does not know ` +
          `(unexpected ${fieldsInError.join(', ') || 'content'}). Check the server address.`
      )
    }
    const me = parsed.data
    const userId = text(me.id)
    if (!userId) throw unnamedUserError(ctx.profile.label)
    const email = text(me.email)
    const name = joinName(me.first_name, me.last_name)
    const username = text(me.username)
    return {
      userId,
      displayName: email ?? username ?? name ?? `User ${userId}`,
      identity: fields(['Email', email], ['Name', name], ['Username', username])
    }
  },
  isDeadToken(status, bodyText) {
    if (status !== 403) return false
    // A 403 "no permission" is a refused action, not a dead token (§2.1 error table).
    try {
      const detail = (JSON.parse(bodyText) as { detail?: unknown }).detail
      if (detail === PERMISSION_DETAIL) return false
      return detail === NO_CREDENTIALS_DETAIL || typeof detail === 'string'
    } catch {
      return true
    }
  }
}
