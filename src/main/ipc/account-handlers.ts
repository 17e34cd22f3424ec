/**
 * Handlers for `accounts:*` and `demo:*`: thin calls into the AccountService.
 */
import type { OperationId } from '../../shared/ipc/contract'
import type { PendingLinkSummary } from '../../shared/models/account'
import type { AccountService } from '../core/accounts/account-service'
import type { LeaseRegistry } from '../core/leases'
import type { HandlerMap } from './handler-types'

/** Starts the built-in demo server and a link attempt against it. */
export interface DemoLauncher {
  /** `operationId` names the link attempt (see `AccountService.startLink`); a fresh one when absent. */
  start(operationId?: OperationId): Promise<PendingLinkSummary>
}

/** What the account handlers need. */
export interface AccountHandlerDeps {
  accountService: AccountService
  demo: DemoLauncher
  leases: LeaseRegistry
}

/** The lease kind of `accounts:watch`; the event bridge pushes `accounts:changed` to its holders. */
export const ACCOUNTS_WATCH = 'accounts'

type AccountChannels =
  | 'accounts:list'
  | 'accounts:watch'
  | 'accounts:list-providers'
  | 'accounts:start-link'
  | 'accounts:cancel-link'
  | 'accounts:complete-link'
  | 'accounts:link-with-secret'
  | 'accounts:sign-in-with-password'
  | 'accounts:unlink'
  | 'demo:start'

/** The account and demo handlers. Arguments arrive already validated by `dispatchInvoke`. */
export function accountHandlers(deps: AccountHandlerDeps): Pick<HandlerMap, AccountChannels> {
  const accounts = deps.accountService
  return {
    'accounts:list': () => accounts.accountsSnapshot(),
    'accounts:watch': async (call) => {
      // The lease first, then the read: a change after the snapshot's revision is pushed, and one
      // before it is in the snapshot, so the window misses nothing in between.
      const leaseId = deps.leases.acquire(call.callerId, ACCOUNTS_WATCH)
      try {
        return { leaseId, snapshot: await accounts.accountsSnapshot() }
      } catch (error) {
        deps.leases.release(call.callerId, leaseId)
        throw error
      }
    },
    'accounts:list-providers': () => accounts.listProviders(),
    'accounts:start-link': (operationId, request) => accounts.startLink(request, operationId),
    'accounts:cancel-link': (operationId) => accounts.cancelLink(operationId),
    'accounts:complete-link': (callbackUrl) => accounts.completeLink(callbackUrl),
    'accounts:link-with-secret': (request) => accounts.linkWithSecret(request),
    'accounts:sign-in-with-password': (request) => accounts.signInWithPassword(request),
    'accounts:unlink': (accountId) => accounts.unlink(accountId),
    'demo:start': (operationId) => deps.demo.start(operationId)
  }
}
