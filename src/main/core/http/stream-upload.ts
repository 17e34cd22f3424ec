import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { pipeline, type Readable } from 'node:stream'
import { releaseChunk } from './recycled-file-stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'

/**
 * The transport for requests whose body is a stream (file uploads), on `node:http`/`node:https`
 * directly. axios's Node adapter sends the same stream at about two thirds of curl's throughput
 * (docs/benchmarks.md); piping the body straight into the request keeps only Node's own
 * backpressure between the disk and the socket.
 *
 * It does the transport alone, like axios does for other requests: the client (http-client.ts)
 * still owns the deadline, the idle limit, the size cap, progress and the AppErrors. Like the
 * axios path, it follows no redirect, takes no proxy from the environment (a fresh connection
 * without the global agent) and unpacks gzip, deflate and br answers.
 */

/** A streamed request, with its body already counted and its headers final. */
export interface StreamedRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: Readable
  /** Aborting it tears down the connection and the answer's stream. */
  signal: AbortSignal
}

/** The head of the answer, and its body (unpacked) to read. */
export interface StreamedResponse {
  status: number
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>
  body: Readable
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue
    flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

/**
 * The answer's body unpacked by its Content-Encoding. The packed length says nothing of the
 * unpacked size, so Content-Length goes with the encoding (axios drops both the same way).
 */
function unpacked(
  response: IncomingMessage,
  headers: Record<string, string>
): { body: Readable; headers: Record<string, string> } {
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase()
  const unpacker =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined
  if (!unpacker) return { body: response, headers }
  const rest = { ...headers }
  delete rest['content-encoding']
  delete rest['content-length']
  // A reset answer fails the unpacker with the reset's own error.
  pipeline(response, unpacker, () => undefined)
  return { body: unpacker, headers: rest }
}

function abortError(): Error {
  return Object.assign(new Error('The request was aborted.'), { code: 'ABORT_ERR' })
}

/**
 * Sends the request, piping the body with backpressure, and resolves with the answer's head as
 * soon as it arrives (a server may answer, say 413, before reading the whole body). Rejects with
 * the transport's own error (a socket code, or the body stream's error) or, once `signal`
 * aborts, with an abort error; the caller maps both to AppErrors.
 */
export function sendStreamed(request: StreamedRequest): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url)
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      reject(Object.assign(new Error('unsupported protocol'), { code: 'ERR_INVALID_PROTOCOL' }))
      return
    }
    let answer: Readable | undefined
    const outgoing = send(url, { method: request.method, headers: request.headers, agent: false })
    const onAbort = () => {
      const error = abortError()
      outgoing.destroy(error)
      answer?.destroy(error)
      request.body.destroy()
    }
    if (request.signal.aborted) {
      onAbort()
    } else {
      request.signal.addEventListener('abort', onAbort, { once: true })
    }
    const settle = () => request.signal.removeEventListener('abort', onAbort)
    // Rejects before the answer; afterwards a failure shows up on the answer's stream instead.
    outgoing.on('error', (error) => {
      if (answer) return
      settle()
      reject(error)
    })
    outgoing.on('response', (response) => {
      const { body, headers } = unpacked(response, flattenHeaders(response.headers))
      answer = body
      body.once('close', settle)
      resolve({ status: response.statusCode ?? 0, headers, body })
    })
    // Written by hand with backpressure (as pipe() would) for two reasons. A failed connection
    // must close the body without an error, so that only a body that itself broke (a file moved)
    // is reported as such. And each chunk's write callback (the kernel has the bytes) hands its
    // buffer back to a recycled file stream for reuse.
    const body = request.body
    body.on('data', (chunk: Buffer) => {
      const more = outgoing.write(chunk, (error) => {
        if (!error) releaseChunk(chunk)
      })
      if (!more) body.pause()
    })
    outgoing.on('drain', () => body.resume())
    body.once('end', () => outgoing.end())
    body.once('error', (error) => outgoing.destroy(error))
    outgoing.once('close', () => body.destroy())
  })
}
