/**
 * Forwards core events to the renderer through an `EventSink` (Electron window or harness socket).
 */
import type { Notice } from '../../shared/models/app-info'
import type { AccountService } from '../core/accounts/account-service'
import type { Disposable, Event } from '../core/events'
import type { EventSink } from './handler-types'

/** Subscribes the sink to account changes, link outcomes and notices; dispose to stop. */
export function bridgeServiceEvents(
  source: { accountService: AccountService; onNotice: Event<Notice> },
  sink: EventSink
): Disposable {
  const subscriptions = [
    source.accountService.onDidChangeAccounts((accounts) =>
      sink.emit('accounts:changed', accounts)
    ),
    source.accountService.onDidFinishLink((outcome) =>
      sink.emit('accounts:link-finished', outcome)
    ),
    source.onNotice((notice) => sink.emit('app:notice', notice))
  ]
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) }
}
