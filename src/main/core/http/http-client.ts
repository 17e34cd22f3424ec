import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { pipeline, Transform, type Readable } from 'node:stream'
import { systemClock, type Clock } from '../clock'
import { AppError } from '../errors'
import { pipeCappedBody, readCappedBody } from './capped-body'
import { encodeBody, StreamBody, type RequestBody } from './request-body'
import { RequestLimits } from './request-limits'
import { sendStreamed } from './stream-upload'
import { transportError } from './transport-errors'

/**
 * The one HTTP client of core: token endpoints, identity calls, API calls and uploads all go
 * through it (docs/decisions/0007-one-http-client.md).
 *
 * It resolves with every HTTP status (callers decide what a 403 means per provider) and rejects
 * only when no complete response arrived, always with an AppError: 'network/timeout' (deadline or
 * stall), 'network/offline' (refused, reset, DNS, TLS), 'network/bad-response' (not HTTP, or an
 * unreadable body), 'network/too-large' (above the size cap) or 'operation/cancelled' (the caller's
 * signal). No redirect is followed, no proxy is taken from the environment, and no error carries
 * the request (its headers and body hold secrets).
 */

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  headers?: Record<string, string>
  body?: RequestBody
  /**
   * The whole request, connect to last byte. Default: 15 s; for a StreamBody, 15 s plus the time
   * its length takes at 32 KiB/s (a slow uplink), so a big upload is not cut off for being big.
   */
  deadlineMs?: number
  /**
   * The longest time nothing may be sent or received. Default: none for ordinary requests (the
   * deadline is short), 30 s for a StreamBody, whose long deadline alone would let a stalled
   * upload hang for minutes. The wait for the answer after the last byte sent counts too.
   */
  idleTimeoutMs?: number
  /** The largest response body accepted, in bytes. Default 1 MiB (JSON answers are small). */
  maxResponseBytes?: number
  /** Cancels the request: it rejects with 'operation/cancelled'. */
  signal?: AbortSignal
  /** Bytes of the body sent so far, for a StreamBody (a few times a second and once at the end). */
  onUploadProgress?: (progress: { sent: number; total: number }) => void
  /**
   * A download: a 2xx body is written here as it arrives (with backpressure) instead of being kept
   * in `text`, still under `maxResponseBytes` and the limits. A failure of the sink (a full disk)
   * rejects with the sink's own error. Other statuses are read into `text` as usual.
   */
  writeBodyTo?: NodeJS.WritableStream
  /** Bytes of a `writeBodyTo` body written so far. */
  onDownloadProgress?: (received: number) => void
}

/** A complete response with the body as text; `json()` throws AppError 'network/bad-response'. */
export interface HttpResponse {
  status: number
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>
  text: string
  /** The raw body (an image, a downloaded model); absent for a `writeBodyTo` download. */
  bytes?: Buffer
  json(): unknown
}

/** The client. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>
}

/** Default overall deadline of a request without a streamed body. */
export const DEFAULT_DEADLINE_MS = 15_000
/** Default response size cap. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
/** Default idle limit of a request with a streamed body. */
export const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS = 30_000
/** The slowest uplink the default upload deadline allows for, in bytes per second. */
export const SLOWEST_UPLOAD_BYTES_PER_SECOND = 32 * 1024

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
  /** Timers for the deadline and idle limits. Default: the real clock (the network is real). */
  clock?: Clock
  /** Overrides DEFAULT_DEADLINE_MS for requests that set none (tests use short ones). */
  defaultDeadlineMs?: number
}

/** Parses a body as JSON or throws 'network/bad-response' (a cut or HTML body, for example). */
function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError(
      'network/bad-response',
      'The server sent an answer Printdock could not read.',
      { retryable: true }
    )
  }
}

/** Our side failed, not the network: the stream being sent broke (a file moved or unreadable). */
function unreadableBody(cause: unknown): AppError {
  return new AppError(
    'internal/unexpected',
    'Printdock could not read what it was sending (the file may have been moved or changed).',
    { cause }
  )
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue
    flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return flat
}

function declaredLength(headers: Record<string, string>): number | undefined {
  const value = Number(headers['content-length'])
  return Number.isFinite(value) && value >= 0 ? value : undefined
}

/** How often upload progress is reported while bytes flow (and once at the end). */
const UPLOAD_PROGRESS_INTERVAL_MS = 200

/**
 * The streamed body as it leaves for the socket, counted: each chunk keeps the idle limit from
 * firing, and progress goes to the caller a few times a second and at the last byte. A transform
 * that passes chunks through as they are (no copy, no re-chunking), piped before the transport
 * starts reading, so no byte can flow past the count.
 */
function countedUpload(
  source: Readable,
  total: number,
  clock: Clock,
  limits: RequestLimits,
  onProgress: HttpRequest['onUploadProgress']
): Readable {
  let sent = 0
  let reportedAt = -Infinity
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sent += chunk.length
      limits.touch()
      const now = clock.now()
      if (onProgress && (sent >= total || now - reportedAt >= UPLOAD_PROGRESS_INTERVAL_MS)) {
        reportedAt = now
        onProgress({ sent, total })
      }
      callback(null, chunk)
    }
  })
  // Errors stay on `source` (the caller listens there); the counter just ends with it.
  pipeline(source, counter, () => undefined)
  return counter
}

