/**
 * One upload of one file to Obico (obico-api.md §2.5): checked before a byte is sent, streamed from
 * disk, and confirmed by listing the file back with the right size. A failed or cancelled attempt
 * leaves nothing on the server that looks complete: a record the server kept for it is deleted.
 * The local file is only ever read.
 */
import { stat } from 'node:fs/promises'
import type { UploadLimit } from '../../../shared/models/library'
import { AppError } from '../errors'
import type { HttpResponse } from '../http'
import type { GcodeFacts, InspectGcode } from './gcode-check'
import { multipartFileBody } from './multipart-body'
import type { ObicoLibraryClient, SendAuthorized } from './obico-library-client'
import { libraryStatusError } from './obico-library-client'
import { toFile, wireFile } from './obico-wire'
import { formatBytes } from './sizes'

/** What an upload needs. */
export interface UploadFileInput {
  path: string
  filename: string
  folderId: number | null
  signal?: AbortSignal
  onProgress?: (sentFileBytes: number, totalFileBytes: number) => void
}

/** What an upload needs from its surroundings. */
export interface UploadFileDeps {
  send: SendAuthorized
  client: ObicoLibraryClient
  inspect: InspectGcode
  limit: UploadLimit
}

/**
 * Checks a local file before any request: it exists, is not empty, is text G-code and fits the
 * plan. Returns its size and what the G-code says about itself.
 */
export async function checkBeforeUpload(
  path: string,
  filename: string,
  limit: UploadLimit,
  inspect: InspectGcode
): Promise<{ size: number; facts: GcodeFacts }> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new AppError('files/not-a-file', `“${filename}” is not a file.`)
    size = info.size
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError(
      'files/unreadable',
      `Printdock could not read “${filename}”. Check that it still exists.`,
      { cause: error }
    )
  }
  if (size === 0) {
    throw new AppError(
      'library/not-gcode',
      `“${filename}” is empty: there is nothing to print in it.`
    )
  }
  const facts = await inspect(path).catch((error: unknown) => {
    throw new AppError('files/unreadable', `Printdock could not read “${filename}”.`, {
      cause: error
    })
  })
  const { kind } = facts
  if (kind === 'bgcode') {
    throw new AppError(
      'library/not-gcode',
      `“${filename}” is binary G-code (.bgcode). Obico stores only text G-code: in your slicer, turn off “Binary G-code” (PrusaSlicer: Printer Settings → General → Firmware) and export again.`
    )
  }
  if (kind === 'not-gcode') {
    throw new AppError(
      'library/not-gcode',
      `“${filename}” is not a text G-code file, so Obico would refuse it. Export G-code from your slicer and upload that.`
    )
  }
  if (size > limit.maxBytes) {
    throw new AppError(
      'library/too-large',
      `“${filename}” is ${formatBytes(size)}; ${limit.explanation} It was not sent.`
    )
  }
  return { size, facts }
}

/** The AppError for an upload answered with `status` (not 201). */
export function uploadStatusError(response: HttpResponse, filename: string): AppError {
  const body = safeJson(response)
  if (response.status === 413) {
    // Obico's own answer is JSON; a proxy's (nginx's client_max_body_size) is an HTML page.
    if (body && typeof body === 'object' && 'error' in body) {
      return new AppError(
        'library/too-large',
        `The server refused “${filename}” as larger than your Obico plan allows (50 MB free, 500 MB pro).`
      )
    }
    return new AppError(
      'library/rejected-by-proxy',
      `A proxy in front of the server refused “${filename}” as too large (HTTP 413), before Obico saw it. Ask the server’s administrator to raise its upload limit (nginx: client_max_body_size).`
    )
  }
  if (response.status === 400) {
    const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined
    if (typeof error === 'string' && /G-code/i.test(error)) {
      return new AppError(
        'library/not-gcode',
        `The server refused “${filename}”: it is not a text G-code file.`
      )
    }
    return new AppError('ipc/invalid-arguments', `The server refused “${filename}” (HTTP 400).`)
  }
  if (response.status === 507) {
    return new AppError(
      'library/disk-full',
      `The server’s disk is full, so it could not store “${filename}”. Ask its administrator to free some space.`
    )
  }
  return libraryStatusError(response.status, 'The folder you chose')
}

function safeJson(response: HttpResponse): unknown {
  try {
    return response.json()
  } catch {
    return undefined
  }
}

