/**
 * The single IPC contract.
 *
 * The channel names live in `channels.ts` (zod-free, for the preload). Here every renderer → main
 * call gets its signature in `InvokeChannels` and every main → renderer event in `EventChannels`;
 * both maps are checked against the name list at compile time. Main's handlers (`src/main/ipc`),
 * the preload's `window.api` and the renderer's calls all derive their types from these maps, and
 * `argumentSchemas` (checked against the same map) validates every payload in main before use.
 *
 * Long-running work follows one shape (docs/decisions/0008-long-running-work.md): the caller names
 * an operation with an `OperationId` and every event about it carries that id; pushed state is a
 * `Snapshot` with a revision; a `*:watch` call returns a `Lease` that main ends with its window.
 */
import { z } from 'zod'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '../models/account'
import type { AppInfo, Notice } from '../models/app-info'
import type {
  MeshbluDeviceDetails,
  MeshbluMessageRequest,
  MeshbluSubscriptionRow,
  ProviderPage
} from '../models/provider-page'
import type { RegisteredFile } from '../models/files'
import {
  PRINTER_COMMANDS,
  PRINTER_EVENT_KINDS,
  type AlertVerdict,
  type CommandReceipt,
  type PrinterCommand,
  type PrinterPreferences,
  type PrinterPreferencesPatch,
  type PrinterSettingsPatch,
  type PrinterSummary,
  type PrintersChange,
  type PrintersView,
  type PrintPage,
  type PrintQuery,
  type PrintStats,
  type PrintStatsQuery,
  type SnapshotImage,
  type TemperatureSample
} from '../models/printer'
import type { MeshInspection } from '../models/mesh'
import type { PastRepair, RepairJobView, RepairOptions } from '../models/repair'
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
} from '../models/obico-ai'
import {
  FILE_SORTINGS,
  type FolderListing,
  type LibraryFile,
  type LibraryFolder,
  type LibraryPrinter,
  type ListingQuery,
  type UploadItem,
  type UploadLimit
} from '../models/library'
import type { UiSettings } from '../models/settings'
import type { Snapshot } from '../snapshot'
import type { EventChannel, InvokeChannel } from './channels'

export type { EventChannel, InvokeChannel } from './channels'

/**
 * Names one long-running operation: created by the renderer (`crypto.randomUUID()`) and passed to
 * the call that starts the work, so the renderer knows the id before any event can name it.
 */
export type OperationId = string

/** A subscription main can see: held by one window, ended by `leases:release` or by the window going away. */
export interface Lease {
  leaseId: string
}

/** What `accounts:watch` answers: the lease and the accounts as they are now. */
export interface AccountsWatch extends Lease {
  snapshot: Snapshot<AccountSummary[]>
}

/**
 * A model's health check plus one preview per mesh: each an ArrayBuffer in the layout of
 * `src/shared/mesh-preview.ts` (structured clone carries it as bytes, never as JSON).
 */
export interface MeshInspectResult {
  inspection: MeshInspection
  previews: ArrayBuffer[]
}

/** What `repair:watch` answers: the lease and the repair jobs as they are now. */
export interface RepairWatch extends Lease {
  snapshot: Snapshot<RepairJobView[]>
}

/** Whether repairs can run: the Makeprintable account they use, or why there is none. */
export interface RepairStatus {
  linked: boolean
  accountName: string | null
  /** Plain words when not linked or when the account needs linking again. */
  problem: string | null
}

/** Ask main to begin linking an account through the browser (OAuth authorization code + PKCE). */
export interface StartLinkRequest {
  profileKey: string
  serverUrl?: string
  clientId?: string
  /** Override of the profile's redirect: custom scheme or loopback (URI with the registered path). */
  redirectUri?: string
  /** Re-link an existing account in place. */
  accountId?: string
  /**
   * A client secret the user entered, for providers whose token endpoint demands one (Makeprintable,
   * Octoblu, Omniport confidential clients). Stored in the keychain with the account, never bundled.
   */
  clientSecret?: string
  /** Octoblu: the Meshblu API origin when it differs from the OAuth server's. */
  apiServerUrl?: string
  /** Generic OAuth provider only. */
  generic?: { authorizeUrl: string; tokenUrl: string; revokeUrl?: string; scopes?: string }
}

