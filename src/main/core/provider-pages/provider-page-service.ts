import type { AccountSummary } from '../../../shared/models/account'
import {
  hasProviderPage,
  type MeshbluDeviceDetails,
  type MeshbluMessageRequest,
  type MeshbluSubscriptionRow,
  type PageProviderId,
  type ProviderPage,
  type ProviderPageData
} from '../../../shared/models/provider-page'
import type { Snapshot } from '../../../shared/snapshot'
import { SingleFlight } from '../auth/refresh-coordinator'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import { Emitter, type Disposable, type Event } from '../events'
import type { Logger } from '../logger'
import {
  readDeviceDetails,
  readOctobluPage,
  removeSubscription,
  sendMeshbluMessage
} from './octoblu-page'
import { readOmniportPage } from './omniport-page'
import type { PageCalls } from './page-calls'
import { failedPage, readyPage } from './page-state'
import { readZebbraPage } from './zebbra-page'

/**
 * Pages of linked accounts (issue 13): reads them on demand, keeps the last good data of each,
 * refreshes the pages someone watches, and carries out the page's actions. Shared by the app (IPC)
 * and the CLI, like every core service (docs/decisions/0009).
 */

/** What the service needs: the account service's listing and its authorized calls. */
export interface ProviderPageServiceDeps {
  listAccounts(): Promise<AccountSummary[]>
  authorizedRequest: PageCalls
  clock: Clock
  logger: Logger
  /** How often a watched page is read again (default 30 s). */
  refreshIntervalMs?: number
}

/** A page changed: pushed to the windows watching it. */
export interface PageChange {
  accountId: string
  snapshot: Snapshot<ProviderPage>
}

/** Default time between reads of a watched page. */
export const PAGE_REFRESH_INTERVAL_MS = 30_000

const READERS: Record<
  PageProviderId,
  (calls: PageCalls, accountId: string) => Promise<ProviderPageData>
> = {
  octoblu: readOctobluPage,
  omniport: readOmniportPage,
  zebbra: readZebbraPage
}

/** The provider pages of every linked account. */
export class ProviderPageService {
  private readonly pages = new Map<string, Snapshot<ProviderPage>>()
  private readonly reads = new SingleFlight<string, Snapshot<ProviderPage>>()
  private readonly watchers = new Map<string, { count: number; cancel: () => void }>()
  private readonly changed = new Emitter<PageChange>()
  private revision = 0
  private disposed = false

  /** Fires after every read of a page, with the page as it now is. */
  readonly onDidChangePage: Event<PageChange> = this.changed.event

  constructor(private readonly deps: ProviderPageServiceDeps) {}

  /** Reads the page from its server now; a read already running for it is shared. */
  read(accountId: string): Promise<Snapshot<ProviderPage>> {
    return this.reads.run(accountId, () => this.readNow(accountId))
  }

  /** The page as last read, without asking the server; undefined before the first read. */
  current(accountId: string): Snapshot<ProviderPage> | undefined {
    return this.pages.get(accountId)
  }

  /**
   * Reads the page again every `refreshIntervalMs` while at least one watch lives (decision
   * 0008: work that only matters while someone looks). Each read fires `onDidChangePage`.
   */
  watch(accountId: string): Disposable {
    const existing = this.watchers.get(accountId)
    if (existing) existing.count += 1
    else this.watchers.set(accountId, { count: 1, cancel: this.schedule(accountId) })
    let ended = false
    return {
      dispose: () => {
        if (ended) return
        ended = true
        const watcher = this.watchers.get(accountId)
        if (!watcher) return
        watcher.count -= 1
        if (watcher.count === 0) {
          watcher.cancel()
          this.watchers.delete(accountId)
        }
      }
    }
  }

  /** One Meshblu device's details (Octoblu accounts only). */
  async deviceDetails(accountId: string, deviceUuid: string): Promise<MeshbluDeviceDetails> {
    await this.requireProvider(accountId, 'octoblu')
    return readDeviceDetails(this.deps.authorizedRequest, accountId, deviceUuid)
  }

  /** Sends a message to one Meshblu device (Octoblu accounts only). */
  async sendMessage(accountId: string, request: MeshbluMessageRequest): Promise<void> {
    await this.requireProvider(accountId, 'octoblu')
    await sendMeshbluMessage(this.deps.authorizedRequest, accountId, request)
    this.deps.logger.info('Sent a Meshblu message', { accountId, deviceUuid: request.deviceUuid })
  }

  /** Removes one subscription, then reads the page again so the list shows it gone. */
  async removeSubscription(
    accountId: string,
    subscription: MeshbluSubscriptionRow
  ): Promise<Snapshot<ProviderPage>> {
    await this.requireProvider(accountId, 'octoblu')
    await removeSubscription(this.deps.authorizedRequest, accountId, subscription)
    return this.read(accountId)
  }

  /** Stops every refresh and drops listeners. */
  dispose(): void {
    this.disposed = true
    for (const watcher of this.watchers.values()) watcher.cancel()
    this.watchers.clear()
    this.changed.dispose()
  }

  private async readNow(accountId: string): Promise<Snapshot<ProviderPage>> {
    // Taken before the read: a later snapshot always began after this one (core/snapshots.ts).
    const revision = ++this.revision
    const account = await this.requireAccount(accountId)
    const provider = account.provider as PageProviderId
    const previous = this.pages.get(accountId)?.value
    let page: ProviderPage
    try {
      const data = await READERS[provider](this.deps.authorizedRequest, accountId)
      page = readyPage(accountId, provider, data, new Date(this.deps.clock.now()).toISOString())
    } catch (error) {
      if (!(error instanceof AppError)) {
        this.deps.logger.error('Reading a provider page failed', { accountId, error })
      }
      page = failedPage(accountId, provider, previous, error)
    }
    const snapshot = { revision, value: page }
    const stored = this.pages.get(accountId)
    if (!stored || stored.revision < revision) this.pages.set(accountId, snapshot)
    if (!this.disposed) this.changed.fire({ accountId, snapshot })
    return snapshot
  }

  private schedule(accountId: string): () => void {
    let cancelNext = (): void => undefined
    let stopped = false
    const tick = (): void => {
      cancelNext = this.deps.clock.schedule(
        this.deps.refreshIntervalMs ?? PAGE_REFRESH_INTERVAL_MS,
        () => {
          if (stopped) return
          void this.read(accountId)
            .catch((error: unknown) =>
              this.deps.logger.warn('Page refresh failed', { accountId, error })
            )
            .finally(() => {
              if (!stopped) tick()
            })
        }
      )
    }
    tick()
    return () => {
      stopped = true
      cancelNext()
    }
  }

  private async requireAccount(accountId: string): Promise<AccountSummary> {
    const account = (await this.deps.listAccounts()).find((candidate) => candidate.id === accountId)
    if (!account) throw new AppError('account/not-found', 'That account is no longer linked.')
    if (!hasProviderPage(account.provider)) {
      throw new AppError('account/not-found', `${account.providerLabel} accounts have no page.`)
    }
    return account
  }

  private async requireProvider(accountId: string, provider: PageProviderId): Promise<void> {
    const account = await this.requireAccount(accountId)
    if (account.provider !== provider) {
      throw new AppError('account/not-found', `That is not an ${provider} account.`)
    }
  }
}
