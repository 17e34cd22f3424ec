/**
 * Handlers for `library:*` and `uploads:*`: thin calls into the LibraryService (core/library).
 * Paths never come from the page: uploads take a file reference (`files.registerDroppedFile`) or
 * a file picker main opens itself, and downloads ask where to save in main too.
 */
import { basename } from 'node:path'
import type { FileRefs } from '../core/files/file-refs'
import type { LibraryService } from '../core/library'
import type { LeaseRegistry } from '../core/leases'
import { AppError } from '../core/errors'
import type { HandlerMap } from './handler-types'

/** The native dialogs the library needs (Electron's `dialog`); absent in the harness. */
export interface LibraryDialogs {
  /** G-code files the user picked; empty when cancelled. */
  openGcodeFiles(): Promise<string[]>
  /** Where to save `suggestedName`; null when cancelled. */
  saveAs(suggestedName: string): Promise<string | null>
}

/** What the library handlers need. */
export interface LibraryHandlerDeps {
  library: LibraryService
  leases: LeaseRegistry
  files: FileRefs
  dialogs?: LibraryDialogs
}

/** The lease kind of `uploads:watch`; the event bridge pushes `uploads:changed` to its holders. */
export const UPLOADS_WATCH = 'uploads'

type LibraryChannels = Extract<keyof HandlerMap, `library:${string}` | `uploads:${string}`>

function noDialogs(): never {
  throw new AppError(
    'auth/unsupported',
    'This window cannot open a file dialog. Drag files onto it instead.'
  )
}

/** The library and upload handlers. Arguments arrive already validated by `dispatchInvoke`. */
export function libraryHandlers(deps: LibraryHandlerDeps): Pick<HandlerMap, LibraryChannels> {
  const { library } = deps
  const downloads = new Map<string, AbortController>()
  return {
    'library:list': (accountId, query) => library.listing(accountId, query),
    'library:folders': (accountId, parentId) => library.folders(accountId, parentId),
    'library:create-folder': (accountId, name, parentId) =>
      library.createFolder(accountId, name, parentId),
    'library:rename-folder': (accountId, folderId, name) =>
      library.renameFolder(accountId, folderId, name),
    'library:rename-file': (accountId, fileId, filename) =>
      library.renameFile(accountId, fileId, filename),
    'library:move': async (accountId, selection, targetId) => {
      await library.moveFiles(accountId, selection.fileIds, targetId)
      await library.moveFolders(accountId, selection.folderIds, targetId)
    },
    'library:delete': async (accountId, selection) => {
      await library.deleteFiles(accountId, selection.fileIds)
      await library.deleteFolders(accountId, selection.folderIds)
    },
    'library:folder-contents': (accountId, folderId) => library.folderContents(accountId, folderId),
    'library:upload-limit': (accountId) => library.uploadLimit(accountId),
    'library:thumbnail': (accountId, fileId) => library.thumbnail(accountId, fileId),
    'library:download': async (operationId, accountId, fileId) => {
      if (!deps.dialogs) noDialogs()
      if (downloads.has(operationId)) {
        throw new AppError('ipc/duplicate-operation', 'That download is already running.')
      }
      const file = await (await library.client(accountId)).getFile(fileId)
      const destination = await deps.dialogs.saveAs(file.filename)
      if (!destination) return { saved: false }
      const controller = new AbortController()
      downloads.set(operationId, controller)
      try {
        const { bytes } = await library.download(accountId, fileId, destination, {
          signal: controller.signal
        })
        return { saved: true, name: basename(destination), bytes }
      } finally {
        downloads.delete(operationId)
      }
    },
    'library:printers': (accountId) => library.printers(accountId),
    'library:print': (accountId, printerId, fileId) => library.print(accountId, printerId, fileId),
    'uploads:watch': (call) => {
      // The lease first, then the read (as accounts:watch): no change falls between them.
      const leaseId = deps.leases.acquire(call.callerId, UPLOADS_WATCH)
      return { leaseId, snapshot: library.uploads.snapshot() }
    },
    'uploads:enqueue': (operationId, request, call) => {
      const path = deps.files.resolve(call.callerId, request.fileRef)
      return library.enqueueUpload({
        id: operationId,
        accountId: request.accountId,
        path,
        filename: basename(path),
        targetFolderId: request.targetFolderId,
        folderPath: request.folderPath,
        printOnPrinterId: request.printOnPrinterId ?? null
      })
    },
    'uploads:pick': async (accountId, targetFolderId) => {
      if (!deps.dialogs) noDialogs()
      const paths = await deps.dialogs.openGcodeFiles()
      const items = []
      for (const path of paths) {
        items.push(
          await library.enqueueUpload({ accountId, path, filename: basename(path), targetFolderId })
        )
      }
      return items
    },
    'uploads:cancel': (operationId) => library.uploads.cancel(operationId),
    'uploads:retry': (operationId) => library.uploads.retry(operationId),
    'uploads:clear-finished': () => library.uploads.clearFinished()
  }
}