/** The deadline and idle limit of a request: its own, or the defaults for its kind of body. */
function limitsFor(request: HttpRequest, baseDeadlineMs: number) {
  const streamLength = request.body instanceof StreamBody ? request.body.length : undefined
  if (streamLength === undefined) {
    return {
      deadlineMs: request.deadlineMs ?? baseDeadlineMs,
      idleTimeoutMs: request.idleTimeoutMs,
      signal: request.signal
    }
  }
  const transferMs = Math.ceil((streamLength / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000)
  return {
    deadlineMs: request.deadlineMs ?? baseDeadlineMs + transferMs,
    idleTimeoutMs: request.idleTimeoutMs ?? DEFAULT_UPLOAD_IDLE_TIMEOUT_MS,
    signal: request.signal
  }
}

/** The head of an answer and its body, whichever transport carried it. */
interface OpenResponse {
  status: number
  headers: Record<string, string>
  body: Readable
}

/** A request without a streamed body, on axios. */
async function sendWithAxios(
  instance: AxiosInstance,
  request: HttpRequest,
  headers: Record<string, string>,
  data: string | undefined,
  signal: AbortSignal
): Promise<OpenResponse> {
  const response = await instance.request<Readable>({
    method: request.method,
    url: request.url,
    headers,
    data,
    signal,
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
    responseType: 'stream',
    // Enforced by readCappedBody, with an error of its own.
    maxContentLength: -1,
    maxBodyLength: -1
  })
  return { status: response.status, headers: flattenHeaders(response.headers), body: response.data }
}

/**
 * The client. Two transports: axios for ordinary requests, and `node:http`/`node:https` directly
 * for streamed bodies (stream-upload.ts), where axios's adapter cost a third of the throughput.
 * Both give the caller's AbortSignal, streamed answers, decompression, no redirects and no proxy
 * from the environment. Everything else is done here, the same for both: the overall deadline
 * (axios's `timeout` stops counting once the response headers arrive, so a server dripping its
 * body would hang forever), the idle limit, upload progress, the size cap with an error of its
 * own, and the AppErrors.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const clock = options.clock ?? systemClock
  const instance = axios.create()
  return {
    async request(request) {
      const headers: Record<string, string> = { Accept: 'application/json', ...request.headers }
      const limits = new RequestLimits(
        clock,
        limitsFor(request, options.defaultDeadlineMs ?? DEFAULT_DEADLINE_MS)
      )
      // Cancelled before it began: nothing is opened or sent.
      if (limits.stopReason) {
        limits.dispose()
        throw limits.stopReason
      }
      const body = encodeBody(request.body, headers)
      let bodyReadError: unknown
      let sinkError: unknown
      if (body.data !== undefined && typeof body.data !== 'string') {
        body.data.once('error', (error: unknown) => (bodyReadError = error))
      }
      const source = body.data
      const data =
        source !== undefined && typeof source !== 'string' && body.streamLength !== undefined
          ? countedUpload(source, body.streamLength, clock, limits, request.onUploadProgress)
          : source
      try {
        const response =
          data !== undefined && typeof data !== 'string'
            ? await sendStreamed({
                method: request.method,
                url: request.url,
                headers: body.headers,
                body: data,
                signal: limits.signal
              })
            : await sendWithAxios(instance, request, body.headers, data, limits.signal)
        limits.touch()
        const responseHeaders = response.headers
        if (request.writeBodyTo && response.status >= 200 && response.status < 300) {
          let received = 0
          await pipeCappedBody(response.body, request.writeBodyTo, {
            maxBytes: request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            declaredLength: declaredLength(responseHeaders),
            onBytes: (count) => {
              limits.touch()
              received += count
              request.onDownloadProgress?.(received)
            },
            onSinkError: (error) => (sinkError = error)
          })
          return {
            status: response.status,
            headers: responseHeaders,
            text: '',
            json: () => parseJsonBody('')
          }
        }
        const bytes = await readCappedBody(response.body, {
          maxBytes: request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          declaredLength: declaredLength(responseHeaders),
          onBytes: () => limits.touch()
        })
        const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
        return {
          status: response.status,
          headers: responseHeaders,
          text,
          bytes,
          json: () => parseJsonBody(text)
        }
      } catch (error) {
        if (sinkError !== undefined) {
          limits.stop(transportError(sinkError))
          throw sinkError
        }
        const failure =
          limits.stopReason ??
          (bodyReadError === undefined ? transportError(error) : unreadableBody(bodyReadError))
        // Tears down the socket and the response stream (a cap or read error leaves them open).
        limits.stop(failure)
        throw failure
      } finally {
        limits.dispose()
        if (source !== undefined && typeof source !== 'string') source.destroy()
        if (data !== undefined && typeof data !== 'string') data.destroy()
      }
    }
  }
}