/** Link with a secret the user already has: an administrator-issued token or a Makeprintable API key. */
export interface LinkWithSecretRequest {
  profileKey: string
  serverUrl?: string
  kind: 'access-token' | 'api-key'
  secret: string
}

/** Zebbra: sign in (password grant) or register then sign in. The password is never stored. */
export interface PasswordSignInRequest {
  profileKey: string
  serverUrl?: string
  username: string
  password: string
  /** Zebbra registration needs exactly one of a new workspace's name or an invite code. */
  register?: {
    email?: string
    firstName?: string
    lastName?: string
    workspaceName?: string
    inviteCode?: string
  }
}

/** How a finished link attempt ended, pushed to the renderer; `attemptId` is the caller's operation id. */
export type LinkOutcome =
  | { attemptId: OperationId; ok: true; account: AccountSummary }
  | {
      attemptId: OperationId
      ok: false
      error: { code: string; message: string; server?: string; serverSaid?: string }
    }

/** What `printers:watch` answers: the lease and every printer as it is now. */
export interface PrintersWatch extends Lease {
  snapshot: Snapshot<PrintersView>
}

/** Pause, resume or cancel several printers at once (one confirmation in the UI names them all). */
export interface PrinterCommandRequest {
  printerIds: string[]
  command: PrinterCommand
}

// ---- Provider pages (issue 13) ----

/** What `pages:watch` answers: the lease and the page as main has it now. */
export interface ProviderPageWatch extends Lease {
  /** Revision 0 with status 'loading' before the first read; a fresh read is pushed after it. */
  snapshot: Snapshot<ProviderPage>
}

/** A pushed page, for the windows watching that account's page. */
export interface ProviderPageChange {
  accountId: string
  snapshot: Snapshot<ProviderPage>
}

// ---- end provider pages ----

// ---- The G-code library (issue 10) ----

/** What `uploads:watch` answers: the lease and the queue as it is now. */
export interface UploadsWatch extends Lease {
  snapshot: Snapshot<UploadItem[]>
}

/** Files and folders picked together (multi-select). */
export interface LibrarySelection {
  fileIds: number[]
  folderIds: number[]
}

/** One dropped (or picked) file to upload: a reference from `files.registerDroppedFile`. */
export interface EnqueueUploadRequest {
  accountId: string
  fileRef: string
  targetFolderId: number | null
  /** A dropped folder's structure: folders to create under the target, root first. */
  folderPath?: string[]
  printOnPrinterId?: number
}

/** How a download ended: saved, or the user closed the save dialog. */
export type DownloadOutcome = { saved: true; name: string; bytes: number } | { saved: false }

// ---- end of the G-code library ----

