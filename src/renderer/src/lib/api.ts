/**
 * The only module that touches `window.api`.
 *
 * Every call unwraps the `IpcResult` main sends back: the value on success, a thrown `UiError` on
 * failure. Main never throws across IPC (Electron keeps only `message`, electron#24427), so the
 * code survives here and `error-text.ts` can pick the words.
 */
import type {
  AccountsWatch,
  DownloadOutcome,
  EnqueueUploadRequest,
  LibrarySelection,
  UploadsWatch,
  LinkOutcome,
  LinkWithSecretRequest,
  OperationId,
  PasswordSignInRequest,
  StartLinkRequest
} from '@shared/ipc/contract'
import type { PrintdockApi } from '@shared/ipc/api-shape'
import type { IpcResult } from '@shared/ipc/result'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '@shared/models/account'
import type { AppInfo, Notice } from '@shared/models/app-info'
import type { RegisteredFile } from '@shared/models/files'
import type {
  FolderListing,
  LibraryFile,
  LibraryFolder,
  LibraryPrinter,
  ListingQuery,
  UploadItem,
  UploadLimit
} from '@shared/models/library'
import type { UiSettings } from '@shared/models/settings'
import type { Snapshot } from '@shared/snapshot'
import { UiError } from './ui-error'

function bridge(): PrintdockApi {
  // Typed as optional here: the preload may have failed to run, and then there is no bridge.
  const api = (window as { api?: PrintdockApi }).api
  if (!api) {
    throw new UiError(
      'ui/no-bridge',
      'Printdock could not reach its background process. Restart the app.'
    )
  }
  return api
}

async function unwrap<T>(call: () => Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>
  try {
    result = await call()
  } catch (caught) {
    // A rejected invoke means the bridge itself failed (e.g. no handler); main never rejects on purpose.
    if (caught instanceof UiError) throw caught
    throw new UiError(
      'internal/unexpected',
      caught instanceof Error ? caught.message : String(caught)
    )
  }
  if (result.ok) return result.value
  throw UiError.fromDto(result.error)
}

