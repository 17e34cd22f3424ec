import { createWriteStream } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Busboy, type BusboyHeaders } from '@fastify/busboy'
import { HttpError, json, type FakeRequest, type FakeResponse } from '../kit'
import type { ObicoContext } from './context'
import { ownedParent } from './gcode-folder-routes'
import { MOONRAKER_READ_SIZE, moonrakerMetadata } from './moonraker-metadata'
import { requestData } from './http-helpers'
import { fileDeserializerJson } from './serializers'
import type { ObicoGCodeFile, ObicoUser } from './types'
import { randomHex, safeName } from './util'

/**
 * `POST /api/v1/g_code_files/`: the multipart upload, streamed to disk chunk by chunk (never held
 * whole in memory), with Obico's checks (obico-api.md §2.5, §6 item 14).
 */

/** 50 MiB for free users, 500 MiB for pro users; self-hosted users default to pro (§2.5). */
export const FREE_UPLOAD_LIMIT = 50 * 1024 * 1024
export const PRO_UPLOAD_LIMIT = 500 * 1024 * 1024

/**
 * The upload limit of `user`: Obico's plan rule, unless a test set a smaller per-user figure
 * (`ObicoFake.overrideUploadLimit`) so the 413 path runs without sending ~500 MB.
 */
export function uploadLimitFor(ctx: ObicoContext, user: ObicoUser): number {
  return (
    ctx.uploadLimitOverrides.get(user.id) ?? (user.is_pro ? PRO_UPLOAD_LIMIT : FREE_UPLOAD_LIMIT)
  )
}

/**
 * Counts, validates UTF-8 and keeps the head and tail of the stream (as much as Moonraker's
 * extractor reads) for the metadata; drops data past the limit. The tail is a list of chunks
 * trimmed from the front, so keeping it costs no copying per chunk.
 */
class UploadInspector extends Transform {
  bytes = 0
  tooLarge = false
  invalidText = false
  head = Buffer.alloc(0)
  private tailChunks: Buffer[] = []
  private tailBytes = 0
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })

  constructor(private readonly limit: number) {
    super()
  }

  /** The last MOONRAKER_READ_SIZE bytes (or fewer) seen. */
  get tail(): Buffer {
    return Buffer.concat(this.tailChunks).subarray(-MOONRAKER_READ_SIZE)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.limit) {
      // Django receives the whole body before the view checks the size; keep draining, stop storing.
      this.tooLarge = true
      callback()
      return
    }
    if (!this.invalidText) {
      try {
        this.decoder.decode(chunk, { stream: true })
      } catch {
        this.invalidText = true
      }
    }
    if (this.head.length < MOONRAKER_READ_SIZE)
      this.head = Buffer.concat([
        this.head,
        chunk.subarray(0, MOONRAKER_READ_SIZE - this.head.length)
      ])
    this.tailChunks.push(chunk)
    this.tailBytes += chunk.length
    while (this.tailBytes - this.tailChunks[0].length >= MOONRAKER_READ_SIZE)
      this.tailBytes -= this.tailChunks.shift()?.length ?? 0
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    if (!this.invalidText && !this.tooLarge) {
      try {
        this.decoder.decode()
      } catch {
        this.invalidText = true
      }
    }
    callback()
  }
}

interface ParsedUpload {
  fields: Map<string, string>
  file: { tempPath: string; inspector: UploadInspector } | null
}

