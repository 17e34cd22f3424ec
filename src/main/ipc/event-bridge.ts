/**
 * Forwards core events to the renderer through an `EventSink` (Electron window or harness socket).
 */
import type { Notice } from '../../shared/models/app-info'
import type { AccountService } from '../core/accounts/account-service'
import type { Disposable, Event } from '../core/events'
import type { LeaseRegistry } from '../core/leases'
import type { LibraryService } from '../core/library'
import { ACCOUNTS_WATCH } from './account-handlers'
import { UPLOADS_WATCH } from './library-handlers'
import type { EventSink } from './handler-types'

/**
 * Subscribes the sink to account changes (only to windows watching accounts), link outcomes and
 * notices; dispose to stop.
 */
export function bridgeServiceEvents(
  source: {
    accountService: AccountService
    onNotice: Event<Notice>
    leases: LeaseRegistry
    /** The upload queue's changes go to windows watching uploads. */
    library?: LibraryService
  },
  sink: EventSink
): Disposable {
  const subscriptions = [
    source.accountService.onDidChangeAccounts((snapshot) => {
      for (const callerId of source.leases.holders(ACCOUNTS_WATCH))
        sink.emitTo(callerId, 'accounts:changed', snapshot)
    }),
    source.accountService.onDidFinishLink((outcome) =>
      sink.emit('accounts:link-finished', outcome)
    ),
    source.onNotice((notice) => sink.emit('app:notice', notice))
  ]
  if (source.library) {
    subscriptions.push(
      source.library.uploads.onDidChange((snapshot) => {
        for (const callerId of source.leases.holders(UPLOADS_WATCH))
          sink.emitTo(callerId, 'uploads:changed', snapshot)
      })
    )
  }
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) }
}
