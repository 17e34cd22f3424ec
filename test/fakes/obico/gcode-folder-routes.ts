import { empty, HttpError, json, type FakeServer } from '../kit'
import { withAuth } from './api-auth'
import { bulkIds, bulkMove } from './bulk-move'
import type { ObicoContext } from './context'
import { crash, requestData, requiredText } from './http-helpers'
import { paginate, parentFolderFilter } from './pagination'
import { folderJson } from './serializers'
import type { ObicoGCodeFolder, ObicoUser } from './types'
import { safeName, strictInt } from './util'

/**
 * `/api/v1/g_code_folders/` (obico-api.md §2.6).
 */

/** Deletes a folder, its sub-folders and their files (hard delete by CASCADE; blobs stay, §2.1). */
export function deleteFolderTree(ctx: ObicoContext, folderId: number): void {
  const children = ctx.store.folders.filter((f) => f.parent_folder_id === folderId).map((f) => f.id)
  for (const child of children) deleteFolderTree(ctx, child)
  for (let i = ctx.store.files.length - 1; i >= 0; i--) {
    if (ctx.store.files[i].parent_folder_id === folderId) ctx.store.files.splice(i, 1)
  }
  const index = ctx.store.folders.findIndex((f) => f.id === folderId)
  if (index >= 0) ctx.store.folders.splice(index, 1)
}

/** Stores a new folder row created at `at` (the demo seed backdates its folders). */
export function createFolder(
  ctx: ObicoContext,
  options: { userId: number; parentId: number | null; name: string; at: number }
): ObicoGCodeFolder {
  const folder: ObicoGCodeFolder = {
    id: ctx.store.nextId('folder'),
    user_id: options.userId,
    parent_folder_id: options.parentId,
    name: options.name,
    safe_name: safeName(options.name),
    created_at: options.at,
    updated_at: options.at
  }
  ctx.store.folders.push(folder)
  return folder
}

/** The unique constraints on (user, parent, safe_name) and (user, safe_name) at the root. */
function violatesUnique(
  ctx: ObicoContext,
  userId: number,
  parentId: number | null,
  name: string,
  selfId?: number
): boolean {
  const safe = safeName(name)
  return ctx.store.folders.some(
    (f) =>
      f.user_id === userId &&
      f.parent_folder_id === parentId &&
      f.safe_name === safe &&
      f.id !== selfId
  )
}

/** Resolves a `parent_folder` value that must belong to the user (serializer validation). */
export function ownedParent(ctx: ObicoContext, user: ObicoUser, value: unknown): number | null {
  if (value === null || value === undefined || value === '' || value === 'null') return null
  const id = typeof value === 'number' ? value : strictInt(String(value))
  const folder = ctx.store.folders.find((f) => f.id === id && f.user_id === user.id)
  if (!folder) throw new HttpError(400, { parent_folder: ['Parent folder does not exist'] })
  return folder.id
}

/** Mounts the folder routes. */
export function mountFolderRoutes(server: FakeServer, ctx: ObicoContext): void {
  const base = '/api/v1/g_code_folders'
  const find = (user: ObicoUser, idParam: string): ObicoGCodeFolder => {
    const id = strictInt(idParam)
    const folder = ctx.store.folders.find((f) => f.id === id && f.user_id === user.id)
    if (!folder) throw new HttpError(404, { detail: 'No GCodeFolder matches the given query.' })
    return folder
  }

  server.route(
    'GET',
    `${base}/`,
    withAuth(ctx, (req, { user }) => {
      let list = ctx.store.folders.filter((f) => f.user_id === user.id)
      const parent = parentFolderFilter(req.query)
      if (parent.kind === 'folder') list = list.filter((f) => f.parent_folder_id === parent.id)
      const sorting = req.query.get('sorting') ?? 'created_at_desc'
      const by: Record<string, (a: ObicoGCodeFolder, b: ObicoGCodeFolder) => number> = {
        created_at_desc: (a, b) => b.created_at - a.created_at || b.id - a.id,
        created_at_asc: (a, b) => a.created_at - b.created_at || a.id - b.id,
        name_asc: (a, b) => a.name.localeCompare(b.name),
        name_desc: (a, b) => b.name.localeCompare(a.name)
      }
      list.sort(by[sorting] ?? by.created_at_desc)
      return paginate(req, list, (f) => folderJson(ctx, f, true))
    })
  )

  server.route(
    'POST',
    `${base}/`,
    withAuth(ctx, async (req, { user }) => {
      const data = await requestData(req)
      const name = requiredText(data, 'name')
      const parentId = ownedParent(ctx, user, data.parent_folder)
      // The serializer doesn't check duplicates on create: the DB constraint fails, HTTP 500 (§2.6).
      if (violatesUnique(ctx, user.id, parentId, name))
        crash('UNIQUE constraint failed: app_gcodefolder')
      const folder = createFolder(ctx, { userId: user.id, parentId, name, at: ctx.clock.now() })
      return json(201, folderJson(ctx, folder, false))
    })
  )

  server.route(
    'POST',
    `${base}/bulk_delete/`,
    withAuth(ctx, async (req, { user }) => {
      const data = await requestData(req)
      for (const id of bulkIds(data, 'folder_ids'))
        if (ctx.store.folders.some((f) => f.id === id && f.user_id === user.id))
          deleteFolderTree(ctx, id)
      return empty(204)
    })
  )

  server.route(
    'POST',
    `${base}/bulk_move/`,
    withAuth(ctx, async (req, { user }) => {
      bulkMove(ctx, ctx.store.folders, user, await requestData(req), 'folder_ids')
      return empty(204)
    })
  )

  server.route(
    'GET',
    `${base}/:id/`,
    withAuth(ctx, (req, { user }) => json(200, folderJson(ctx, find(user, req.params.id), true)))
  )

  server.route(
    ['PATCH', 'PUT'],
    `${base}/:id/`,
    withAuth(ctx, async (req, { user }) => {
      const folder = find(user, req.params.id)
      const data = await requestData(req)
      const name = typeof data.name === 'string' && data.name !== '' ? data.name : folder.name
      const parentGiven = 'parent_folder' in data
      const parentId = parentGiven
        ? ownedParent(ctx, user, data.parent_folder)
        : folder.parent_folder_id
      if (violatesUnique(ctx, user.id, parentId, name, folder.id)) {
        // Checked by the serializer only when parent_folder is sent; otherwise the DB fails (§2.6).
        if (parentGiven)
          throw new HttpError(400, {
            non_field_errors: ['A folder with this name already exists in the target folder.']
          })
        crash('UNIQUE constraint failed: app_gcodefolder')
      }
      folder.name = name
      folder.safe_name = safeName(name)
      folder.parent_folder_id = parentId
      folder.updated_at = ctx.clock.now()
      return json(200, folderJson(ctx, folder, false))
    })
  )

  server.route(
    'DELETE',
    `${base}/:id/`,
    withAuth(ctx, (req, { user }) => {
      deleteFolderTree(ctx, find(user, req.params.id).id)
      return empty(204)
    })
  )
}
