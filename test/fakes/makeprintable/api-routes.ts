import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import Busboy from '@fastify/busboy'
import { empty, HttpError, stream, type FakeRequest, type FakeServer } from '../kit'
import { MeshParseError, parseMesh, repairMesh, writeBinaryStl } from './mesh-repair'
import {
  randomSecret,
  type FixOptions,
  type FixRecord,
  type ItemRecord,
  type MakeprintableStore,
  type MakeprintableUser,
  type RepairOutcome
} from './store'
import { formatted, validationError, yiiError } from './yii-format'

/**
 * Upload formats the emulator accepts: providers.md §1.3 asks it to be permissive. Only STL and
 * OBJ are actually repaired (see mesh-repair.ts); fixes of the others fail with a reason.
 */
export const ACCEPTED_EXTENSIONS = [
  'stl',
  'obj',
  '3mf',
  '3ds',
  'dae',
  'ply',
  'wrl',
  'x3d',
  'fbx',
  'zip'
]

/** Largest upload the fake takes. */
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024

/**
 * The fix timeline on the fake clock (field names and timing are the fake's own: the real
 * `GET /fixes/{id}` shape is unknown, §5): queued for 2 s, then fixing for 5 s plus 1 s per 50 KB
 * of input (at most 2 minutes), then done or failed.
 */
export const FIX_QUEUE_MS = 2_000

function fixDurationMs(size: number): number {
  return Math.min(120_000, 5_000 + Math.ceil(size / 50_000) * 1_000)
}

/** What the API routes need besides the store. */
export interface ApiContext {
  server: FakeServer
  store: MakeprintableStore
  storageDir: string
}

function authenticate(req: FakeRequest, store: MakeprintableStore): MakeprintableUser {
  // §1.2: the `key` header (API key) or `Authorization: Bearer <token>` on every v1 route.
  const key = req.headers['key']
  if (typeof key === 'string' && key) {
    const user = store.userByApiKey(key)
    if (user) return user
  }
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  const grant = match ? store.tokens.get(match[1]!) : undefined
  const user = grant ? store.users.get(grant.userId) : undefined
  if (user) return user
  req.raw.resume()
  // Yii2's HttpBearerAuth message (§1.5 [infer]).
  throw yiiError(401, 'Your request was made with invalid credentials.')
}

function itemJson(item: ItemRecord): Record<string, unknown> {
  // The documented example order and types: file_name without extension, Unix seconds (§1.3).
  return {
    user_id: item.userId,
    file_name: item.fileName,
    file_ext: item.fileExt,
    status: 1,
    created_at: Math.floor(item.createdAt / 1000),
    updated_at: Math.floor(item.updatedAt / 1000),
    id: item.id
  }
}

function paginate<T>(req: FakeRequest, rows: T[]): { page: T[]; headers: Record<string, string> } {
  // The page says `Page` / `pageSize`; Yii2's own names are `page` / `per-page` (§1.3). Both work.
  const perPage = Math.min(
    100,
    Math.max(1, Number(req.query.get('pageSize') ?? req.query.get('per-page') ?? 20) || 20)
  )
  const pageCount = Math.max(1, Math.ceil(rows.length / perPage))
  const current = Math.min(
    pageCount,
    Math.max(1, Number(req.query.get('Page') ?? req.query.get('page') ?? 1) || 1)
  )
  return {
    page: rows.slice((current - 1) * perPage, current * perPage),
    headers: {
      'x-pagination-total-count': String(rows.length),
      'x-pagination-page-count': String(pageCount),
      'x-pagination-current-page': String(current),
      'x-pagination-per-page': String(perPage)
    }
  }
}

function splitName(fileName: string): { name: string; ext: string } {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  if (dot <= 0) return { name: base, ext: '' }
  return { name: base.slice(0, dot), ext: base.slice(dot + 1).toLowerCase() }
}