/** Every renderer → main call: channel name → the handler's signature. */
export interface InvokeChannels {
  'app:get-info': () => AppInfo
  'settings:get': () => UiSettings
  'settings:update': (patch: Partial<UiSettings>) => UiSettings
  'accounts:list': () => Snapshot<AccountSummary[]>
  /** Pushes `accounts:changed` to this window while the lease lives. */
  'accounts:watch': () => AccountsWatch
  'accounts:list-providers': () => ProviderOption[]
  'accounts:start-link': (operationId: OperationId, request: StartLinkRequest) => PendingLinkSummary
  'accounts:cancel-link': (operationId: OperationId) => void
  'accounts:complete-link': (callbackUrl: string) => AccountSummary
  'accounts:link-with-secret': (request: LinkWithSecretRequest) => AccountSummary
  'accounts:sign-in-with-password': (request: PasswordSignInRequest) => AccountSummary
  'accounts:unlink': (accountId: string) => { revokedAtProvider: boolean }
  'demo:start': (operationId: OperationId) => PendingLinkSummary
  /** Ends one of this window's leases; false when it holds no such lease (already ended). */
  'leases:release': (leaseId: string) => boolean
  /** Preload only (channels.ts): the path `webUtils.getPathForFile` gave for a dropped file. */
  'files:register-path': (path: string) => RegisteredFile
  /** Every printer as last read (no request to a server). */
  'printers:list': () => Snapshot<PrintersView>
  /**
   * Pushes `printers:changed` to this window while the lease lives; while any window holds one
   * (and is visible) main reads every 5 s instead of every 30 s.
   */
  'printers:watch': () => PrintersWatch
  /** Reads every account's printers now (the banner's "Try again"); resolves when read. */
  'printers:refresh': () => Snapshot<PrintersView>
  /**
   * Sends one command to each printer. Resolves with each printer's first answer; the printers'
   * `pendingCommand` then follows the confirmation through `printers:changed`. Never retried.
   */
  'printers:command': (operationId: OperationId, request: PrinterCommandRequest) => CommandReceipt[]
  /** "It failed" / "Not a failure" on the current print's alert. */
  'printers:acknowledge-alert': (printerId: string, verdict: AlertVerdict) => PrinterSummary
  /** Mutes (or un-mutes) alerts for the current print; refused when nothing is printing. */
  'printers:mute': (printerId: string, mute: boolean) => PrinterSummary
  /** Changes the settings Obico allows (known keys only). */
  'printers:update-settings': (printerId: string, patch: PrinterSettingsPatch) => PrinterSummary
  /** The latest webcam snapshot as a bounded data URL, or why there is none. */
  'printers:snapshot-image': (printerId: string) => SnapshotImage
  /** Temperatures main has read for this printer since the app started (oldest first). */
  'printers:temperature-history': (printerId: string) => TemperatureSample[]
  'printers:get-preferences': () => PrinterPreferences
  'printers:update-preferences': (patch: PrinterPreferencesPatch) => PrinterPreferences
  /** A page of one account's print history. */
  'prints:list': (query: PrintQuery) => PrintPage
  /** Deletes prints from one account's history (the UI confirms first). */
  'prints:delete': (accountId: string, printIds: number[]) => { deleted: number }
  'prints:stats': (query: PrintStatsQuery) => PrintStats
  /** Checks a registered model file (worker thread); cancel with `mesh:cancel-inspect`. */
  'mesh:inspect': (operationId: OperationId, fileRef: string) => MeshInspectResult
  'mesh:cancel-inspect': (operationId: OperationId) => void
  'repair:status': () => RepairStatus
  'repair:watch': () => RepairWatch
  /** Starts repairing a registered file with Makeprintable; progress comes as `repair:changed`. */
  'repair:start': (
    operationId: OperationId,
    request: { fileRef: string; options: RepairOptions }
  ) => RepairJobView
  'repair:cancel': (operationId: OperationId) => void
  /** Saves a result that waits because its default name exists, under a plain file name. */
  'repair:choose-destination': (operationId: OperationId, fileName: string) => RepairJobView
  /** Preview buffers of a finished repair's saved file. */
  'repair:result-preview': (operationId: OperationId) => ArrayBuffer[]
  /** Past repairs of the linked Makeprintable account. */
  'repair:history': () => PastRepair[]
  // Provider pages (issue 13)
  /** Reads the account's page from its server now. */
  'pages:read': (accountId: string) => Snapshot<ProviderPage>
  /** Reads the page again every 30 s while the lease lives, pushing `pages:changed`. */
  'pages:watch': (accountId: string) => ProviderPageWatch
  'pages:device-details': (accountId: string, deviceUuid: string) => MeshbluDeviceDetails
  /** Sends a Meshblu message; the renderer has shown a preview and had it confirmed. */
  'pages:send-message': (accountId: string, request: MeshbluMessageRequest) => void
  /** Removes a subscription of the user's device; answers the page read again. */
  'pages:remove-subscription': (
    accountId: string,
    subscription: MeshbluSubscriptionRow
  ) => Snapshot<ProviderPage>
  // Obico's AI (issue 12).
  /** A print's failure-prediction timeline (cached in main once read). */
  'prediction:timeline': (accountId: string, printId: number) => PredictionTimeline
  /** The print's tagged video as a same-origin media path (never the signed URL), or why not. */
  'prediction:open-video': (accountId: string, printId: number) => TaggedVideo
  /** Whether the account's server has JusPrin (`lang` is the UI language), and the credits left. */
  'assistant:status': (accountId: string, lang?: string) => AssistantStatus
  'assistant:list-chats': (accountId: string) => ChatSummary[]
  'assistant:open-chat': (accountId: string, chatId: number) => ChatView
  /** Names a chat on this computer (JusPrin chats have no name field). */
  'assistant:rename-chat': (accountId: string, chatId: number, title: string) => ChatSummary
  /** Deletes a chat on the server for good (the UI confirms first). */
  'assistant:delete-chat': (accountId: string, chatId: number) => void
  /** Sends a question (one credit); `assistant:cancel` with the same id stops waiting. */
  'assistant:ask': (operationId: OperationId, request: AskRequest) => AskResult
  /** Sends a picture of the plate for analysis (one credit). */
  'assistant:analyze-plate': (
    operationId: OperationId,
    request: PlateAnalysisRequest
  ) => PlateAnalysis
  /** False when no such operation is running. */
  'assistant:cancel': (operationId: OperationId) => boolean
  /** Mails support@obico.io (whatever the server); the server's answer and where it went. */
  'assistant:contact-support': (
    accountId: string,
    message: string,
    lang?: string
  ) => { reply: string; sentTo: string }
  // The G-code library (issue 10).
  'library:list': (accountId: string, query: ListingQuery) => FolderListing
  'library:folders': (accountId: string, parentId: number | null) => LibraryFolder[]
  'library:create-folder': (
    accountId: string,
    name: string,
    parentId: number | null
  ) => LibraryFolder
  'library:rename-folder': (accountId: string, folderId: number, name: string) => LibraryFolder
  'library:rename-file': (accountId: string, fileId: number, filename: string) => LibraryFile
  'library:move': (accountId: string, selection: LibrarySelection, targetId: number | null) => void
  'library:delete': (accountId: string, selection: LibrarySelection) => void
  /** What deleting a folder takes with it, at every depth. */
  'library:folder-contents': (
    accountId: string,
    folderId: number
  ) => { files: number; folders: number }
  'library:upload-limit': (accountId: string) => UploadLimit
  /** A file's largest thumbnail as a data: URL (main fetches it), or null when it has none. */
  'library:thumbnail': (accountId: string, fileId: number) => string | null
  /** Asks where to save (a dialog in main), then downloads there. */
  'library:download': (
    operationId: OperationId,
    accountId: string,
    fileId: number
  ) => DownloadOutcome
  'library:printers': (accountId: string) => LibraryPrinter[]
  /** Starts a library file on an idle printer of the account; answers what happened, in words. */
  'library:print': (accountId: string, printerId: number, fileId: number) => string
  /** Pushes `uploads:changed` to this window while the lease lives. */
  'uploads:watch': () => UploadsWatch
  'uploads:enqueue': (operationId: OperationId, request: EnqueueUploadRequest) => UploadItem
  /** Opens a file picker in main and queues what was picked (empty when the user cancelled). */
  'uploads:pick': (accountId: string, targetFolderId: number | null) => UploadItem[]
  'uploads:cancel': (operationId: OperationId) => boolean
  'uploads:retry': (operationId: OperationId) => UploadItem
  'uploads:clear-finished': () => number
}

