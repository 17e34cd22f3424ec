/**
 * Obico's G-code files and folders API for one account (obico-api.md §2.5, §2.6): every call goes
 * through the account's authorized request (one HTTP client, token refresh, reachability), every
 * answer is checked with zod, and every failure is an AppError in plain words.
 *
 * Pagination is hidden: a listing reads every page. The server's traps are handled here once:
 * `parent_folder=null` for the root (leaving it out lists every folder's files), trailing slashes,
 * and duplicate folder names checked before the server sees them (it answers those with a 500).
 */
import type { z } from 'zod'
import type {
  FileSorting,
  LibraryFile,
  LibraryFolder,
  ListingQuery
} from '../../../shared/models/library'
import type { AuthorizedRequest } from '../accounts/service-types'
import { AppError } from '../errors'
import type { HttpResponse } from '../http'
import { statusError } from '../providers/adapter-support'
import { assertNameFree, cleanFolderName } from './folder-names'
import { pageSchema, toFile, toFolder, wireFile, wireFolder } from './obico-wire'

/** Sends one request with the account's credential (`accountService.authorizedRequest`, bound). */
export type SendAuthorized = (request: AuthorizedRequest) => Promise<HttpResponse>

const FILES = '/api/v1/g_code_files/'
const FOLDERS = '/api/v1/g_code_folders/'
/** Obico's default page is 6 items and has no maximum; 200 keeps each answer well under its cap. */
const PAGE_SIZE = 200
const PAGE_MAX_BYTES = 16 * 1024 * 1024
/** A folder this deep is a cycle (bulk_move does not check for them, §2.6). */
const MAX_DEPTH = 64

const LABEL = 'The Obico server'

/** The AppError for an answer that is not what Obico's API documents. */
function badShape(what: string, cause?: unknown): AppError {
  return new AppError(
    'network/bad-response',
    `${LABEL} sent ${what} in a form Printdock does not know. Check the server address.`,
    { cause }
  )
}

/** Parses a JSON answer with a schema, or throws 'network/bad-response'. */
function parse<T extends z.ZodType>(response: HttpResponse, schema: T, what: string): z.infer<T> {
  const result = schema.safeParse(response.json())
  if (!result.success) throw badShape(what, result.error)
  return result.data
}

/** The AppError for a status the caller did not expect; 404 is "no longer there". */
export function libraryStatusError(status: number, what: string): AppError {
  if (status === 404) {
    return new AppError(
      'library/not-found',
      `${what} is no longer on the server. Refresh the list.`
    )
  }
  return statusError(LABEL, status)
}

function expectStatus(response: HttpResponse, ok: number[], what: string): void {
  if (!ok.includes(response.status)) throw libraryStatusError(response.status, what)
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value))
  }
  return search.toString()
}

/** The client for one account. */
export class ObicoLibraryClient {
  constructor(private readonly send: SendAuthorized) {}

  /** Every page of a paginated list, in the server's order. */
  private async allPages<T extends z.ZodType>(
    path: string,
    params: Record<string, string | number | undefined>,
    item: T,
    what: string,
    signal?: AbortSignal
  ): Promise<z.infer<T>[]> {
    const schema = pageSchema(item)
    const items: z.infer<T>[] = []
    for (let page = 1; ; page++) {
      const response = await this.send({
        method: 'GET',
        url: `${path}?${query({ ...params, page, page_size: PAGE_SIZE })}`,
        maxResponseBytes: PAGE_MAX_BYTES,
        signal
      })
      // A page past the end is a 404 "Invalid page." (§2.1): the list shrank while we read it.
      if (response.status === 404 && page > 1) return items
      expectStatus(response, [200], what)
      const body = parse(response, schema, what)
      items.push(...body.results)
      if (!body.next || body.results.length === 0 || items.length >= body.count) return items
    }
  }

  /** The sub-folders of a folder (null: the root), by name. */
  async listFolders(parentId: number | null, signal?: AbortSignal): Promise<LibraryFolder[]> {
    const folders = await this.allPages(
      FOLDERS,
      { parent_folder: parentId ?? 'null', sorting: 'name_asc' },
      wireFolder,
      'the folder list',
      signal
    )
    return folders.map(toFolder)
  }

