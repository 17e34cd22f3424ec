import type { LinkOutcome } from '../../../shared/ipc/contract'
import type { Snapshot } from '../../../shared/snapshot'
import type {
  AccountState,
  AccountSummary,
  PendingLinkSummary
} from '../../../shared/models/account'
import type { LoopbackListener } from '../auth/loopback-listener'
import {
  DEFAULT_AUTHORIZATION_TIMEOUT_MS,
  PendingAuthorizations
} from '../auth/pending-authorizations'
import { SingleFlight } from '../auth/refresh-coordinator'
import { AppError } from '../errors'
import { Emitter } from '../events'
import { createHttpClient, type HttpClient } from '../http'
import { SnapshotSource } from '../snapshots'
import { clientIdsFromEnv, type ClientIdSource } from '../providers/profiles'
import type { ProviderProfile, ResolvedEndpoints } from '../providers/provider-profile'
import type { StoredSecret } from '../vault/token-vault'
import type { GenericEndpoints } from './account-registry'
import type { AccountServiceDeps } from './service-types'

/**
 * The state one account service shares between its parts: the injected dependencies with their
 * defaults filled in, the browser attempts in flight, the refreshes in flight and the emitters.
 * Each part of the service is a set of functions taking this context.
 */

/** One browser authorization attempt, from `startLink` until it ends. */
export interface LinkAttempt {
  attemptId: string
  state: string
  profile: ProviderProfile
  serverOrigin: string
  endpoints: ResolvedEndpoints
  clientId: string
  clientSecret?: string
  redirectUri: string
  redirectOverride?: string
  generic?: GenericEndpoints
  apiOrigin?: string
  relink?: { accountId: string; previousState: AccountState; previousDetail?: string }
  listener?: LoopbackListener
  handledByListener: boolean
  summary: PendingLinkSummary
  done: Promise<AccountSummary>
}

/** The shared mutable state of one account service. */
export interface AccountContext {
  readonly deps: AccountServiceDeps
  readonly changed: Emitter<Snapshot<AccountSummary[]>>
  /** Revisioned reads of the account list, for listings and change events alike. */
  readonly snapshots: SnapshotSource<AccountSummary[]>
  readonly finished: Emitter<LinkOutcome>
  readonly attempts: Map<string, LinkAttempt>
  /** Ended attempts by id, so a late `waitForLink` still gets the outcome (oldest dropped first). */
  readonly finishedAttempts: Map<string, Promise<AccountSummary>>
  readonly refreshes: SingleFlight<string, StoredSecret>
  readonly timeoutMs: number
  readonly pending: PendingAuthorizations
  /** The one HTTP client of every call the service makes. */
  readonly http: HttpClient
  /** The client IDs as they are now (read on each use: settings may change while running). */
  readonly clientIds: ClientIdSource
  readonly customSchemeAvailable: boolean
  /** The once-per-process check of registry against vault, started by the first listing. */
  vaultChecked: Promise<void> | undefined
  disposed: boolean
}

/**
 * Fills in the defaults and creates the empty shared state. `listAccounts` is passed in (it lives
 * in account-listing.ts, which imports this module).
 */
export function createAccountContext(
  deps: AccountServiceDeps,
  listAccounts: (ctx: AccountContext) => Promise<AccountSummary[]>
): AccountContext {
  const timeoutMs = deps.linkTimeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS
  const source = deps.clientIds ?? clientIdsFromEnv(process.env)
  const readClientIds = typeof source === 'function' ? source : () => source
  const ctx: AccountContext = {
    deps,
    changed: new Emitter<Snapshot<AccountSummary[]>>(),
    snapshots: new SnapshotSource(() => listAccounts(ctx)),
    finished: new Emitter<LinkOutcome>(),
    attempts: new Map<string, LinkAttempt>(),
    finishedAttempts: new Map<string, Promise<AccountSummary>>(),
    refreshes: new SingleFlight<string, StoredSecret>(),
    timeoutMs,
    pending: new PendingAuthorizations({
      clock: deps.clock,
      timeoutMs,
      logger: deps.logger
    }),
    // The real clock even when `deps.clock` is a test's manual one: the network runs in real time.
    http: deps.http ?? createHttpClient(),
    get clientIds() {
      return readClientIds()
    },
    customSchemeAvailable: deps.redirect?.customSchemeAvailable ?? true,
    vaultChecked: undefined,
    disposed: false
  }
  return ctx
}

/** Throws once the service is disposed: no new attempts or links while shutting down. */
export function assertLive(ctx: AccountContext): void {
  if (ctx.disposed) throw new AppError('internal/unexpected', 'Printdock is shutting down.')
}

/** Cancels pending attempts, closes loopback listeners and drops listeners; once. */
export function disposeContext(ctx: AccountContext): void {
  if (ctx.disposed) return
  ctx.disposed = true
  ctx.pending.cancelAll()
  for (const attempt of ctx.attempts.values()) void attempt.listener?.close()
  ctx.changed.dispose()
  ctx.finished.dispose()
}
