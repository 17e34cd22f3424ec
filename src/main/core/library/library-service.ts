/**
 * The G-code library of the linked Obico accounts: one service for the app and the CLI (built in
 * `createCore`). It binds the Obico client to an account's credential, reads the account's upload
 * limit once per run, owns the upload queue, and starts prints from the library.
 */
import type { AccountSummary } from '../../../shared/models/account'
import type {
  FolderListing,
  LibraryFile,
  LibraryFolder,
  LibraryPrinter,
  ListingQuery,
  UploadLimit
} from '../../../shared/models/library'
import type { PrintdockAccountService } from '../accounts/create-account-service'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import { createHttpClient, type HttpClient } from '../http'
import type { Logger } from '../logger'
import { downloadFile } from './download-file'
import { inspectGcode, type InspectGcode } from './gcode-check'
import { ObicoLibraryClient, type SendAuthorized } from './obico-library-client'
import { listLibraryPrinters, startPrintFromLibrary } from './print-from-library'
import { UploadQueue, type AccountLibrary, type UploadRequest } from './upload-queue'
import { readUploadLimit } from './upload-limit'
import { ThumbnailCache } from './thumbnail-cache'

/** How many uploaded files' local thumbnails are remembered (a data URL each, tens of kB). */
const MAX_LOCAL_PREVIEWS = 500

export interface LibraryServiceDeps {
  accountService: PrintdockAccountService
  clock: Clock
  logger: Logger
  /** For signed media URLs, which need no credential. Default: a client on the real clock. */
  http?: HttpClient
  /** What a local file says about itself (default: the metadata reader of core/gcode). */
  inspect?: InspectGcode
  /** Attempts per upload for a dropped connection (default 2). */
  uploadAttempts?: number
  uploadRetryDelayMs?: number
}

export class LibraryService {
  readonly uploads: UploadQueue
  private readonly limits = new Map<string, Promise<UploadLimit>>()
  private readonly http: HttpClient
  private readonly thumbnails: ThumbnailCache
  /** Thumbnail URLs the server listed, by `accountId:fileId`: the only URLs `thumbnail` fetches. */
  private readonly thumbnailUrls = new Map<string, string>()
  /** Thumbnails read from files this app uploaded, by `accountId:fileId`, newest last. */
  private readonly localPreviews = new Map<string, string>()

  constructor(private readonly deps: LibraryServiceDeps) {
    this.http = deps.http ?? createHttpClient()
    this.thumbnails = new ThumbnailCache(this.http)
    this.uploads = new UploadQueue({
      clock: deps.clock,
      logger: deps.logger,
      inspect: deps.inspect ?? inspectGcode,
      onUploaded: (accountId, fileId, facts) => {
        if (!facts.preview) return
        const key = `${accountId}:${fileId}`
        this.localPreviews.set(
          key,
          `data:${facts.preview.mediaType};base64,${facts.preview.base64}`
        )
        if (this.localPreviews.size > MAX_LOCAL_PREVIEWS) {
          const oldest = this.localPreviews.keys().next().value
          if (oldest !== undefined) this.localPreviews.delete(oldest)
        }
      },
      attempts: deps.uploadAttempts,
      retryDelayMs: deps.uploadRetryDelayMs,
      library: (accountId) => this.accountLibrary(accountId)
    })
  }

  /** The linked accounts that have a library (Obico ones). */
  async accounts(): Promise<AccountSummary[]> {
    return (await this.deps.accountService.listAccounts()).filter((a) => a.provider === 'obico')
  }

  private async account(accountId: string): Promise<AccountSummary> {
    const account = (await this.deps.accountService.listAccounts()).find((a) => a.id === accountId)
    if (!account) throw new AppError('account/not-found', 'That account is no longer linked.')
    if (account.provider !== 'obico') {
      throw new AppError(
        'auth/unsupported',
        `${account.providerLabel} has no G-code library Printdock can use.`
      )
    }
    return account
  }

  private sender(accountId: string): SendAuthorized {
    return (request) => this.deps.accountService.authorizedRequest(accountId, request)
  }

  /** The Obico client bound to an account. */
  async client(accountId: string): Promise<ObicoLibraryClient> {
    await this.account(accountId)
    return new ObicoLibraryClient(this.sender(accountId))
  }

  /** The account's upload limit, read once per run (and again after a failed read). */
  uploadLimit(accountId: string): Promise<UploadLimit> {
    let limit = this.limits.get(accountId)
    if (!limit) {
      limit = readUploadLimit(this.sender(accountId))
      this.limits.set(accountId, limit)
      void limit.then((value) => {
        if (value.plan === 'assumed') this.limits.delete(accountId)
      })
    }
    return limit
  }

