import { createReadStream } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import { empty, html, HttpError, json, stream, type FakeServer } from '../kit'
import { withAuth } from './api-auth'
import { bulkIds, bulkMove } from './bulk-move'
import type { ObicoContext } from './context'
import { ownedParent } from './gcode-folder-routes'
import { handleUpload } from './gcode-upload'
import { requestData } from './http-helpers'
import { paginate, parentFolderFilter } from './pagination'
import { snapshotJpeg } from './jpeg'
import { fileDeserializerJson, fileJson } from './serializers'
import type { ObicoGCodeFile, ObicoUser } from './types'
import { safeName, signPath, strictInt } from './util'

/**
 * `/api/v1/g_code_files/` (obico-api.md §2.5) and the signed, auth-free `/media/` URLs (§2.3, §2.5).
 */

const SORTS: Record<string, (a: ObicoGCodeFile, b: ObicoGCodeFile) => number> = {
  created_at_desc: (a, b) => b.created_at - a.created_at || b.id - a.id,
  created_at_asc: (a, b) => a.created_at - b.created_at || a.id - b.id,
  num_bytes_asc: (a, b) => (a.num_bytes ?? 0) - (b.num_bytes ?? 0),
  num_bytes_desc: (a, b) => (b.num_bytes ?? 0) - (a.num_bytes ?? 0),
  filename_asc: (a, b) => a.filename.localeCompare(b.filename),
  filename_desc: (a, b) => b.filename.localeCompare(a.filename)
}

const FORBIDDEN_PAGE =
  '<!doctype html><html lang="en"><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>'

/** Mounts the G-code file routes and the media routes. */
export function mountFileRoutes(server: FakeServer, ctx: ObicoContext): void {
  const base = '/api/v1/g_code_files'
  const find = (user: ObicoUser, idParam: string, includeDeleted: boolean): ObicoGCodeFile => {
    const id = strictInt(idParam)
    const file = ctx.store.files.find(
      (f) => f.id === id && f.user_id === user.id && (includeDeleted || f.deleted === null)
    )
    if (!file) throw new HttpError(404, { detail: 'No GCodeFile matches the given query.' })
    return file
  }

  server.route(
    'GET',
    `${base}/`,
    withAuth(ctx, (req, { user }) => {
      const q = req.query
      let list = ctx.store.files.filter((f) => f.user_id === user.id && f.deleted === null)
      const resident = q.get('resident_printer')
      // Without resident_printer only server-stored files are listed (§2.5).
      list = list.filter((f) =>
        resident ? f.resident_printer_id === Number(resident) : f.resident_printer_id === null
      )
      const parent = parentFolderFilter(q)
      if (parent.kind === 'folder') list = list.filter((f) => f.parent_folder_id === parent.id)
      const needle = (q.get('q') ?? '').toLowerCase()
      // `q` matches safe_filename, not filename (§2.5, §6 item 14).
      if (needle) list = list.filter((f) => f.safe_filename.toLowerCase().includes(needle))
      list.sort(SORTS[q.get('sorting') ?? 'created_at_desc'] ?? SORTS.created_at_desc)
      return paginate(req, list, (f) => fileJson(ctx, f))
    })
  )

  server.route(
    'POST',
    `${base}/`,
    withAuth(ctx, (req, { user }) => handleUpload(ctx, req, user))
  )

  server.route(
    'POST',
    `${base}/bulk_delete/`,
    withAuth(ctx, async (req, { user }) => {
      const data = await requestData(req)
      const ids = bulkIds(data, 'file_ids')
      // A queryset (soft) delete: rows hidden, stored blobs kept (§2.5).
      for (const f of ctx.store.files)
        if (f.user_id === user.id && ids.includes(f.id)) f.deleted ??= ctx.clock.now()
      return empty(204)
    })
  )

  server.route(
    'POST',
    `${base}/bulk_move/`,
    withAuth(ctx, async (req, { user }) => {
      bulkMove(ctx, ctx.store.files, user, await requestData(req), 'file_ids')
      return empty(204)
    })
  )

  server.route(
    'GET',
    `${base}/:id/`,
    // Retrieve also returns soft-deleted files (§2.5).
    withAuth(ctx, (req, { user }) => json(200, fileJson(ctx, find(user, req.params.id, true))))
  )

  server.route(
    ['PATCH', 'PUT'],
    `${base}/:id/`,
    withAuth(ctx, async (req, { user }) => {
      const file = find(user, req.params.id, false)
      const data = await requestData(req)
      if ('filename' in data) {
        if (typeof data.filename !== 'string' || !data.filename)
          throw new HttpError(400, { filename: ['This field may not be blank.'] })
        file.filename = data.filename
        file.safe_filename = safeName(data.filename)
      }
      if ('parent_folder' in data)
        file.parent_folder_id = ownedParent(ctx, user, data.parent_folder)
      file.updated_at = ctx.clock.now()
      return json(200, fileDeserializerJson(ctx, file))
    })
  )

  server.route(
    'DELETE',
    `${base}/:id/`,
    withAuth(ctx, async (req, { user }) => {
      const file = find(user, req.params.id, false)
      // Deletes the blob, nulls url, soft-deletes the row (§2.5).
      if (file.storage_path) await unlink(file.storage_path).catch(() => undefined)
      file.storage_path = null
      file.deleted = ctx.clock.now()
      return empty(204)
    })
  )

  // Signed media: no auth, HMAC digest of the path (§2.3, §2.5, §6 item 16).
  server.route('GET', '/media/tsd-gcodes/:user/:id', async (req) => {
    if (req.query.get('digest') !== signPath(ctx.secret, req.path)) return html(403, FORBIDDEN_PAGE)
    const file = ctx.store.files.find(
      (f) => f.id === strictInt(req.params.id) && f.user_id === strictInt(req.params.user)
    )
    if (!file?.storage_path) throw new HttpError(404, '')
    const size = (await stat(file.storage_path)).size
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''))
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' }
    if (range && (range[1] || range[2])) {
      let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]))
      let end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
      if (!range[1]) end = size - 1
      if (start >= size || start > end) {
        return empty(416, { 'content-range': `bytes */${size}` })
      }
      start = Math.max(0, start)
      end = Math.max(start, end)
      return stream(206, createReadStream(file.storage_path, { start, end }), {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': String(end - start + 1)
      })
    }
    return stream(200, createReadStream(file.storage_path), {
      ...headers,
      'content-length': String(size)
    })
  })

  const snapshot = (printerId: number, digestOk: boolean) => {
    if (!digestOk) return html(403, FORBIDDEN_PAGE)
    const sim = ctx.sims.get(printerId)
    if (!sim) throw new HttpError(404, '')
    const job = sim.job
    const jpeg = snapshotJpeg(job ? job.elapsedMs / job.totalMs : 0, sim.alertP !== null, printerId)
    return {
      kind: 'body' as const,
      status: 200,
      headers: { 'content-type': 'image/jpeg' },
      body: jpeg,
      isJson: false
    }
  }
  server.route('GET', '/media/tsd-pics/snapshots/:printer/latest_unrotated.jpg', (req) =>
    snapshot(
      strictInt(req.params.printer),
      req.query.get('digest') === signPath(ctx.secret, req.path)
    )
  )
  server.route('GET', '/media/tsd-pics/raw/:printer/:print/:name', (req) =>
    snapshot(
      strictInt(req.params.printer),
      req.query.get('digest') === signPath(ctx.secret, req.path)
    )
  )
}
