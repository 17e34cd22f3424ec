/**
 * Accounts as the renderer sees them: identity and state, never a token.
 */

/** The providers Printdock can link. `obico` covers Obico Cloud and self-hosted servers. */
export const PROVIDER_IDS = [
  'obico',
  'makeprintable',
  'octoblu',
  'omniport',
  'zebbra',
  'generic'
] as const
/** One of `PROVIDER_IDS`. */
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** How an account proves itself to its server. */
export type CredentialKind = 'oauth' | 'pasted-token' | 'api-key' | 'password-grant'

/** Where the browser brings the user back after consent. */
export type RedirectKind = 'custom-scheme' | 'loopback'

/**
 * Lifecycle of one account.
 * - linked: a working credential is stored.
 * - linking: an authorization is pending in the browser.
 * - needs-relink: the server rejected the token, or the keychain could not give it back.
 * - unreachable: the server did not answer; the credential is kept.
 */
export type AccountState = 'linked' | 'linking' | 'needs-relink' | 'unreachable'

/** Where this account's secret lives, so the UI can say it plainly. */
export type SecretStorageKind = 'keychain' | 'safe-storage' | 'memory'

/** One identity line the UI shows, e.g. label "Email", value "maker@example.com". */
export interface IdentityField {
  label: string
  value: string
}

/** A linked (or linking) account, safe to show in the renderer. */
export interface AccountSummary {
  /** Stable id: provider + normalised server origin + user id. */
  id: string
  provider: ProviderId
  /** Human name of the provider/server, e.g. "Obico Cloud" or "Obico (print-farm.local)". */
  providerLabel: string
  /** Normalised origin of the server this account lives on. */
  serverOrigin: string
  /** Short display name: email, username, full name or uuid. */
  displayName: string
  /** Further identity lines (name, roles, workspaces…). */
  identity: IdentityField[]
  state: AccountState
  credential: CredentialKind
  storage: SecretStorageKind
  /** Plain-language detail for needs-relink/unreachable states. */
  stateDetail?: string
  linkedAt: string
  /** True for an account on the built-in demo server ("Try the demo"), which ends with the app. */
  demo?: boolean
}

/** A provider choice on the Accounts screen. */
export interface ProviderOption {
  /** Profile key, e.g. 'obico-cloud', 'obico-self-hosted', 'makeprintable'. */
  key: string
  provider: ProviderId
  label: string
  description: string
  /** Which inputs the link form needs. */
  needsServerUrl: boolean
  needsClientId: boolean
  /** Whether the token endpoint wants a client secret: the user enters it; it goes to the keychain. */
  clientSecret: 'none' | 'optional' | 'required'
  supportsOAuth: boolean
  supportsPastedToken: boolean
  supportsApiKey: boolean
  supportsPassword: boolean
  supportsRegistration: boolean
  defaultRedirect: RedirectKind
  /** Default server origin, where the provider has one. */
  defaultServerUrl?: string
  /** Whether the link form may offer "Use a different server" instead of the default. */
  offersOtherServer: boolean
}

/** A link attempt in progress, as shown on screen. */
export interface PendingLinkSummary {
  attemptId: string
  profileKey: string
  serverOrigin: string
  authorizationUrl: string
  redirectUri: string
  startedAt: string
  expiresAt: string
}
