import type {
  AskRequest,
  AskResult,
  AssistantStatus,
  ChatSummary,
  ChatView,
  PlateAnalysis,
  PlateAnalysisRequest,
  PredictionTimeline,
  TaggedVideo
} from '@shared/models/obico-ai'
/**
 * The only module that touches `window.api`.
 *
 * Every call unwraps the `IpcResult` main sends back: the value on success, a thrown `UiError` on
 * failure. Main never throws across IPC (Electron keeps only `message`, electron#24427), so the
 * code survives here and `error-text.ts` can pick the words.
 */
import type {
  AccountsWatch,
  MeshInspectResult,
  RepairStatus,
  RepairWatch,
  ProviderPageChange,
  ProviderPageWatch,
  DownloadOutcome,
  EnqueueUploadRequest,
  LibrarySelection,
  UploadsWatch,
  LinkOutcome,
  LinkWithSecretRequest,
  OperationId,
  PasswordSignInRequest,
  PrinterCommandRequest,
  PrintersWatch,
  StartLinkRequest
} from '@shared/ipc/contract'
import type { PrintdockApi } from '@shared/ipc/api-shape'
import type { IpcResult } from '@shared/ipc/result'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '@shared/models/account'
import type { AppInfo, Notice } from '@shared/models/app-info'
import type {
  MeshbluDeviceDetails,
  MeshbluMessageRequest,
  MeshbluSubscriptionRow,
  ProviderPage
} from '@shared/models/provider-page'
import type { RegisteredFile } from '@shared/models/files'
import type {
  AlertVerdict,
  CommandReceipt,
  PrinterPreferences,
  PrinterPreferencesPatch,
  PrinterSettingsPatch,
  PrinterSummary,
  PrintersChange,
  PrintersView,
  PrintPage,
  PrintQuery,
  PrintStats,
  PrintStatsQuery,
  SnapshotImage,
  TemperatureSample
} from '@shared/models/printer'
import type { PastRepair, RepairJobView, RepairOptions } from '@shared/models/repair'
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
  printers: {
    list: (): Promise<Snapshot<PrintersView>> => unwrap(() => bridge().printers.list()),
    /** Main pushes `printers:changed` to this window until the lease is released or the page goes. */
    watch: (): Promise<PrintersWatch> => unwrap(() => bridge().printers.watch()),
    refresh: (): Promise<Snapshot<PrintersView>> => unwrap(() => bridge().printers.refresh()),
    command: (
      operationId: OperationId,
      request: PrinterCommandRequest
    ): Promise<CommandReceipt[]> => unwrap(() => bridge().printers.command(operationId, request)),
    acknowledgeAlert: (printerId: string, verdict: AlertVerdict): Promise<PrinterSummary> =>
      unwrap(() => bridge().printers.acknowledgeAlert(printerId, verdict)),
    mute: (printerId: string, mute: boolean): Promise<PrinterSummary> =>
      unwrap(() => bridge().printers.mute(printerId, mute)),
    updateSettings: (printerId: string, patch: PrinterSettingsPatch): Promise<PrinterSummary> =>
      unwrap(() => bridge().printers.updateSettings(printerId, patch)),
    snapshotImage: (printerId: string): Promise<SnapshotImage> =>
      unwrap(() => bridge().printers.snapshotImage(printerId)),
    temperatureHistory: (printerId: string): Promise<TemperatureSample[]> =>
      unwrap(() => bridge().printers.temperatureHistory(printerId)),
    getPreferences: (): Promise<PrinterPreferences> =>
      unwrap(() => bridge().printers.getPreferences()),
    updatePreferences: (patch: PrinterPreferencesPatch): Promise<PrinterPreferences> =>
      unwrap(() => bridge().printers.updatePreferences(patch)),
    onChanged: (listener: (change: PrintersChange) => void): (() => void) =>
      bridge().printers.onChanged(listener),
    onOpen: (listener: (printerId: string) => void): (() => void) =>
      bridge().printers.onOpen(listener)
  },
  prints: {
    list: (query: PrintQuery): Promise<PrintPage> => unwrap(() => bridge().prints.list(query)),
    delete: (accountId: string, printIds: number[]): Promise<{ deleted: number }> =>
      unwrap(() => bridge().prints.delete(accountId, printIds)),
    stats: (query: PrintStatsQuery): Promise<PrintStats> =>
      unwrap(() => bridge().prints.stats(query))
  },
  leases: {
    release: (leaseId: string): Promise<boolean> => unwrap(() => bridge().leases.release(leaseId))
  },
  /** Provider pages (issue 13). */
  pages: {
    read: (accountId: string): Promise<Snapshot<ProviderPage>> =>
      unwrap(() => bridge().pages.read(accountId)),
    /** Main reads the page again every 30 s and pushes it until the lease is released. */
    watch: (accountId: string): Promise<ProviderPageWatch> =>
      unwrap(() => bridge().pages.watch(accountId)),
    deviceDetails: (accountId: string, deviceUuid: string): Promise<MeshbluDeviceDetails> =>
      unwrap(() => bridge().pages.deviceDetails(accountId, deviceUuid)),
    sendMessage: (accountId: string, request: MeshbluMessageRequest): Promise<void> =>
      unwrap(() => bridge().pages.sendMessage(accountId, request)),
    removeSubscription: (
      accountId: string,
      subscription: MeshbluSubscriptionRow
    ): Promise<Snapshot<ProviderPage>> =>
      unwrap(() => bridge().pages.removeSubscription(accountId, subscription)),
    onChanged: (listener: (change: ProviderPageChange) => void): (() => void) =>
      bridge().pages.onChanged(listener)
  },
  files: {
    /** A file dropped on the window → main's opaque reference to it (the page never sees a path). */
    registerDroppedFile: (file: File): Promise<RegisteredFile> =>
      unwrap(() => bridge().files.registerDroppedFile(file))
  },
  mesh: {
    /** The health check of a registered file, with one binary preview per mesh. */
    inspect: (operationId: OperationId, fileRef: string): Promise<MeshInspectResult> =>
      unwrap(() => bridge().mesh.inspect(operationId, fileRef)),
    cancelInspect: (operationId: OperationId): Promise<void> =>
      unwrap(() => bridge().mesh.cancelInspect(operationId))
  },
  repair: {
    status: (): Promise<RepairStatus> => unwrap(() => bridge().repair.status()),
    /** Main pushes `repair:changed` to this window until the lease is released or the page goes. */
    watch: (): Promise<RepairWatch> => unwrap(() => bridge().repair.watch()),
    start: (
      operationId: OperationId,
      request: { fileRef: string; options: RepairOptions }
    ): Promise<RepairJobView> => unwrap(() => bridge().repair.start(operationId, request)),
    cancel: (operationId: OperationId): Promise<void> =>
      unwrap(() => bridge().repair.cancel(operationId)),
    chooseDestination: (operationId: OperationId, fileName: string): Promise<RepairJobView> =>
      unwrap(() => bridge().repair.chooseDestination(operationId, fileName)),
    resultPreview: (operationId: OperationId): Promise<ArrayBuffer[]> =>
      unwrap(() => bridge().repair.resultPreview(operationId)),
    history: (): Promise<PastRepair[]> => unwrap(() => bridge().repair.history()),
    onChanged: (listener: (jobs: Snapshot<RepairJobView[]>) => void): (() => void) =>
      bridge().repair.onChanged(listener)
  },
  // Obico's AI (issue 12).
  prediction: {
    timeline: (accountId: string, printId: number): Promise<PredictionTimeline> =>
      unwrap(() => bridge().prediction.timeline(accountId, printId)),
    openVideo: (accountId: string, printId: number): Promise<TaggedVideo> =>
      unwrap(() => bridge().prediction.openVideo(accountId, printId))
  },
  assistant: {
    status: (accountId: string, lang?: string): Promise<AssistantStatus> =>
      unwrap(() => bridge().assistant.status(accountId, lang)),
    listChats: (accountId: string): Promise<ChatSummary[]> =>
      unwrap(() => bridge().assistant.listChats(accountId)),
    openChat: (accountId: string, chatId: number): Promise<ChatView> =>
      unwrap(() => bridge().assistant.openChat(accountId, chatId)),
    renameChat: (accountId: string, chatId: number, title: string): Promise<ChatSummary> =>
      unwrap(() => bridge().assistant.renameChat(accountId, chatId, title)),
    deleteChat: (accountId: string, chatId: number): Promise<void> =>
      unwrap(() => bridge().assistant.deleteChat(accountId, chatId)),
    ask: (operationId: OperationId, request: AskRequest): Promise<AskResult> =>
      unwrap(() => bridge().assistant.ask(operationId, request)),
    analyzePlate: (
      operationId: OperationId,
      request: PlateAnalysisRequest
    ): Promise<PlateAnalysis> =>
      unwrap(() => bridge().assistant.analyzePlate(operationId, request)),
    cancel: (operationId: OperationId): Promise<boolean> =>
      unwrap(() => bridge().assistant.cancel(operationId)),
    contactSupport: (
      accountId: string,
      message: string,
      lang?: string
    ): Promise<{ reply: string; sentTo: string }> =>
      unwrap(() => bridge().assistant.contactSupport(accountId, message, lang))
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