/** Mounts `/v1/items*`, `/v1/fixes*` and the download links. */
export function mountApiRoutes(ctx: ApiContext): void {
  const { server, store } = ctx

  server.route('POST', '/v1/items', async (req) => {
    const user = authenticate(req, store)
    const item = await receiveUpload(req, ctx, user)
    return formatted(req.headers.accept, 201, itemJson(item))
  })

  server.route('GET', '/v1/items', (req) => {
    const user = authenticate(req, store)
    const rows = [...store.items.values()].filter((i) => i.userId === user.id).map(itemJson)
    const { page, headers } = paginate(req, rows)
    return formatted(req.headers.accept, 200, page, headers)
  })

  server.route('GET', '/v1/items/:id', (req) => {
    const user = authenticate(req, store)
    return formatted(req.headers.accept, 200, itemJson(ownedItem(store, user, req.params.id!)))
  })

  server.route('DELETE', '/v1/items/:id', async (req) => {
    const user = authenticate(req, store)
    const item = ownedItem(store, user, req.params.id!)
    store.items.delete(item.id)
    await rm(item.path, { force: true })
    // Yii2 REST's delete action answers 204 with no body.
    return empty(204)
  })

  server.route('POST', '/v1/fixes', async (req) => {
    const user = authenticate(req, store)
    const params = await readParams(req)
    const { itemId, options } = validateFix(params)
    const item = store.items.get(itemId)
    if (!item || item.userId !== user.id) {
      throw validationError([{ field: 'item_id', message: 'Item ID is invalid.' }])
    }
    const fix = createFix(ctx, user, item, options)
    return formatted(req.headers.accept, 201, await fixJson(ctx, fix))
  })

  server.route('GET', '/v1/fixes', async (req) => {
    const user = authenticate(req, store)
    const mine = [...store.fixes.values()].filter((f) => f.userId === user.id)
    const { page, headers } = paginate(req, mine)
    const rows = await Promise.all(page.map((fix) => fixJson(ctx, fix)))
    return formatted(req.headers.accept, 200, rows, headers)
  })

  server.route('GET', '/v1/fixes/:id', async (req) => {
    const user = authenticate(req, store)
    const fix = store.fixes.get(Number(req.params.id))
    if (!fix || fix.userId !== user.id) throw yiiError(404, `Object not found: ${req.params.id}`)
    return formatted(req.headers.accept, 200, await fixJson(ctx, fix))
  })

  // §1.3: "There is no separate download endpoint in v1": downloads go through the link(s) in the
  // fix record. The fake's links are unguessable URLs that need no credentials.
  server.route('GET', '/downloads/:token/:file', async (req) => {
    const fix = [...store.fixes.values()].find((f) => f.downloadToken === req.params.token)
    const outcome = fix && state(ctx, fix).status === 'done' ? await fix.work : undefined
    if (!fix || !outcome?.ok) throw new HttpError(404, 'Not Found')
    return stream(200, createReadStream(outcome.path), {
      'content-type': 'model/stl',
      'content-length': String(outcome.size),
      'content-disposition': `attachment; filename="${req.params.file}"`
    })
  })
}

function ownedItem(store: MakeprintableStore, user: MakeprintableUser, id: string): ItemRecord {
  const item = store.items.get(Number(id))
  if (!item || item.userId !== user.id) throw yiiError(404, `Object not found: ${id}`)
  return item
}

async function readParams(req: FakeRequest): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').toLowerCase()
  if (type.startsWith('application/json')) {
    const body = await req.json<Record<string, unknown>>()
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(body ?? {})) {
      if (value !== null && value !== undefined) params.set(key, String(value))
    }
    return params
  }
  if (type.startsWith('multipart/form-data')) {
    const params = new URLSearchParams()
    await new Promise<void>((resolve, reject) => {
      const parser = Busboy({ headers: { ...req.headers, 'content-type': type } })
      parser.on('field', (name, value) => params.set(name, value))
      parser.on('file', (_name, file) => file.resume())
      parser.on('finish', resolve)
      parser.on('error', reject)
      req.bodyStream().on('error', reject).pipe(parser)
    })
    return params
  }
  return req.form()
}

function optionalNumber(
  params: URLSearchParams,
  field: string,
  errors: { field: string; message: string }[],
  min: number,
  max: number
): number | null {
  const raw = params.get(field)
  if (raw === null || raw === '') return null
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) {
    errors.push({ field, message: `${field} must be a number between ${min} and ${max}.` })
    return null
  }
  return value
}

