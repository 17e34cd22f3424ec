import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { recycledFileStream } from './recycled-file-stream'

/**
 * What a request can carry, and how each kind goes on the wire.
 */

/**
 * A body read from a stream, given as a way to open it rather than as an open stream: a stream can
 * be read once, and a request that is sent again (the one retry after a token refresh) must send
 * the whole body again, so every send calls `open()` afresh.
 */
export class StreamBody {
  constructor(
    /** Opens a new stream over the whole body. */
    readonly open: () => Readable,
    /** Exact length in bytes: sent as Content-Length and used as the progress total. */
    readonly length: number,
    readonly contentType = 'application/octet-stream'
  ) {}
}

/** A file on disk as a request body. Its size is read now; every send opens the file again. */
export async function fileBody(path: string, contentType?: string): Promise<StreamBody> {
  const { size } = await stat(path)
  return new StreamBody(() => recycledFileStream(path, { expectedBytes: size }), size, contentType)
}

/**
 * A request body: a string as is, URLSearchParams as a form, a StreamBody as a stream, and any
 * other object as JSON.
 */
export type RequestBody = string | URLSearchParams | StreamBody | Record<string, unknown>

/** A body ready for the transport, with the headers it implies. */
export interface EncodedBody {
  data: string | Readable | undefined
  headers: Record<string, string>
  /** The byte count of a streamed body (for progress), undefined otherwise. */
  streamLength?: number
}

/**
 * Encodes a body. A header the caller set wins over the one implied here (a JSON body sent as
 * `application/merge-patch+json`, for example). Opens a StreamBody: the caller must destroy the
 * stream when the request ends, whatever the outcome, or the file stays open.
 */
export function encodeBody(
  body: RequestBody | undefined,
  headers: Record<string, string>
): EncodedBody {
  const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name)
  const withType = (type: string) =>
    has('content-type') ? headers : { ...headers, 'Content-Type': type }
  if (body === undefined) return { data: undefined, headers }
  if (typeof body === 'string') return { data: body, headers }
  if (body instanceof URLSearchParams) {
    return { data: body.toString(), headers: withType('application/x-www-form-urlencoded') }
  }
  if (body instanceof StreamBody) {
    return {
      data: body.open(),
      headers: { ...withType(body.contentType), 'Content-Length': String(body.length) },
      streamLength: body.length
    }
  }
  return { data: JSON.stringify(body), headers: withType('application/json') }
}
