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
import type { RegisteredFile } from '../models/files'
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
  | { attemptId: OperationId; ok: false; error: { code: string; message: string } }

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