function validateFix(params: URLSearchParams): { itemId: number; options: FixOptions } {
  const errors: { field: string; message: string }[] = []
  const itemRaw = params.get('item_id')
  if (!itemRaw) errors.push({ field: 'item_id', message: 'Item ID cannot be blank.' })
  else if (!/^\d+$/.test(itemRaw))
    errors.push({ field: 'item_id', message: 'Item ID must be an integer.' })
  // The stored page cuts off at "name … requ[ired]" (§1.3); the fake requires it.
  const name = params.get('name') ?? ''
  if (!name) errors.push({ field: 'name', message: 'Name cannot be blank.' })
  const quality = params.get('print_quality') || null
  if (quality && !['standard', 'prototype', 'high'].includes(quality)) {
    errors.push({ field: 'print_quality', message: 'Print Quality is invalid.' })
  }
  const callback = params.get('callback_url') || null
  if (callback && !/^https?:\/\//i.test(callback)) {
    errors.push({ field: 'callback_url', message: 'Callback Url is not a valid URL.' })
  }
  const options: FixOptions = {
    name,
    callback_url: callback,
    wall_thickness: optionalNumber(params, 'wall_thickness', errors, 0, 100),
    print_quality: quality,
    pre_optimize: optionalNumber(params, 'pre_optimize', errors, 0, 99),
    post_optimize: optionalNumber(params, 'post_optimize', errors, 0, 99),
    secure: ['1', 'true'].includes((params.get('secure') ?? '').toLowerCase())
  }
  if (errors.length > 0) throw validationError(errors)
  return { itemId: Number(itemRaw), options }
}

/** Streams a multipart `file` (or fetches `fileurl`) to disk and records the item. */
async function receiveUpload(
  req: FakeRequest,
  ctx: ApiContext,
  user: MakeprintableUser
): Promise<ItemRecord> {
  const id = ctx.store.newItemId()
  const type = (req.headers['content-type'] ?? '').toLowerCase()
  let original: string | undefined
  let fileUrl: string | undefined
  let size = 0
  let path = ''
  let pending: Promise<void> | undefined
  if (type.startsWith('multipart/form-data')) {
    await new Promise<void>((resolve, reject) => {
      const parser = Busboy({
        headers: { ...req.headers, 'content-type': req.headers['content-type'] ?? type },
        limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 }
      })
      parser.on('field', (name, value) => {
        if (name === 'fileurl') fileUrl = value
      })
      parser.on('file', (name, file, filename) => {
        if (name !== 'file' || original !== undefined) {
          file.resume()
          return
        }
        original = filename
        const ext = splitName(filename).ext
        path = join(ctx.storageDir, `item-${id}.${ext || 'bin'}`)
        file.on('data', (chunk: Buffer) => {
          size += chunk.length
        })
        pending = pipeline(file, createWriteStream(path)).then(() => {
          if (file.truncated)
            throw validationError([{ field: 'file', message: 'The file is too big.' }])
        })
        pending.catch(() => undefined)
      })
      parser.on('finish', () => resolve())
      parser.on('error', reject)
      const body = req.bodyStream()
      body.on('error', reject)
      body.pipe(parser)
    })
    if (pending) await pending
  } else {
    fileUrl = (await req.form()).get('fileurl') ?? undefined
  }
  if (original === undefined && fileUrl) {
    const fetched = await fetchRemote(fileUrl, ctx, id)
    original = fetched.name
    path = fetched.path
    size = fetched.size
  }
  if (original === undefined) {
    throw validationError([{ field: 'file', message: 'Please upload a file.' }])
  }
  const { name, ext } = splitName(original)
  if (!ACCEPTED_EXTENSIONS.includes(ext)) {
    await rm(path, { force: true })
    throw validationError([
      {
        field: 'file',
        message: `Only files with these extensions are allowed: ${ACCEPTED_EXTENSIONS.join(', ')}.`
      }
    ])
  }
  const now = ctx.server.clock.now()
  const item: ItemRecord = {
    id,
    userId: user.id,
    fileName: name,
    fileExt: ext,
    path,
    size,
    createdAt: now,
    updatedAt: now
  }
  ctx.store.items.set(id, item)
  return item
}

/** `fileurl`: "direct download URL" (§1.3); streamed to disk like an upload. */
async function fetchRemote(
  url: string,
  ctx: ApiContext,
  id: number
): Promise<{ name: string; path: string; size: number }> {
  let response: Response
  try {
    if (!/^https?:\/\//i.test(url)) throw new Error('bad scheme')
    response = await fetch(url)
  } catch {
    throw validationError([{ field: 'fileurl', message: 'The file could not be downloaded.' }])
  }
  if (!response.ok || !response.body) {
    throw validationError([
      { field: 'fileurl', message: `The file could not be downloaded (HTTP ${response.status}).` }
    ])
  }
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? 'download')
  const path = join(ctx.storageDir, `item-${id}.${splitName(name).ext || 'bin'}`)
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    createWriteStream(path)
  )
  return { name, path, size: (await stat(path)).size }
}

