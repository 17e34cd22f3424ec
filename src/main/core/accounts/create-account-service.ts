import type { LinkOutcome, LinkWithSecretRequest, OperationId } from '../../../shared/ipc/contract'
import type { Snapshot } from '../../../shared/snapshot'
import type {
  AccountSummary,
  PendingLinkSummary,
  ProviderOption
} from '../../../shared/models/account'
import type { Event } from '../events'
import type { HttpResponse } from '../http'
import { createAccountContext, disposeContext, type AccountContext } from './account-context'
import { listAccounts, listProviders } from './account-listing'
import { authorizedRequest, verifyAccount } from './authorized-calls'
import { linkWithSecret, signInWithPassword } from './direct-links'
import { cancelLink, completeLink, listPendingLinks, waitForLink } from './link-attempts'
import type {
  AccountServiceDeps,
  AuthorizedRequest,
  PasswordSignInInput,
  PrintdockAccountService,
  StartLinkInput
} from './service-types'
import { startLink } from './start-link'
import { getAccessToken, reportUnauthorized } from './token-access'
import { unlink } from './unlink'

/**
 * The account service, composed from one module per job around a shared context:
 * account-listing (summaries, the vault check), start-link and link-attempts (browser OAuth),
 * direct-links (pasted token, API key, password), token-access (refresh, needs-relink),
 * authorized-calls (API calls, verification) and unlink (revocation, local forget).
 */

export type {
  AccountServiceDeps,
  AuthorizedRequest,
  PasswordSignInInput,
  PrintdockAccountService,
  StartLinkInput
} from './service-types'

/** Creates the account service. */
export function createAccountService(deps: AccountServiceDeps): PrintdockAccountService {
  return new DefaultAccountService(deps)
}

class DefaultAccountService implements PrintdockAccountService {
  private readonly ctx: AccountContext
  readonly onDidChangeAccounts: Event<Snapshot<AccountSummary[]>>
  readonly onDidFinishLink: Event<LinkOutcome>

  constructor(deps: AccountServiceDeps) {
    this.ctx = createAccountContext(deps, listAccounts)
    this.onDidChangeAccounts = this.ctx.changed.event
    this.onDidFinishLink = this.ctx.finished.event
  }

  listProviders(): ProviderOption[] {
    return listProviders(this.ctx)
  }

  listAccounts(): Promise<AccountSummary[]> {
    return listAccounts(this.ctx)
  }

  accountsSnapshot(): Promise<Snapshot<AccountSummary[]>> {
    return this.ctx.snapshots.snapshot()
  }

  listPendingLinks(): PendingLinkSummary[] {
    return listPendingLinks(this.ctx)
  }

  startLink(request: StartLinkInput, operationId?: OperationId): Promise<PendingLinkSummary> {
    return startLink(this.ctx, request, operationId)
  }

  waitForLink(attemptId: string): Promise<AccountSummary> {
    return waitForLink(this.ctx, attemptId)
  }

  cancelLink(attemptId: string): void {
    cancelLink(this.ctx, attemptId)
  }

  completeLink(callbackUrl: string): Promise<AccountSummary> {
    return completeLink(this.ctx, callbackUrl)
  }

  linkWithSecret(request: LinkWithSecretRequest): Promise<AccountSummary> {
    return linkWithSecret(this.ctx, request)
  }

  signInWithPassword(request: PasswordSignInInput): Promise<AccountSummary> {
    return signInWithPassword(this.ctx, request)
  }

  unlink(accountId: string): Promise<{ revokedAtProvider: boolean }> {
    return unlink(this.ctx, accountId)
  }

  getAccessToken(accountId: string): Promise<string> {
    return getAccessToken(this.ctx, accountId)
  }

  reportUnauthorized(accountId: string, rejectedToken?: string): Promise<string> {
    return reportUnauthorized(this.ctx, accountId, rejectedToken)
  }

  authorizedRequest(accountId: string, request: AuthorizedRequest): Promise<HttpResponse> {
    return authorizedRequest(this.ctx, accountId, request)
  }

  verifyAccount(accountId: string): Promise<AccountSummary> {
    return verifyAccount(this.ctx, accountId)
  }

  dispose(): void {
    disposeContext(this.ctx)
  }
}