  /** The files of a folder (null: the root), searched and sorted by the server. */
  async listFiles(
    folderId: number | null,
    options: { search?: string; sorting?: FileSorting } = {},
    signal?: AbortSignal
  ): Promise<LibraryFile[]> {
    const files = await this.allPages(
      FILES,
      {
        parent_folder: folderId ?? 'null',
        q: options.search?.trim() || undefined,
        sorting: options.sorting ?? 'created_at_desc'
      },
      wireFile,
      'the file list',
      signal
    )
    return files.map(toFile)
  }

  /** One folder. */
  async getFolder(folderId: number, signal?: AbortSignal): Promise<LibraryFolder> {
    const response = await this.send({ method: 'GET', url: `${FOLDERS}${folderId}/`, signal })
    expectStatus(response, [200], 'That folder')
    return toFolder(parse(response, wireFolder, 'a folder'))
  }

  /** One file (soft-deleted ones too: check `deleted`). */
  async getFile(
    fileId: number,
    signal?: AbortSignal
  ): Promise<LibraryFile & { deleted: boolean; url: string | null }> {
    const response = await this.send({ method: 'GET', url: `${FILES}${fileId}/`, signal })
    expectStatus(response, [200], 'That file')
    const wire = parse(response, wireFile, 'a file')
    const url = typeof wire.url === 'string' ? wire.url : null
    return { ...toFile(wire), deleted: !!wire.deleted, url }
  }

  /** Root first, `folderId` last. */
  async folderPath(
    folderId: number | null,
    signal?: AbortSignal
  ): Promise<{ id: number; name: string }[]> {
    const path: { id: number; name: string }[] = []
    let current = folderId
    while (current !== null) {
      if (path.length >= MAX_DEPTH) throw badShape('a folder tree that loops')
      const folder = await this.getFolder(current, signal)
      path.unshift({ id: folder.id, name: folder.name })
      current = folder.parentId
    }
    return path
  }

  /** A folder's contents in one call: sub-folders and files. */
  async listing(query: ListingQuery, signal?: AbortSignal) {
    const [folders, files] = await Promise.all([
      // The server has no `q` for folders (§2.6); a search filters them here, by the same rule.
      this.listFolders(query.folderId, signal),
      this.listFiles(query.folderId, { search: query.search, sorting: query.sorting }, signal)
    ])
    const needle = query.search?.trim().toLowerCase()
    return {
      folders: needle ? folders.filter((f) => f.name.toLowerCase().includes(needle)) : folders,
      files
    }
  }

  /** Creates a folder, refusing a name the parent already has (the server would answer 500). */
  async createFolder(name: string, parentId: number | null): Promise<LibraryFolder> {
    const clean = cleanFolderName(name)
    assertNameFree(clean, await this.listFolders(parentId))
    const response = await this.send({
      method: 'POST',
      url: FOLDERS,
      body: { name: clean, parent_folder: parentId }
    })
    if (response.status === 400) throw rejected(response, 'That folder name')
    expectStatus(response, [201], 'The parent folder')
    return toFolder(parse(response, wireFolder, 'the new folder'))
  }

  /** The folder named `name` in `parentId`, created when missing (for dropped folder trees). */
  async ensureFolder(name: string, parentId: number | null): Promise<LibraryFolder> {
    const clean = cleanFolderName(name)
    const siblings = await this.listFolders(parentId)
    const existing = siblings.find((folder) => folder.name === clean)
    if (existing) return existing
    return this.createFolder(clean, parentId)
  }

  /** Renames a folder; the new name must be free among its siblings. */
  async renameFolder(folderId: number, name: string): Promise<LibraryFolder> {
    const clean = cleanFolderName(name)
    const folder = await this.getFolder(folderId)
    assertNameFree(clean, await this.listFolders(folder.parentId), folderId)
    return this.patchFolder(folderId, { name: clean })
  }