function createFix(
  ctx: ApiContext,
  user: MakeprintableUser,
  item: ItemRecord,
  options: FixOptions
): FixRecord {
  const now = ctx.server.clock.now()
  const id = ctx.store.newFixId()
  const fix: FixRecord = {
    id,
    userId: user.id,
    itemId: item.id,
    options,
    createdAtMs: now,
    startsAtMs: now + FIX_QUEUE_MS,
    doneAtMs: now + FIX_QUEUE_MS + fixDurationMs(item.size),
    downloadToken: randomSecret(18),
    work: runRepair(item, join(ctx.storageDir, `fix-${id}.stl`))
  }
  void fix.work.then((outcome) => {
    fix.outcome = outcome
  })
  ctx.store.fixes.set(id, fix)
  if (options.callback_url) {
    const callbackUrl = options.callback_url
    ctx.server.clock.schedule(fix.doneAtMs - now, () => {
      void postCallback(ctx, fix, callbackUrl)
    })
  }
  return fix
}

/** The actual work: parse and repair the item's file, write the repaired STL. */
async function runRepair(item: ItemRecord, outPath: string): Promise<RepairOutcome> {
  // Let the upload response go out first; the repair runs after.
  await new Promise((resolve) => setImmediate(resolve))
  try {
    const mesh = parseMesh(await readFile(item.path), item.fileExt)
    const result = repairMesh(mesh)
    const bytes = writeBinaryStl(result, `${item.fileName}.${item.fileExt}`)
    await writeFile(outPath, bytes)
    return { ok: true, path: outPath, size: bytes.length, report: result.report }
  } catch (error) {
    const message = error instanceof MeshParseError ? error.message : 'the file could not be read'
    return { ok: false, error: message }
  }
}

function state(
  ctx: ApiContext,
  fix: FixRecord
): { status: 'queued' | 'fixing' | 'done' | 'failed'; progress: number } {
  const now = ctx.server.clock.now()
  if (now < fix.startsAtMs) return { status: 'queued', progress: 0 }
  if (now < fix.doneAtMs) {
    const progress = Math.floor((100 * (now - fix.startsAtMs)) / (fix.doneAtMs - fix.startsAtMs))
    return { status: 'fixing', progress: Math.min(99, progress) }
  }
  if (fix.outcome && !fix.outcome.ok) return { status: 'failed', progress: 100 }
  return { status: 'done', progress: 100 }
}

/** The fix record the fake serves (field names are the fake's own, see §5). */
async function fixJson(ctx: ApiContext, fix: FixRecord): Promise<Record<string, unknown>> {
  // Once the clock says the fix is over, the answer waits for the real work to settle.
  if (ctx.server.clock.now() >= fix.doneAtMs) await fix.work
  const { status, progress } = state(ctx, fix)
  const outcome = status === 'done' || status === 'failed' ? fix.outcome : undefined
  const item = ctx.store.items.get(fix.itemId)
  const fileName = `${item?.fileName ?? `item-${fix.itemId}`}_fixed.stl`
  const now = ctx.server.clock.now()
  return {
    id: fix.id,
    item_id: fix.itemId,
    user_id: fix.userId,
    ...fix.options,
    status,
    progress,
    download_links:
      outcome?.ok === true
        ? {
            stl: `${ctx.server.baseUrl}/downloads/${fix.downloadToken}/${encodeURIComponent(fileName)}`
          }
        : null,
    repair_report: outcome?.ok === true ? outcome.report : null,
    error: outcome?.ok === false ? outcome.error : null,
    created_at: Math.floor(fix.createdAtMs / 1000),
    updated_at: Math.floor(Math.min(now, fix.doneAtMs) / 1000)
  }
}

function flatten(value: unknown, prefix: string, out: URLSearchParams): void {
  if (value === null || value === undefined) out.append(prefix, '')
  else if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>))
      flatten(inner, `${prefix}[${key}]`, out)
  } else out.append(prefix, String(value))
}

/**
 * §1.3: when done, the server POSTs to `callback_url` "with params same as the response for
 * fixes/{id}". Sent form-encoded, nested fields PHP-style (`download_links[stl]`).
 */
async function postCallback(ctx: ApiContext, fix: FixRecord, url: string): Promise<void> {
  const record = await fixJson(ctx, fix)
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(record)) flatten(value, key, body)
  try {
    await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(10_000) })
  } catch {
    // The real service would not retry an unreachable callback either (nothing says it does).
  }
}
