/**
 * A PrinterService against the Obico fake over real HTTP: a minimal stand-in for the account
 * service (a bearer token on every request, the URLs recorded), the fake's frozen clock for both.
 */
import type { AccountSummary } from '../../../../src/shared/models/account'
import type { Snapshot } from '../../../../src/shared/snapshot'
import { Emitter } from '../../../../src/main/core/events'
import { createHttpClient } from '../../../../src/main/core/http'
import type { Logger } from '../../../../src/main/core/logger'
import {
  PrinterService,
  type PrinterAccounts
} from '../../../../src/main/core/printers/printer-service'
import type { PrintersChange } from '../../../../src/shared/models/printer'
import { FakeClock } from '../../../fakes/kit'
import { bearerCalls } from './bearer-calls'
import { DEMO_CLIENT_ID, startObicoFake, type ObicoFake } from '../../../fakes/obico'

export const ACCOUNT_ID = 'obico:test-account'

export interface ServiceUnderTest {
  sb: ObicoFake
  service: PrinterService
  account: AccountSummary
  changes: PrintersChange[]
  urls: string[]
  /** Tells the service the account list changed (e.g. the account needs re-linking). */
  accountChanges: { fire(accounts: AccountSummary[]): void }
  printerId(obicoId: number): string
  close(): Promise<void>
}

export async function startService(
  options: {
    confirmTimeoutMs?: number
    delayMs?: number
    siteOrigin?: string
    logger?: Logger
  } = {}
): Promise<ServiceUnderTest> {
  const sb = await startObicoFake({
    clock: new FakeClock({ frozen: true }),
    agentBehaviour: { delayMs: options.delayMs ?? 1_000 },
    siteOrigin: options.siteOrigin
  })
  const token = sb.issueToken(1, DEMO_CLIENT_ID).accessToken
  const account: AccountSummary = {
    id: ACCOUNT_ID,
    provider: 'obico',
    providerLabel: 'Obico (test)',
    serverOrigin: sb.baseUrl,
    displayName: 'maker@example.com',
    identity: [],
    state: 'linked',
    credential: 'pasted-token',
    storage: 'memory',
    linkedAt: new Date(0).toISOString()
  }
  const http = createHttpClient()
  const { urls, authorizedRequest } = bearerCalls(http, sb.baseUrl, token)
  const changed = new Emitter<Snapshot<AccountSummary[]>>()
  let accountRevision = 0
  const accounts: PrinterAccounts = {
    listAccounts: async () => [account],
    onDidChangeAccounts: changed.event,
    authorizedRequest
  }
  // Intervals far apart: tests drive reads with refresh(); the confirmation timer uses the fake clock.
  const service = new PrinterService({
    accounts,
    http,
    clock: sb.clock,
    intervals: { watchedMs: 1e9, backgroundMs: 1e9, burstReads: 0, backoffBaseMs: 1e9 },
    confirmTimeoutMs: options.confirmTimeoutMs,
    logger: options.logger
  })
  const changes: PrintersChange[] = []
  service.onDidChange((change) => changes.push(change))
  await service.start()
  return {
    sb,
    service,
    account,
    changes,
    urls,
    accountChanges: {
      fire: (list) => changed.fire({ revision: ++accountRevision, value: list })
    },
    printerId: (obicoId) => `${ACCOUNT_ID}#${obicoId}`,
    async close() {
      service.dispose()
      await sb.close()
    }
  }
}
