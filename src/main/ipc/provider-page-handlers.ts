/**
 * Handlers for `pages:*` (issue 13): thin calls into the ProviderPageService, and the bridge that
 * pushes a page to the windows watching it.
 */
import type { ProviderPage } from '../../shared/models/provider-page'
import type { Snapshot } from '../../shared/snapshot'
import type { Disposable } from '../core/events'
import type { CallerId, LeaseRegistry } from '../core/leases'
import type { ProviderPageService } from '../core/provider-pages'
import type { EventSink, HandlerMap } from './handler-types'

/** What the page handlers need. */
export interface ProviderPageHandlerDeps {
  providerPages: ProviderPageService
  leases: LeaseRegistry
}

type PageChannels =
  | 'pages:read'
  | 'pages:watch'
  | 'pages:device-details'
  | 'pages:send-message'
  | 'pages:remove-subscription'

/** The lease kind of one account's page watch: pushes go only to that page's watchers. */
export function pageWatchKind(accountId: string): string {
  return `page:${accountId}`
}

/** The page handlers. Arguments arrive already validated by `dispatchInvoke`. */
export function providerPageHandlers(
  deps: ProviderPageHandlerDeps
): Pick<HandlerMap, PageChannels> {
  const pages = deps.providerPages
  return {
    'pages:read': (accountId) => pages.read(accountId),
    'pages:watch': (accountId, call) => {
      // The lease first, then the read: its result is pushed to this window as `pages:changed`.
      const watch = pages.watch(accountId)
      const leaseId = deps.leases.acquire(call.callerId, pageWatchKind(accountId), () =>
        watch.dispose()
      )
      void pages.read(accountId).catch(() => undefined)
      return { leaseId, snapshot: pages.current(accountId) ?? loading(accountId) }
    },
    'pages:device-details': (accountId, deviceUuid) => pages.deviceDetails(accountId, deviceUuid),
    'pages:send-message': (accountId, request) => pages.sendMessage(accountId, request),
    'pages:remove-subscription': (accountId, subscription) =>
      pages.removeSubscription(accountId, subscription)
  }
}

/** Before the first read: revision 0, older than any read, so the first push replaces it. */
function loading(accountId: string): Snapshot<ProviderPage> {
  // The provider is filled in by the first read; the renderer knows it from the account.
  return { revision: 0, value: { accountId, provider: 'generic', status: 'loading' } }
}

/** Pushes each page read to the windows holding a watch on that page. */
export function bridgePageEvents(
  pages: ProviderPageService,
  leases: LeaseRegistry,
  sink: EventSink
): Disposable {
  return pages.onDidChangePage((change) => {
    const holders: CallerId[] = leases.holders(pageWatchKind(change.accountId))
    for (const callerId of holders) sink.emitTo(callerId, 'pages:changed', change)
  })
}
