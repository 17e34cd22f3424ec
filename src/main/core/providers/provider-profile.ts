import type {
  CredentialKind,
  IdentityField,
  ProviderId,
  RedirectKind
} from '../../../shared/models/account'
import { LOOPBACK_REDIRECT_URI } from '../../../shared/redirects'
import type { HttpClient } from '../http'

/**
 * The shape of a provider profile: everything Printdock knows about one kind of server, as data.
 * Behaviour that data cannot express (reading an identity, odd revocation) lives in a small
 * `ProviderAdapter` per provider (`providers/<provider>.ts`).
 */

/** The loopback redirect Printdock registers with every provider (src/shared/redirects.ts). */
export const PRINTDOCK_LOOPBACK_URI = LOOPBACK_REDIRECT_URI

/** The endpoints an account may use. */
export type EndpointName = 'authorize' | 'token' | 'revoke' | 'identity' | 'register' | 'logout'

/** Paths relative to the server origin (e.g. `/o/token/`). */
export type EndpointPaths = Partial<Record<EndpointName, string>>

/** Absolute endpoint URLs for one account, after defaults and overrides are applied. */
export type ResolvedEndpoints = Partial<Record<EndpointName, string>>

/** How an API call carries a credential. */
export type ApiAuthScheme = { kind: 'bearer' } | { kind: 'header'; name: string }

/** When Printdock asks for a new access token. */
export type RefreshTrigger =
  /** Only after the API rejects the token (Obico: 100-year tokens, obico-api.md §6 item 4). */
  | 'dead-token'
  /** Shortly before `expiresAt`, and after the API rejects the token. */
  | 'expiry-or-dead-token'
  /** Never: a dead or expired token means linking again. */
  | 'none'

/** Where the access token's expiry comes from. */
export type ExpirySource = 'expires-in' | 'jwt-exp' | 'none'

/** Which secret the user must bring, beyond the client ID. */
export type ClientSecretNeed = 'none' | 'optional' | 'required'

/** What one provider profile can do. */
export interface ProfileCapabilities {
  oauth: boolean
  pastedToken: boolean
  apiKey: boolean
  password: boolean
  registration: boolean
}

/** One provider profile, as data. */
export interface ProviderProfile {
  /** Stable key, e.g. 'obico-cloud'. */
  key: string
  provider: ProviderId
  label: string
  description: string
  server: {
    /** Default origin; absent when the user must give one. */
    defaultUrl?: string
    /** True when the user must type a server URL. */
    required: boolean
    /**
     * False when another profile covers other servers (Obico Cloud: "Obico (self-hosted)" is the
     * way to another Obico, with its own client ID); default true.
     */
    otherServersAllowed?: boolean
  }
  /** Endpoint paths relative to the server origin. */
  endpoints: EndpointPaths
  /**
   * Absolute URLs that replace `endpoints` when the account uses `server.defaultUrl`: the hosted
   * service spreads its endpoints over several hosts (e.g. Makeprintable's authorize page lives on
   * makeprintable.com, its API on api.makeprintable.com). A custom server URL (a fake, a
   * self-hosted copy) serves every path from one origin.
   */
  defaultHostEndpoints?: EndpointPaths
  /**
   * A second server some endpoints live on (Octoblu: the Meshblu API beside the OAuth provider,
   * providers.md §2.5). Those endpoints resolve against the account's API origin when given,
   * else `defaultUrl` on the hosted service, else the server origin.
   */
  apiServer?: { endpoints: EndpointName[]; defaultUrl: string; label: string }
  redirect: {
    defaultKind: RedirectKind
    /** The fixed loopback URI to register, without a port (RFC 8252 §7.3). */
    loopbackUri: string
    /** Whether the provider's redirect check lets a private-use scheme through. */
    acceptsCustomScheme: boolean
    /** Whether a port-less loopback registration matches any port (RFC 8252 §7.3). */
    acceptsLoopbackAnyPort: boolean
  }
  authorize: {
    /** The `response_type` value. Makeprintable wants `authorization_code` (providers.md §1.2). */
    responseType: string
    /** Send a PKCE challenge. */
    pkce: boolean
    scope?: string
    extraParams?: Record<string, string>
  }
  token: {
    style: 'form' | 'json'
    clientAuth: 'body' | 'basic' | 'none'
  }
  revoke: {
    /** RFC 7009 endpoint or a provider-specific revocation in the adapter. */
    supported: boolean
    /** Which token to revoke when both exist. */
    prefer: 'refresh-token' | 'access-token'
    sendTokenTypeHint: boolean
  }
  /** How API calls authenticate, per credential kind. */
  apiAuth: Partial<Record<CredentialKind, ApiAuthScheme>>
  /** Statuses that mean "this token is dead" (Obico and Meshblu answer 403, not 401). */
  deadTokenStatuses: number[]
  lifetime: {
    refresh: RefreshTrigger
    expiry: ExpirySource
    /** Access-token lifetime the reference documents, for display and tests. */
    documentedSeconds?: number
    note: string
  }
  capabilities: ProfileCapabilities
  client: {
    /** Build-time variable that may carry a registered client ID (never a secret). */
    envVar?: string
    /** The user must type the client ID (no registration can be shipped). */
    userMustSupplyId: boolean
    /** OAuth needs a client ID at all. */
    idRequired: boolean
    secret: ClientSecretNeed
  }
}

/** Who the credential belongs to. */
export interface ProviderIdentity {
  /** Stable user id on that server; part of the account id. */
  userId: string
  displayName: string
  identity: IdentityField[]
}

/** What an adapter gets to talk to the server with. */
export interface AdapterContext {
  http: HttpClient
  profile: ProviderProfile
  endpoints: ResolvedEndpoints
  serverOrigin: string
  credential: CredentialKind
  accessToken: string
  /** Extra facts from the token response (e.g. OIDC id_token), never logged. */
  tokenResponse?: Record<string, unknown>
  clientId?: string
  /**
   * The user id of the account being linked again (or verified), when there is one. An adapter
   * whose server names no user (Makeprintable with no items) keeps it, so a re-link updates that
   * account instead of adding another.
   */
  previousUserId?: string
}

/** Revocation input for adapters with their own revocation. */
export interface RevokeContext extends AdapterContext {
  refreshToken?: string
  clientSecret?: string
}

/** Provider behaviour that is not plain data. */
export interface ProviderAdapter {
  /** Reads who the credential belongs to. Throws AppError (dead token → 'auth/invalid-credentials'). */
  fetchIdentity(ctx: AdapterContext): Promise<ProviderIdentity>
  /** Refines `deadTokenStatuses` with the body (e.g. Obico's 403 detail). Default: status only. */
  isDeadToken?(status: number, bodyText: string): boolean
  /** Revocation that is not RFC 7009 (Meshblu token delete, Zebbra logout). Resolves true when done. */
  revoke?(ctx: RevokeContext): Promise<boolean>
}
