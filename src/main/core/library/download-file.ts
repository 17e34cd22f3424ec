/**
 * Downloads a library file to disk: streamed through the one HTTP client into a temporary file
 * beside the destination, checked against the size the server lists, then renamed into place in
 * one step. A failed or cancelled download leaves no half file under the real name.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../errors'
import type { HttpClient } from '../http'
import type { ObicoLibraryClient } from './obico-library-client'
import { formatBytes } from './sizes'

export interface DownloadInput {
  fileId: number
  destination: string
  signal?: AbortSignal
  onProgress?: (received: number, total: number | null) => void
}

/** Signed media URLs need no auth (obico-api.md §2.5) and may name the server's Site domain. */
export async function downloadFile(
  input: DownloadInput,
  deps: { client: ObicoLibraryClient; http: HttpClient; serverOrigin: string }
): Promise<{ bytes: number }> {
  const file = await deps.client.getFile(input.fileId, input.signal)
  if (file.deleted || !file.url) {
    throw new AppError('library/not-found', `“${file.filename}” is no longer on the server.`)
  }
  const expected = file.sizeBytes
  const temp = join(
    dirname(input.destination),
    `.${basename(input.destination)}.${randomBytes(6).toString('hex')}.part`
  )
  const sink = createWriteStream(temp, { flags: 'wx' })
  let sinkFailure: unknown
  sink.on('error', (error) => (sinkFailure ??= error))
  const url = new URL(file.url, deps.serverOrigin + '/').toString()
  let received = 0
  try {
    const response = await deps.http.request({
      method: 'GET',
      url,
      headers: { Accept: '*/*' },
      writeBodyTo: sink,
      // The listed size plus slack for a server that rounds; 600 MiB when it lists none.
      maxResponseBytes: expected !== null ? expected + 1024 : 600 * 1024 * 1024,
      deadlineMs: 15_000 + Math.ceil(((expected ?? 600 * 1024 * 1024) / (32 * 1024)) * 1000),
      idleTimeoutMs: 30_000,
      signal: input.signal,
      onDownloadProgress: (count) => {
        received = count
        input.onProgress?.(count, expected)
      }
    })
    if (response.status === 404) {
      throw new AppError('library/not-found', `“${file.filename}” is no longer on the server.`)
    }
    if (response.status !== 200) {
      throw new AppError(
        'network/server-error',
        `The server could not send “${file.filename}” (HTTP ${response.status}).`,
        { retryable: true }
      )
    }
    await new Promise<void>((resolve, reject) => {
      if (sinkFailure) return reject(sinkFailure)
      sink.end((error?: Error | null) => (error ? reject(error) : resolve()))
    })
    if (expected !== null && received !== expected) {
      throw new AppError(
        'library/unconfirmed',
        `Only ${formatBytes(received)} of “${file.filename}” (${formatBytes(expected)}) arrived. Try again.`,
        { retryable: true }
      )
    }
    await rename(temp, input.destination)
    return { bytes: received }
  } catch (error) {
    sink.destroy()
    await unlink(temp).catch(() => undefined)
    throw explainDownloadFailure(error, file.filename)
  }
}

function explainDownloadFailure(error: unknown, filename: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError(
      'library/disk-full',
      `Your disk is full, so “${filename}” could not be saved. Free some space and try again; nothing half-written was kept.`
    )
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') {
    return new AppError(
      'files/unreadable',
      `Printdock cannot write to that folder. Choose another place to save “${filename}”.`
    )
  }
  if (code === 'EEXIST') {
    return new AppError(
      'files/unreadable',
      `Printdock could not create a temporary file beside the destination. Try again.`
    )
  }
  return error
}
