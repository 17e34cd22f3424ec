import type {
  LinkOutcome,
  LinkWithSecretRequest,
  OperationId,
  PasswordSignInRequest,
  StartLinkRequest
} from '../../../shared/ipc/contract'
import type { Snapshot } from '../../../shared/snapshot'
import type {
  AccountSummary,
  PendingLinkSummary,
  ProviderOption
} from '../../../shared/models/account'
import type { Event } from '../events'

/**
 * The front door to accounts, shared by the Electron app (through IPC handlers), the CLI and the
 * end-to-end harness. Everything it returns is safe to show: summaries, never tokens.
 */
export interface AccountService {
  listProviders(): ProviderOption[]
  listAccounts(): Promise<AccountSummary[]>
  /** The accounts with a revision; `onDidChangeAccounts` draws its revisions from the same source. */
  accountsSnapshot(): Promise<Snapshot<AccountSummary[]>>

  /**
   * Starts an authorization-code + PKCE attempt: opens the system browser and returns at once.
   * The attempt ends through `onDidFinishLink` (callback, cancel, timeout or error), whose outcome
   * carries `operationId` (the caller's name for the attempt; a fresh UUID when not given). An id
   * that names an attempt still in flight is refused with 'ipc/duplicate-operation'.
   */
  startLink(request: StartLinkRequest, operationId?: OperationId): Promise<PendingLinkSummary>
  /** Waits for a started attempt to end; resolves with the linked account or rejects with AppError. */
  waitForLink(attemptId: string): Promise<AccountSummary>
  cancelLink(attemptId: string): void
  /** Delivers a callback URL: from the OS (custom scheme) or pasted by the user. */
  completeLink(callbackUrl: string): Promise<AccountSummary>

  linkWithSecret(request: LinkWithSecretRequest): Promise<AccountSummary>
  signInWithPassword(request: PasswordSignInRequest): Promise<AccountSummary>

  /** Revokes at the provider where it can, then deletes the secret and the account. */
  unlink(accountId: string): Promise<{ revokedAtProvider: boolean }>

  /**
   * A valid access credential for API calls: refreshes when needed (single-flight), and turns the
   * account to needs-relink when the server says the token is dead. Used by later API clients.
   */
  getAccessToken(accountId: string): Promise<string>

  readonly onDidChangeAccounts: Event<Snapshot<AccountSummary[]>>
  readonly onDidFinishLink: Event<LinkOutcome>
}
