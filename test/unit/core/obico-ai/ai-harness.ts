/**
 * An ObicoAiService against the Obico fake over real HTTP: a bearer token on every request, a
 * PrinterService beside it for printers' snapshots, chat names in a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountSummary } from '../../../../src/shared/models/account'
import { Emitter } from '../../../../src/main/core/events'
import { createHttpClient } from '../../../../src/main/core/http'
import type { Logger } from '../../../../src/main/core/logger'
import { MediaStore, type MediaStoreOptions } from '../../../../src/main/core/media/media-store'
import { ChatTitles } from '../../../../src/main/core/obico-ai/chat-titles'
import { ObicoAiService } from '../../../../src/main/core/obico-ai/obico-ai-service'
import type { AccountCall } from '../../../../src/main/core/printers/obico-printers-api'
import { bearerCalls } from '../printers/bearer-calls'
import { PrinterService } from '../../../../src/main/core/printers/printer-service'
import { FakeClock } from '../../../fakes/kit'
import { DEMO_CLIENT_ID, startObicoFake, type ObicoFake } from '../../../fakes/obico'

export const ACCOUNT_ID = 'obico:ai-test'

export interface AiUnderTest {
  fake: ObicoFake
  ai: ObicoAiService
  printers: PrinterService
  /** Where tagged videos are held, for the responder. */
  media: MediaStore
  account: AccountSummary
  /** Every URL the service asked for, in order. */
  urls: string[]
  dataDir: string
  /** The account's authorised call, for driving the API functions directly. */
  call: AccountCall
  close(): Promise<void>
}

export async function startAi(
  options: { logger?: Logger; media?: Partial<MediaStoreOptions> } = {}
): Promise<AiUnderTest> {
  const fake = await startObicoFake({ clock: new FakeClock({ frozen: true }) })
  const token = fake.issueToken(1, DEMO_CLIENT_ID).accessToken
  const account: AccountSummary = {
    id: ACCOUNT_ID,
    provider: 'obico',
    providerLabel: 'Obico (test)',
    serverOrigin: fake.baseUrl,
    displayName: 'maker@printdock.test',
    identity: [],
    state: 'linked',
    credential: 'pasted-token',
    storage: 'memory',
    linkedAt: new Date(0).toISOString()
  }
  const http = createHttpClient()
  const { urls, authorizedRequest } = bearerCalls(http, fake.baseUrl, token)
  const accounts = {
    listAccounts: async () => [account],
    onDidChangeAccounts: new Emitter<never>().event,
    authorizedRequest
  }
  const printers = new PrinterService({
    accounts,
    http,
    clock: fake.clock,
    intervals: { watchedMs: 1e9, backgroundMs: 1e9, burstReads: 0, backoffBaseMs: 1e9 }
  })
  await printers.start()
  const dataDir = mkdtempSync(join(tmpdir(), 'printdock-ai-'))
  const media = new MediaStore({ now: () => fake.clock.now(), ...options.media })
  const ai = new ObicoAiService({
    media,
    accounts,
    http,
    snapshotImage: (printerId) => printers.snapshotImage(printerId),
    titles: new ChatTitles(dataDir),
    logger: options.logger
  })
  return {
    fake,
    ai,
    printers,
    media,
    account,
    urls,
    dataDir,
    call: (request) => accounts.authorizedRequest(ACCOUNT_ID, request),
    async close() {
      ai.dispose()
      media.dispose()
      printers.dispose()
      await fake.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** The demo prints of user 1 as the server lists them. */
export async function demoPrints(
  t: AiUnderTest
): Promise<Array<{ id: number; tagged_video_url: string | null }>> {
  const response = await t.call({ method: 'GET', url: '/api/v1/prints/?limit=50' })
  return response.json() as Array<{ id: number; tagged_video_url: string | null }>
}
