import type {
  OperationId,
  PasswordSignInRequest,
  StartLinkRequest
} from '../../../shared/ipc/contract'
import type { AccountSummary, PendingLinkSummary } from '../../../shared/models/account'
import type { Clock } from '../clock'
import type { HttpClient, HttpRequest, HttpResponse } from '../http'
import type { Logger } from '../logger'
import type { BrowserLauncher } from '../platform/browser-launcher'
import type { ClientIdSource } from '../providers/profiles'
import type { TokenVault } from '../vault/token-vault'
import type { AccountRegistry } from './account-registry'
import type { AccountService } from './account-service'

/**
 * The public shapes of the account service: what it needs and what it takes beyond the IPC
 * contract. Re-exported by create-account-service.ts, where callers import them from.
 */

/** What the account service needs; everything is injected (core never imports electron). */
export interface AccountServiceDeps {
  vault: TokenVault
  registry: AccountRegistry
  browser: BrowserLauncher
  clock: Clock
  logger: Logger
  /**
   * Every request the service makes: token endpoints, identity, verification, revocation and
   * `authorizedRequest`. Default: `createHttpClient()` on the real clock.
   */
  http?: HttpClient
  /** Whether the OS delivers `printdock:` links to this process (default true). */
  redirect?: { customSchemeAvailable: boolean }
  /**
   * Client IDs keyed by profile key or provider (settings, build-time env). Default: the env.
   * A function is called each time a link starts, so a client ID saved in settings meanwhile is
   * used without a restart.
   */
  clientIds?: ClientIdSource | (() => ClientIdSource)
  /**
   * Folder for cross-process lock files (`<dataDir>/locks`), shared with every other Printdock
   * process on this vault. Without it, refreshes are single-flight inside this process only.
   */
  lockDir?: string
  /** How long a browser attempt may take (default 5 minutes, oauth-and-secrets.md §3.9). */
  linkTimeoutMs?: number
  /**
   * The origin of the demo server while it runs ("Try the demo"), so its accounts are marked as
   * demo accounts in summaries. Asked on each listing: the demo starts and stops while running.
   */
  demoServerOrigin?: () => string | undefined
}

/** StartLinkRequest plus the client secret some providers require (kept only in the vault). */
export type StartLinkInput = StartLinkRequest & {
  clientSecret?: string
  /** The provider's API server when it is not the default (Octoblu: Meshblu, providers.md §2.5). */
  apiServerUrl?: string
}

/** PasswordSignInRequest plus Zebbra's registration choice (providers.md §4.2: exactly one). */
export type PasswordSignInInput = PasswordSignInRequest & {
  register?: PasswordSignInRequest['register'] & { workspaceName?: string; inviteCode?: string }
}

/** An API call made with an account's credential. */
export type AuthorizedRequest = Omit<HttpRequest, 'url'> & {
  /** Absolute URL, or a path resolved against the account's server origin. */
  url: string
  /**
   * Resolve a path against the provider's API server instead (Octoblu: Meshblu, which lives apart
   * from the OAuth server, providers.md §2.5). Ignored for providers with one server.
   */
  onApiServer?: boolean
}

/** The account service plus the extras later API clients and the CLI use. */
export interface PrintdockAccountService extends AccountService {
  startLink(request: StartLinkInput, operationId?: OperationId): Promise<PendingLinkSummary>
  signInWithPassword(request: PasswordSignInInput): Promise<AccountSummary>
  /** Pending browser attempts, oldest first. */
  listPendingLinks(): PendingLinkSummary[]
  /**
   * Says the server rejected `rejectedToken` (Obico: a 403, obico-api.md §6 item 3). Refreshes once
   * (single-flight) and returns the new access token, or marks the account needs-relink and throws
   * AppError 'auth/needs-relink'. If another caller already refreshed, returns the current token.
   */
  reportUnauthorized(accountId: string, rejectedToken?: string): Promise<string>
  /** Sends a request with the account's credential; on a dead-token answer refreshes and retries once. */
  authorizedRequest(accountId: string, request: AuthorizedRequest): Promise<HttpResponse>
  /** Re-reads the identity from the server and updates the account's state. */
  verifyAccount(accountId: string): Promise<AccountSummary>
  /** Cancels pending attempts, closes loopback listeners and drops listeners. */
  dispose(): void
}