/** Every main → renderer event: channel name → the listener's signature. */
export interface EventChannels {
  'accounts:changed': (accounts: Snapshot<AccountSummary[]>) => void
  'accounts:link-finished': (outcome: LinkOutcome) => void
  'app:notice': (notice: Notice) => void
  /** Only the printers that changed, with a revision (see `PrintersChange`). */
  'printers:changed': (change: PrintersChange) => void
  /** The user clicked a desktop notification about this printer: show its page. */
  'printers:open': (printerId: string) => void
  'repair:changed': (jobs: Snapshot<RepairJobView[]>) => void
  'pages:changed': (change: ProviderPageChange) => void
  'uploads:changed': (uploads: Snapshot<UploadItem[]>) => void
}

/** Compile-time proof that `InvokeChannels` has exactly the names of channels.ts. */
export const INVOKE_SIGNATURES_MATCH_NAMES: [keyof InvokeChannels] extends [InvokeChannel]
  ? [InvokeChannel] extends [keyof InvokeChannels]
    ? true
    : never
  : never = true
/** Compile-time proof that `EventChannels` has exactly the names of channels.ts. */
export const EVENT_SIGNATURES_MATCH_NAMES: [keyof EventChannels] extends [EventChannel]
  ? [EventChannel] extends [keyof EventChannels]
    ? true
    : never
  : never = true