/** Typed, unwrapped calls to main. */
export const api = {
  app: {
    getInfo: (): Promise<AppInfo> => unwrap(() => bridge().app.getInfo()),
    onNotice: (listener: (notice: Notice) => void): (() => void) => bridge().app.onNotice(listener)
  },
  settings: {
    get: (): Promise<UiSettings> => unwrap(() => bridge().settings.get()),
    update: (patch: Partial<UiSettings>): Promise<UiSettings> =>
      unwrap(() => bridge().settings.update(patch))
  },
  accounts: {
    list: (): Promise<Snapshot<AccountSummary[]>> => unwrap(() => bridge().accounts.list()),
    /** Main pushes `accounts:changed` to this window until the lease is released or the page goes. */
    watch: (): Promise<AccountsWatch> => unwrap(() => bridge().accounts.watch()),
    listProviders: (): Promise<ProviderOption[]> => unwrap(() => bridge().accounts.listProviders()),
    startLink: (operationId: OperationId, request: StartLinkRequest): Promise<PendingLinkSummary> =>
      unwrap(() => bridge().accounts.startLink(operationId, request)),
    cancelLink: (operationId: OperationId): Promise<void> =>
      unwrap(() => bridge().accounts.cancelLink(operationId)),
    completeLink: (callbackUrl: string): Promise<AccountSummary> =>
      unwrap(() => bridge().accounts.completeLink(callbackUrl)),
    linkWithSecret: (request: LinkWithSecretRequest): Promise<AccountSummary> =>
      unwrap(() => bridge().accounts.linkWithSecret(request)),
    signInWithPassword: (request: PasswordSignInRequest): Promise<AccountSummary> =>
      unwrap(() => bridge().accounts.signInWithPassword(request)),
    unlink: (accountId: string): Promise<{ revokedAtProvider: boolean }> =>
      unwrap(() => bridge().accounts.unlink(accountId)),
    onChanged: (listener: (accounts: Snapshot<AccountSummary[]>) => void): (() => void) =>
      bridge().accounts.onChanged(listener),
    onLinkFinished: (listener: (outcome: LinkOutcome) => void): (() => void) =>
      bridge().accounts.onLinkFinished(listener)
  },
  demo: {
    start: (operationId: OperationId): Promise<PendingLinkSummary> =>
      unwrap(() => bridge().demo.start(operationId))
  },
  leases: {
    release: (leaseId: string): Promise<boolean> => unwrap(() => bridge().leases.release(leaseId))
  },
  files: {
    /** A file dropped on the window → main's opaque reference to it (the page never sees a path). */
    registerDroppedFile: (file: File): Promise<RegisteredFile> =>
      unwrap(() => bridge().files.registerDroppedFile(file))
  },
  // The G-code library (issue 10).
  library: {
    list: (accountId: string, query: ListingQuery): Promise<FolderListing> =>
      unwrap(() => bridge().library.list(accountId, query)),
    folders: (accountId: string, parentId: number | null): Promise<LibraryFolder[]> =>
      unwrap(() => bridge().library.folders(accountId, parentId)),
    createFolder: (
      accountId: string,
      name: string,
      parentId: number | null
    ): Promise<LibraryFolder> =>
      unwrap(() => bridge().library.createFolder(accountId, name, parentId)),
    renameFolder: (accountId: string, folderId: number, name: string): Promise<LibraryFolder> =>
      unwrap(() => bridge().library.renameFolder(accountId, folderId, name)),
    renameFile: (accountId: string, fileId: number, filename: string): Promise<LibraryFile> =>
      unwrap(() => bridge().library.renameFile(accountId, fileId, filename)),
    move: (
      accountId: string,
      selection: LibrarySelection,
      targetId: number | null
    ): Promise<void> => unwrap(() => bridge().library.move(accountId, selection, targetId)),
    delete: (accountId: string, selection: LibrarySelection): Promise<void> =>
      unwrap(() => bridge().library.delete(accountId, selection)),
    folderContents: (
      accountId: string,
      folderId: number
    ): Promise<{ files: number; folders: number }> =>
      unwrap(() => bridge().library.folderContents(accountId, folderId)),
    uploadLimit: (accountId: string): Promise<UploadLimit> =>
      unwrap(() => bridge().library.uploadLimit(accountId)),
    thumbnail: (accountId: string, fileId: number): Promise<string | null> =>
      unwrap(() => bridge().library.thumbnail(accountId, fileId)),
    download: (
      operationId: OperationId,
      accountId: string,
      fileId: number
    ): Promise<DownloadOutcome> =>
      unwrap(() => bridge().library.download(operationId, accountId, fileId)),
    printers: (accountId: string): Promise<LibraryPrinter[]> =>
      unwrap(() => bridge().library.printers(accountId)),
    print: (accountId: string, printerId: number, fileId: number): Promise<string> =>
      unwrap(() => bridge().library.print(accountId, printerId, fileId))
  },
  uploads: {
    watch: (): Promise<UploadsWatch> => unwrap(() => bridge().uploads.watch()),
    enqueue: (operationId: OperationId, request: EnqueueUploadRequest): Promise<UploadItem> =>
      unwrap(() => bridge().uploads.enqueue(operationId, request)),
    pick: (accountId: string, targetFolderId: number | null): Promise<UploadItem[]> =>
      unwrap(() => bridge().uploads.pick(accountId, targetFolderId)),
    cancel: (operationId: OperationId): Promise<boolean> =>
      unwrap(() => bridge().uploads.cancel(operationId)),
    retry: (operationId: OperationId): Promise<UploadItem> =>
      unwrap(() => bridge().uploads.retry(operationId)),
    clearFinished: (): Promise<number> => unwrap(() => bridge().uploads.clearFinished()),
    onChanged: (listener: (uploads: Snapshot<UploadItem[]>) => void): (() => void) =>
      bridge().uploads.onChanged(listener)
  }
}