/** Streams a multipart body: fields into memory (small), the `file` part to a temp file. */
async function parseMultipart(
  ctx: ObicoContext,
  req: FakeRequest,
  limit: number
): Promise<ParsedUpload> {
  const source = req.bodyStream()
  const busboy = new Busboy({
    headers: req.headers as BusboyHeaders,
    limits: { fieldSize: 1024 * 1024 }
  })
  const fields = new Map<string, string>()
  let file: ParsedUpload['file'] = null
  const writes: Promise<void>[] = []
  const tempPaths: string[] = []
  const parts: Readable[] = []
  const done = new Promise<void>((resolve, reject) => {
    busboy.on('field', (name: string, value: string) => {
      if (!fields.has(name)) fields.set(name, value)
    })
    busboy.on('file', (name: string, stream) => {
      if (name !== 'file' || file) {
        stream.resume()
        return
      }
      const tempPath = join(ctx.storageDir, `upload-${randomHex(16)}.part`)
      tempPaths.push(tempPath)
      const inspector = new UploadInspector(limit)
      file = { tempPath, inspector }
      parts.push(stream)
      const written = pipeline(stream, inspector, createWriteStream(tempPath))
      written.catch(() => undefined) // observed below; avoids an unhandled rejection meanwhile
      writes.push(written)
    })
    busboy.on('finish', () => resolve())
    busboy.on('error', (error: Error) => reject(error))
    source.on('error', (error) => {
      busboy.destroy(error)
      reject(error)
    })
    req.raw.on('close', () => {
      if (!req.raw.complete)
        reject(Object.assign(new Error('client went away mid-upload'), { code: 'ECONNRESET' }))
    })
  })
  try {
    source.pipe(busboy)
    await done
    await Promise.all(writes)
    return { fields, file }
  } catch (error) {
    // A reset mid-upload leaves nothing behind: no partial file, no record. Busboy does not end
    // the open part on destroy, so fail it ourselves to release the write stream.
    for (const part of parts) part.destroy(error as Error)
    source.unpipe(busboy)
    await Promise.allSettled(writes)
    await Promise.all(tempPaths.map((p) => unlink(p).catch(() => undefined)))
    throw error
  }
}

/** Handles the upload and answers 201 with the DeSerializer shape, or Obico's errors. */
export async function handleUpload(
  ctx: ObicoContext,
  req: FakeRequest,
  user: ObicoUser
): Promise<FakeResponse> {
  const limit = uploadLimitFor(ctx, user)
  const type = String(req.headers['content-type'] ?? '').toLowerCase()
  let parsed: ParsedUpload
  if (type.startsWith('multipart/form-data')) {
    parsed = await parseMultipart(ctx, req, limit)
  } else {
    const data = await requestData(req)
    parsed = {
      fields: new Map(Object.entries(data).map(([k, v]) => [k, v === null ? '' : String(v)])),
      file: null
    }
  }
  const { fields, file } = parsed
  const discard = async (): Promise<void> => {
    if (file) await unlink(file.tempPath).catch(() => undefined)
  }
  if (file?.inspector.tooLarge) {
    await discard()
    return json(413, { error: 'File size too large' })
  }
  if (file?.inspector.invalidText) {
    await discard()
    return json(400, { error: 'Invalid G-code file. Please upload a valid text G-code file.' })
  }
  const filename = fields.get('filename') ?? ''
  if (!filename) {
    await discard()
    throw new HttpError(400, {
      filename: [
        fields.has('filename') ? 'This field may not be blank.' : 'This field is required.'
      ]
    })
  }
  let parentId: number | null
  try {
    parentId = ownedParent(ctx, user, fields.get('parent_folder'))
  } catch (error) {
    await discard()
    throw error
  }
  const now = ctx.clock.now()
  const record: ObicoGCodeFile = {
    id: ctx.store.nextId('file'),
    user_id: user.id,
    parent_folder_id: parentId,
    deleted: null,
    deleted_by_cascade: false,
    filename,
    safe_filename: safeName(filename),
    storage_path: null,
    num_bytes: null,
    agent_signature: fields.get('agent_signature') ?? null,
    metadata_json: null,
    filament_total: null,
    estimated_time: null,
    thumbnail1_url: null,
    thumbnail2_url: null,
    thumbnail3_url: null,
    created_at: now,
    updated_at: now,
    resident_printer_id: null
  }
  if (file) {
    const finalPath = join(ctx.storageDir, `gcode-${user.id}-${record.id}.gcode`)
    await rename(file.tempPath, finalPath)
    const meta = moonrakerMetadata({
      head: file.inspector.head,
      tail: file.inspector.tail,
      size: file.inspector.bytes
    })
    record.storage_path = finalPath
    record.num_bytes = file.inspector.bytes
    record.estimated_time = numberOrNull(meta.estimated_time)
    record.filament_total = numberOrNull(meta.filament_total)
    // metadata_json is a JSON *string* of Moonraker's extractor output (obico-api.md §2.5, §7).
    record.metadata_json = JSON.stringify(meta)
  }
  ctx.store.files.push(record)
  return json(201, fileDeserializerJson(ctx, record))
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null
}