const boundedString = (max: number) => z.string().min(1).max(max)
const url = boundedString(2048)
const profileKey = boundedString(64).regex(/^[a-z0-9-]+$/)
const id = boundedString(512)
const operationId = z.uuid()

const printerId = boundedString(600)
const printIds = z.array(z.number().int().positive()).min(1).max(1000)
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
const timeZone = boundedString(64).regex(/^[A-Za-z0-9_+\-/]+$/, 'an IANA time zone name')

const chatId = z.number().int().positive()
const uiLang = z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'a language tag')
// The G-code library: server ids are positive integers; null is the root folder.
const serverId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const folderId = serverId.nullable()
const selection = z.strictObject({
  fileIds: z.array(serverId).max(10_000),
  folderIds: z.array(serverId).max(10_000)
})

const themeSchema = z.enum(['system', 'light', 'dark'])
const screenSchema = z.enum(['printers', 'files', 'repair', 'accounts'])

/**
 * Validators for the arguments of every invoke channel, as a tuple per channel.
 *
 * The `satisfies` clause ties each schema to the contract: a schema whose output differs from the
 * declared parameters fails to compile. Objects are strict: unknown keys are rejected, not ignored.
 */
export const argumentSchemas = {
  'app:get-info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([
    z.strictObject({
      theme: themeSchema.optional(),
      lastScreen: screenSchema.optional(),
      firstRunDone: z.boolean().optional()
    })
  ]),
  'accounts:list': z.tuple([]),
  'accounts:watch': z.tuple([]),
  'accounts:list-providers': z.tuple([]),
  'accounts:start-link': z.tuple([
    operationId,
    z.strictObject({
      profileKey,
      serverUrl: url.optional(),
      clientId: boundedString(256).optional(),
      redirectUri: url.optional(),
      accountId: id.optional(),
      clientSecret: boundedString(1024).optional(),
      apiServerUrl: url.optional(),
      generic: z
        .strictObject({
          authorizeUrl: url,
          tokenUrl: url,
          revokeUrl: url.optional(),
          scopes: z.string().max(1024).optional()
        })
        .optional()
    })
  ]),
  'accounts:cancel-link': z.tuple([operationId]),
  'accounts:complete-link': z.tuple([url]),
  'accounts:link-with-secret': z.tuple([
    z.strictObject({
      profileKey,
      serverUrl: url.optional(),
      kind: z.enum(['access-token', 'api-key']),
      secret: boundedString(4096)
    })
  ]),
  'accounts:sign-in-with-password': z.tuple([
    z.strictObject({
      profileKey,
      serverUrl: url.optional(),
      username: boundedString(256),
      password: boundedString(1024),
      register: z
        .strictObject({
          email: z.string().max(320).optional(),
          firstName: z.string().max(256).optional(),
          lastName: z.string().max(256).optional(),
          workspaceName: z.string().max(256).optional(),
          inviteCode: z.string().max(256).optional()
        })
        .optional()
    })
  ]),
  'accounts:unlink': z.tuple([id]),
  'demo:start': z.tuple([operationId]),
  'leases:release': z.tuple([z.uuid()]),
  // An absolute path of any platform; main checks what it names (files/file-refs.ts).
  'files:register-path': z.tuple([boundedString(4096)]),
  'printers:list': z.tuple([]),
  'printers:watch': z.tuple([]),
  'printers:refresh': z.tuple([]),
  'printers:command': z.tuple([
    operationId,
    z.strictObject({
      printerIds: z.array(printerId).min(1).max(500),
      command: z.enum(PRINTER_COMMANDS)
    })
  ]),
  'printers:acknowledge-alert': z.tuple([printerId, z.enum(['failed', 'not-failed'])]),
  'printers:mute': z.tuple([printerId, z.boolean()]),
  'printers:update-settings': z.tuple([
    printerId,
    z.strictObject({
      name: z.string().trim().min(1).max(256).optional(),
      actionOnFailure: z.enum(['PAUSE', 'NONE']).optional(),
      watchingEnabled: z.boolean().optional(),
      detectiveSensitivity: z.number().min(0.8).max(1.2).optional(),
      toolsOffOnPause: z.boolean().optional(),
      bedOffOnPause: z.boolean().optional(),
      retractOnPause: z.number().min(0).max(50).optional(),
      liftZOnPause: z.number().min(0).max(50).optional()
    })
  ]),
  'printers:snapshot-image': z.tuple([printerId]),
  'printers:temperature-history': z.tuple([printerId]),
  'printers:get-preferences': z.tuple([]),
  'printers:update-preferences': z.tuple([
    z.strictObject({
      order: z.array(printerId).max(5000).optional(),
      notify: z.partialRecord(z.enum(PRINTER_EVENT_KINDS), z.boolean()).optional(),
      mutedPrinters: z.array(printerId).max(5000).optional(),
      layout: z.enum(['cards', 'list']).optional()
    })
  ]),
  'prints:list': z.tuple([
    z.strictObject({
      accountId: id,
      printerIds: z.array(printerId).max(500).optional(),
      filter: z.enum(['cancelled', 'finished', 'need-alert-overwrite']).optional(),
      oldestFirst: z.boolean().optional(),
      fromDate: calendarDate.optional(),
      toDate: calendarDate.optional(),
      timeZone: timeZone.optional(),
      start: z.number().int().min(0).max(1_000_000),
      limit: z.number().int().min(1).max(200)
    })
  ]),
  'prints:delete': z.tuple([id, printIds]),
  'prints:stats': z.tuple([
    z.strictObject({
      accountId: id,
      printerIds: z.array(printerId).max(500).optional(),
      fromDate: calendarDate,
      toDate: calendarDate,
      timeZone,
      groupBy: z.enum(['day', 'week', 'month', 'year'])
    })
  ]),
  'mesh:inspect': z.tuple([operationId, id]),
  'mesh:cancel-inspect': z.tuple([operationId]),
  'repair:status': z.tuple([]),
  'repair:watch': z.tuple([]),
  'repair:start': z.tuple([
    operationId,
    z.strictObject({
      fileRef: id,
      options: z.strictObject({
        printQuality: z.enum(['standard', 'prototype', 'high']),
        wallThickness: z.number().min(0).max(100).optional(),
        preOptimize: z.number().int().min(0).max(99).optional(),
        postOptimize: z.number().int().min(0).max(99).optional()
      })
    })
  ]),
  'repair:cancel': z.tuple([operationId]),
  'repair:choose-destination': z.tuple([operationId, boundedString(255)]),
  'repair:result-preview': z.tuple([operationId]),
  'repair:history': z.tuple([]),
  // Provider pages (issue 13)
  'pages:read': z.tuple([id]),
  'pages:watch': z.tuple([id]),
  'pages:device-details': z.tuple([id, boundedString(128)]),
  'pages:send-message': z.tuple([
    id,
    z.strictObject({
      deviceUuid: boundedString(128),
      // 64 KiB of UTF-8 is checked in main; this bounds the characters before parsing.
      payloadJson: boundedString(65_536),
      topic: z.string().max(256).optional()
    })
  ]),
  'pages:remove-subscription': z.tuple([
    id,
    z.strictObject({
      subscriberUuid: boundedString(128),
      emitterUuid: boundedString(128),
      type: boundedString(64)
    })
  ]),
  // Obico's AI (issue 12).
  'prediction:timeline': z.tuple([id, z.number().int().positive()]),
  'prediction:open-video': z.tuple([id, z.number().int().positive()]),
  'assistant:status': z.tuple([id, uiLang.optional()]),
  'assistant:list-chats': z.tuple([id]),
  'assistant:open-chat': z.tuple([id, chatId]),
  'assistant:rename-chat': z.tuple([id, chatId, z.string().max(200)]),
  'assistant:delete-chat': z.tuple([id, chatId]),
  'assistant:ask': z.tuple([
    operationId,
    z.strictObject({
      accountId: id,
      chatId: chatId.optional(),
      text: z.string().trim().min(1).max(20_000),
      lang: uiLang.optional()
    })
  ]),
  'assistant:analyze-plate': z.tuple([
    operationId,
    z.strictObject({
      accountId: id,
      source: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('printer'), printerId }),
        // About 9 MB of picture; main checks it is a JPEG, PNG or WebP data URL.
        z.strictObject({
          kind: z.literal('image'),
          dataUrl: z
            .string()
            .min(1)
            .max(12 * 1024 * 1024)
        })
      ]),
      lang: uiLang.optional()
    })
  ]),
  'assistant:cancel': z.tuple([operationId]),
  'assistant:contact-support': z.tuple([
    id,
    z.string().trim().min(1).max(10_000),
    uiLang.optional()
  ]),
  // The G-code library (issue 10).
  'library:list': z.tuple([
    id,
    z.strictObject({
      folderId: folderId,
      search: z.string().max(1000).optional(),
      sorting: z.enum(FILE_SORTINGS).optional()
    })
  ]),
  'library:folders': z.tuple([id, folderId]),
  'library:create-folder': z.tuple([id, boundedString(1000), folderId]),
  'library:rename-folder': z.tuple([id, serverId, boundedString(1000)]),
  'library:rename-file': z.tuple([id, serverId, boundedString(1000)]),
  'library:move': z.tuple([id, selection, folderId]),
  'library:delete': z.tuple([id, selection]),
  'library:folder-contents': z.tuple([id, serverId]),
  'library:upload-limit': z.tuple([id]),
  'library:thumbnail': z.tuple([id, serverId]),
  'library:download': z.tuple([operationId, id, serverId]),
  'library:printers': z.tuple([id]),
  'library:print': z.tuple([id, serverId, serverId]),
  'uploads:watch': z.tuple([]),
  'uploads:enqueue': z.tuple([
    operationId,
    z.strictObject({
      accountId: id,
      fileRef: z.uuid(),
      targetFolderId: folderId,
      folderPath: z.array(boundedString(1000)).max(64).optional(),
      printOnPrinterId: serverId.optional()
    })
  ]),
  'uploads:pick': z.tuple([id, folderId]),
  'uploads:cancel': z.tuple([operationId]),
  'uploads:retry': z.tuple([operationId]),
  'uploads:clear-finished': z.tuple([])
} satisfies { [K in InvokeChannel]: z.ZodType<Parameters<InvokeChannels[K]>> }