/**
 * Sends the file and confirms it. Resolves with the server's file id. On any failure (cancel
 * included) deletes whatever record this attempt left on the server, then rethrows in plain words.
 */
export async function uploadFile(
  input: UploadFileInput,
  deps: UploadFileDeps
): Promise<{ fileId: number; facts: GcodeFacts }> {
  const { filename, folderId } = input
  const { size, facts } = await checkBeforeUpload(input.path, filename, deps.limit, deps.inspect)
  // Records with this name that were there before: never touched by the clean-up below.
  const before = new Set(
    (await deps.client.listFiles(folderId, { search: undefined }, input.signal))
      .filter((file) => file.filename === filename)
      .map((file) => file.id)
  )
  const fields: Record<string, string> = { filename }
  if (folderId !== null) fields.parent_folder = String(folderId)
  const { body, headBytes } = multipartFileBody(fields, {
    name: 'file',
    path: input.path,
    sizeBytes: size,
    filename
  })
  let createdId: number | null = null
  try {
    const response = await deps.send({
      method: 'POST',
      url: '/api/v1/g_code_files/',
      body,
      signal: input.signal,
      onUploadProgress: ({ sent }) =>
        input.onProgress?.(Math.max(0, Math.min(size, sent - headBytes)), size)
    })
    if (response.status !== 201) throw uploadStatusError(response, filename)
    const parsed = wireFile.safeParse(safeJson(response))
    if (!parsed.success) {
      throw new AppError(
        'network/bad-response',
        `The server’s answer to the upload of “${filename}” could not be read.`
      )
    }
    createdId = parsed.data.id
    await confirmListed(deps.client, toFile(parsed.data).id, filename, folderId, size, input.signal)
    return { fileId: createdId, facts }
  } catch (error) {
    await removeLeftovers(deps.client, filename, folderId, before, createdId)
    throw explainFailure(error, filename)
  }
}

/** Lists the folder and finds the file with the right size, or throws 'library/unconfirmed'. */
async function confirmListed(
  client: ObicoLibraryClient,
  fileId: number,
  filename: string,
  folderId: number | null,
  size: number,
  signal?: AbortSignal
): Promise<void> {
  const listed = await client.listFiles(folderId, { sorting: 'created_at_desc' }, signal)
  const file = listed.find((candidate) => candidate.id === fileId)
  if (!file) {
    throw new AppError(
      'library/unconfirmed',
      `The server did not list “${filename}” after the upload, so it is not counted as done. Try again.`,
      { retryable: true }
    )
  }
  if (file.sizeBytes !== size) {
    throw new AppError(
      'library/unconfirmed',
      `The server holds ${formatBytes(file.sizeBytes ?? 0)} of “${filename}” instead of ${formatBytes(size)}, so the incomplete copy was removed. Try again.`,
      { retryable: true }
    )
  }
}

/**
 * Deletes the records this attempt created: the one the server answered with, and any other new
 * record of this name in the folder (an answer lost to a dropped connection). Best effort: the
 * original failure is what the user needs to hear.
 */
async function removeLeftovers(
  client: ObicoLibraryClient,
  filename: string,
  folderId: number | null,
  before: Set<number>,
  createdId: number | null
): Promise<void> {
  try {
    const ids = new Set<number>()
    if (createdId !== null) ids.add(createdId)
    const now = await client.listFiles(folderId)
    for (const file of now) {
      if (file.filename === filename && !before.has(file.id)) ids.add(file.id)
    }
    for (const id of ids) await client.deleteFile(id)
  } catch {
    // Listing or deleting failed too (the server is gone): nothing more can be done now.
  }
}

/** The failure in words that say what happened to this file. */
function explainFailure(error: unknown, filename: string): unknown {
  if (!(error instanceof AppError)) return error
  switch (error.code) {
    case 'network/offline':
      return new AppError(
        'network/offline',
        `The connection dropped while sending “${filename}”. Nothing incomplete was kept; retry to send it again.`,
        { retryable: true, cause: error }
      )
    case 'network/timeout':
      return new AppError(
        'network/timeout',
        `Sending “${filename}” stalled, so Printdock stopped. Nothing incomplete was kept; retry to send it again.`,
        { retryable: true, cause: error }
      )
    case 'internal/unexpected':
      return new AppError(
        'files/unreadable',
        `Printdock could not keep reading “${filename}” while sending it (was it moved or changed?). Nothing incomplete was kept.`,
        { cause: error }
      )
    default:
      return error
  }
}
