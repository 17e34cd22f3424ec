/**
 * Handlers for `accounts:*` and `demo:*`: thin calls into the AccountService.
 */
import type { PendingLinkSummary } from '../../shared/models/account'
import type { AccountService } from '../core/accounts/account-service'
import type { HandlerMap } from './handler-types'

/** Starts the built-in demo server and a link attempt against it. */
export interface DemoLauncher {
  start(): Promise<PendingLinkSummary>
}

/** What the account handlers need. */
export interface AccountHandlerDeps {
  accountService: AccountService
  demo: DemoLauncher
}

type AccountChannels =
  | 'accounts:list'
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
    'accounts:list': () => accounts.listAccounts(),
    'accounts:list-providers': () => accounts.listProviders(),
    'accounts:start-link': (request) => accounts.startLink(request),
    'accounts:cancel-link': (attemptId) => accounts.cancelLink(attemptId),
    'accounts:complete-link': (callbackUrl) => accounts.completeLink(callbackUrl),
    'accounts:link-with-secret': (request) => accounts.linkWithSecret(request),
    'accounts:sign-in-with-password': (request) => accounts.signInWithPassword(request),
    'accounts:unlink': (accountId) => accounts.unlink(accountId),
    'demo:start': () => deps.demo.start()
  }
}
