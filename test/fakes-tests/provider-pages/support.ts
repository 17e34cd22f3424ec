import { ManualClock } from '../../../src/main/core/clock'
import { nullLogger } from '../../../src/main/core/logger'
import { ProviderPageService } from '../../../src/main/core/provider-pages'
import type { PrintdockAccountService } from '../../../src/main/core/accounts/create-account-service'

/** A page service over a test account service; refreshes run on a manual clock. */
export function createPageService(service: PrintdockAccountService, refreshIntervalMs = 1000) {
  const ticks = new ManualClock()
  const pages = new ProviderPageService({
    listAccounts: () => service.listAccounts(),
    authorizedRequest: (accountId, request) => service.authorizedRequest(accountId, request),
    clock: ticks,
    logger: nullLogger,
    refreshIntervalMs
  })
  return { pages, ticks }
}