  private async accountLibrary(accountId: string): Promise<AccountLibrary> {
    const account = await this.account(accountId)
    const send = this.sender(accountId)
    return {
      send,
      client: new ObicoLibraryClient(send),
      limit: () => this.uploadLimit(accountId),
      laneKey: account.serverOrigin,
      startPrint: (printerId, _fileId, filename) => startPrintFromLibrary(send, printerId, filename)
    }
  }

  /** One folder's contents with its path from the root. */
  async listing(
    accountId: string,
    query: ListingQuery,
    signal?: AbortSignal
  ): Promise<FolderListing> {
    const client = await this.client(accountId)
    const [contents, path] = await Promise.all([
      client.listing(query, signal),
      client.folderPath(query.folderId, signal)
    ])
    for (const file of contents.files) {
      if (file.thumbnailUrl) this.thumbnailUrls.set(`${accountId}:${file.id}`, file.thumbnailUrl)
    }
    return { accountId, folderId: query.folderId, path, ...contents }
  }

  /**
   * A file's thumbnail as a data: URL: the server's (its signed URL from a listing, fetched once),
   * else the one read from the local file when this app uploaded it, else null. Never fetches a
   * URL the server did not list.
   */
  async thumbnail(accountId: string, fileId: number): Promise<string | null> {
    const key = `${accountId}:${fileId}`
    const url = this.thumbnailUrls.get(key)
    const remote = url ? await this.thumbnails.dataUrl(url) : null
    return remote ?? this.localPreviews.get(key) ?? null
  }

  /** Sub-folders only (the folder tree opens one level at a time). */
  async folders(accountId: string, parentId: number | null): Promise<LibraryFolder[]> {
    return (await this.client(accountId)).listFolders(parentId)
  }

  async createFolder(
    accountId: string,
    name: string,
    parentId: number | null
  ): Promise<LibraryFolder> {
    return (await this.client(accountId)).createFolder(name, parentId)
  }

  async renameFolder(accountId: string, folderId: number, name: string): Promise<LibraryFolder> {
    return (await this.client(accountId)).renameFolder(folderId, name)
  }

  async moveFolders(
    accountId: string,
    folderIds: number[],
    targetId: number | null
  ): Promise<void> {
    return (await this.client(accountId)).moveFolders(folderIds, targetId)
  }

  async deleteFolders(accountId: string, folderIds: number[]): Promise<void> {
    return (await this.client(accountId)).deleteFolders(folderIds)
  }

  /** What a folder delete takes with it, at every depth. */
  async folderContents(
    accountId: string,
    folderId: number
  ): Promise<{ files: number; folders: number }> {
    return (await this.client(accountId)).countContents(folderId)
  }

  async renameFile(accountId: string, fileId: number, filename: string): Promise<LibraryFile> {
    return (await this.client(accountId)).renameFile(fileId, filename)
  }

  async moveFiles(accountId: string, fileIds: number[], targetId: number | null): Promise<void> {
    return (await this.client(accountId)).moveFiles(fileIds, targetId)
  }

  async deleteFiles(accountId: string, fileIds: number[]): Promise<void> {
    return (await this.client(accountId)).deleteFiles(fileIds)
  }

  /** Downloads a file to `destination` (atomic: a temp file renamed into place). */
  async download(
    accountId: string,
    fileId: number,
    destination: string,
    options: {
      signal?: AbortSignal
      onProgress?: (received: number, total: number | null) => void
    } = {}
  ): Promise<{ bytes: number }> {
    const account = await this.account(accountId)
    return downloadFile(
      { fileId, destination, signal: options.signal, onProgress: options.onProgress },
      {
        client: new ObicoLibraryClient(this.sender(accountId)),
        http: this.http,
        serverOrigin: account.serverOrigin
      }
    )
  }

  /** The account's printers, each with whether it can print now. */
  async printers(accountId: string): Promise<LibraryPrinter[]> {
    await this.account(accountId)
    return listLibraryPrinters(this.sender(accountId))
  }

  /** Starts a library file on an idle printer of the same account. */
  async print(accountId: string, printerId: number, fileId: number): Promise<string> {
    const client = await this.client(accountId)
    const file = await client.getFile(fileId)
    if (file.deleted)
      throw new AppError('library/not-found', `“${file.filename}” is no longer on the server.`)
    return startPrintFromLibrary(this.sender(accountId), printerId, file.filename)
  }

  /** Adds an upload to the queue (after checking the account has a library). */
  async enqueueUpload(request: UploadRequest) {
    await this.account(request.accountId)
    return this.uploads.enqueue(request)
  }

  dispose(): void {
    this.uploads.dispose()
  }
}