  /**
   * Moves folders into `targetId` (null: the root). Refuses a move into itself or its own
   * sub-folder (the server does not check, §2.6) and a name the target already has.
   */
  async moveFolders(folderIds: number[], targetId: number | null): Promise<void> {
    if (folderIds.length === 0) return
    if (targetId !== null) {
      const ancestry = await this.folderPath(targetId)
      const inside = ancestry.find((step) => folderIds.includes(step.id))
      if (inside) {
        throw new AppError(
          'ipc/invalid-arguments',
          `“${inside.name}” cannot go inside itself or one of its own folders.`
        )
      }
    }
    const siblings = await this.listFolders(targetId)
    const moving = await Promise.all(folderIds.map((id) => this.getFolder(id)))
    const staying = siblings.filter((s) => !folderIds.includes(s.id))
    const seen: { id: number; name: string }[] = [...staying]
    for (const folder of moving) {
      assertNameFree(folder.name, seen)
      seen.push(folder)
    }
    const response = await this.send({
      method: 'POST',
      url: `${FOLDERS}bulk_move/`,
      body: { folder_ids: folderIds, parent_folder: targetId }
    })
    expectStatus(response, [200, 204], 'A folder')
  }

  /** Deletes folders with everything inside them (the server cascades, §2.1). */
  async deleteFolders(folderIds: number[]): Promise<void> {
    if (folderIds.length === 0) return
    const response = await this.send({
      method: 'POST',
      url: `${FOLDERS}bulk_delete/`,
      body: { folder_ids: folderIds }
    })
    expectStatus(response, [200, 204], 'A folder')
  }

  /**
   * How much goes with a folder when it is deleted: files and folders at every depth (the server's
   * counts are direct children only).
   */
  async countContents(folderId: number): Promise<{ files: number; folders: number }> {
    let files = 0
    let folders = 0
    const queue = [folderId]
    while (queue.length > 0) {
      const current = queue.shift() as number
      const folder = await this.getFolder(current)
      files += folder.fileCount
      const children = await this.listFolders(current)
      folders += children.length
      if (folders > 10_000) break
      queue.push(...children.map((child) => child.id))
    }
    return { files, folders }
  }

  private async patchFolder(
    folderId: number,
    body: Record<string, unknown>
  ): Promise<LibraryFolder> {
    const response = await this.send({ method: 'PATCH', url: `${FOLDERS}${folderId}/`, body })
    if (response.status === 400) throw rejected(response, 'That folder name')
    expectStatus(response, [200], 'That folder')
    return toFolder(parse(response, wireFolder, 'the folder'))
  }

  /** Renames a file (the server recomputes its safe name). */
  async renameFile(fileId: number, filename: string): Promise<LibraryFile> {
    const clean = filename.trim()
    if (!clean) throw new AppError('ipc/invalid-arguments', 'A file needs a name.')
    if (clean.length > 1000) {
      throw new AppError('ipc/invalid-arguments', 'A file name can have at most 1000 characters.')
    }
    const response = await this.send({
      method: 'PATCH',
      url: `${FILES}${fileId}/`,
      body: { filename: clean }
    })
    if (response.status === 400) throw rejected(response, 'That file name')
    expectStatus(response, [200], 'That file')
    return toFile(parse(response, wireFile, 'the file'))
  }

  /** Moves files into `targetId` (null: the root). */
  async moveFiles(fileIds: number[], targetId: number | null): Promise<void> {
    if (fileIds.length === 0) return
    const response = await this.send({
      method: 'POST',
      url: `${FILES}bulk_move/`,
      body: { file_ids: fileIds, parent_folder: targetId }
    })
    expectStatus(response, [200, 204], 'A file')
  }

  /** Deletes one file (and its stored content). A file already gone counts as deleted. */
  async deleteFile(fileId: number, signal?: AbortSignal): Promise<void> {
    const response = await this.send({ method: 'DELETE', url: `${FILES}${fileId}/`, signal })
    if (response.status === 404) return
    expectStatus(response, [200, 204], 'That file')
  }

  /** Deletes files one by one, so their stored content goes too (bulk_delete keeps it, §2.5). */
  async deleteFiles(fileIds: number[]): Promise<void> {
    for (const id of fileIds) await this.deleteFile(id)
  }
}

/** A 400 in Obico's serializer shape, in plain words where it names a field. */
function rejected(response: HttpResponse, what: string): AppError {
  let detail = ''
  try {
    const body = response.json() as Record<string, unknown>
    const first = Object.values(body)[0]
    detail = Array.isArray(first) ? String(first[0]) : typeof first === 'string' ? first : ''
  } catch {
    // Not JSON: the generic words below.
  }
  return new AppError(
    'ipc/invalid-arguments',
    detail ? `${what} was refused by the server: ${detail}` : `${what} was refused by the server.`
  )
}
