import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import { FaultInjector, type Fault } from './faults'
import { html, HttpError, json, type FakeResponse } from './responses'
import type { FakeClock } from './clock'

/** One incoming request, with lazy body readers that honour injected faults. */
export interface FakeRequest {
  method: string
  path: string
  url: URL
  query: URLSearchParams
  params: Record<string, string>
  headers: IncomingHttpHeaders
  raw: IncomingMessage
  rawResponse: ServerResponse
  /** The request body as a stream (reset-request and slow-reader faults apply). */
  bodyStream(): Readable
  /** The whole body; 413 past `limitBytes` (default 1 MiB). Small bodies only. */
  body(limitBytes?: number): Promise<Buffer>
  text(limitBytes?: number): Promise<string>
  /** Parsed JSON body; throws HttpError 400 on malformed JSON. */
  json<T = unknown>(): Promise<T>
  /** A form-urlencoded body. */
  form(): Promise<URLSearchParams>
}

export type RouteHandler = (req: FakeRequest) => Promise<FakeResponse> | FakeResponse

/**
 * What the request-body fault stages (reset-request, slow-reader) have held at once, so tests can
 * check that a fault never buffers more than a few chunks of an upload.
 */
export interface RequestFaultStats {
  /** The most bytes ever waiting inside the fault stages of one request body. */
  peakBufferedBytes: number
}

interface Route {
  methods: string[]
  pattern: RegExp
  names: string[]
  handler: RouteHandler
}

/** Django's production 404 page (DEBUG = False). */
const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>'
/** Django's production 500 page: what a real server shows when a view crashes. */
const SERVER_ERROR_PAGE =
  '<!doctype html><html lang="en"><head><title>Server Error (500)</title></head><body><h1>Server Error (500)</h1><p></p></body></html>'

/** Compiles '/api/v1/printers/:id/' or '/media/*' into a regex and parameter names. */
function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = []
  let source = ''
  for (const part of pattern.split(/(:[A-Za-z_][A-Za-z0-9_]*|\*$)/)) {
    if (part.startsWith(':')) {
      names.push(part.slice(1))
      source += '([^/]+)'
    } else if (part === '*') {
      names.push('*')
      source += '(.*)'
    } else {
      source += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    }
  }
  return { regex: new RegExp(`^${source}$`), names }
}

/**
 * A small HTTP server for one emulated provider: routes, fault injection and exact control over
 * status codes, headers and crashes (which framework servers would smooth over).
 */
export class FakeServer {
  readonly faults = new FaultInjector()
  /** Buffering of the request-body fault stages; reset it by assigning 0 to the field. */
  readonly requestFaultStats: RequestFaultStats = { peakBufferedBytes: 0 }
  readonly name: string
  readonly clock: FakeClock
  private readonly routes: Route[] = []
  private fallbackHandler: RouteHandler | undefined
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private origin = ''

  constructor(options: { name: string; clock: FakeClock }) {
    this.name = options.name
    this.clock = options.clock
  }

  /** Registers a handler for one or more methods on a path pattern. */
  route(method: string | string[], pattern: string, handler: RouteHandler): void {
    const { regex, names } = compilePattern(pattern)
    const methods = (Array.isArray(method) ? method : [method]).map((m) => m.toUpperCase())
    this.routes.push({ methods, pattern: regex, names, handler })
  }

  /** Handles requests no route matched (default: Django's 404 page). */
  fallback(handler: RouteHandler): void {
    this.fallbackHandler = handler
  }

  /** Starts listening; resolves with the base URL (no trailing slash). */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      void this.dispatch(req, res)
    })
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    server.on('clientError', (_error, socket) => socket.destroy())
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    this.server = server
    const address = server.address() as AddressInfo
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address
    this.origin = `http://${hostPart}:${address.port}`
    return this.origin
  }

  /** The base URL, e.g. http://127.0.0.1:8137. */
  get baseUrl(): string {
    if (!this.origin) throw new Error(`${this.name} fake is not listening`)
    return this.origin
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private async dispatch(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (raw.method ?? 'GET').toUpperCase()
    let url: URL
    try {
      url = new URL(raw.url ?? '/', this.origin || 'http://127.0.0.1')
    } catch {
      res.writeHead(400).end()
      return
    }
    const faults = this.faults.take(method, url.pathname)
    try {
      for (const fault of faults) {
        if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms))
      }
      const early = faults.find((f) => f.kind === 'status' || f.kind === 'rate-limit')
      let response: FakeResponse
      if (early?.kind === 'status') {
        response =
          early.body !== undefined
            ? html(
                early.status,
                early.body,
                early.contentType ? { 'content-type': early.contentType } : {}
              )
            : html(early.status, SERVER_ERROR_PAGE)
        raw.resume()
      } else if (early?.kind === 'rate-limit') {
        response = throttled(early.retryAfterSeconds)
        raw.resume()
      } else {
        const request = this.buildRequest(raw, res, method, url, faults)
        response = await this.runHandler(request)
      }
      await this.write(res, response, faults)
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(SERVER_ERROR_PAGE)
      } else {
        res.destroy(error instanceof Error ? error : undefined)
      }
    }
  }

  private async runHandler(request: FakeRequest): Promise<FakeResponse> {
    let pathMatched = false
    for (const route of this.routes) {
      const match = route.pattern.exec(request.path)
      if (!match) continue
      pathMatched = true
      if (!route.methods.includes(request.method)) continue
      route.names.forEach((name, index) => {
        const value = match[index + 1] ?? ''
        try {
          request.params[name] = decodeURIComponent(value)
        } catch {
          request.params[name] = value
        }
      })
      return this.safely(route.handler, request)
    }
    if (pathMatched) {
      // DRF's answer for a known path with the wrong verb.
      request.raw.resume()
      return json(405, { detail: `Method "${request.method}" not allowed.` })
    }
    if (this.fallbackHandler) return this.safely(this.fallbackHandler, request)
    request.raw.resume()
    return html(404, NOT_FOUND_PAGE)
  }

  private async safely(handler: RouteHandler, request: FakeRequest): Promise<FakeResponse> {
    try {
      return await handler(request)
    } catch (error) {
      if (error instanceof HttpError) return error.toResponse()
      // A crash in a view: the real servers answer Django's bare 500 page.
      return html(500, SERVER_ERROR_PAGE)
    }
  }

  private buildRequest(
    raw: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    faults: Fault[]
  ): FakeRequest {
    let streamed: Readable | undefined
    const bodyStream = (): Readable => {
      if (streamed) return streamed
      streamed = applyRequestFaults(raw, faults, this.requestFaultStats)
      return streamed
    }
    const body = async (limitBytes = 1024 * 1024): Promise<Buffer> => {
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of bodyStream()) {
        size += (chunk as Buffer).length
        if (size > limitBytes) throw new HttpError(413, { detail: 'Request body too large.' })
        chunks.push(chunk as Buffer)
      }
      return Buffer.concat(chunks)
    }
    const text = async (limitBytes?: number) => (await body(limitBytes)).toString('utf8')
    return {
      method,
      path: url.pathname,
      url,
      query: url.searchParams,
      params: {},
      headers: raw.headers,
      raw,
      rawResponse: res,
      bodyStream,
      body,
      text,
      json: async <T>() => {
        const source = await text()
        try {
          return JSON.parse(source) as T
        } catch {
          throw new HttpError(400, {
            detail: `JSON parse error - ${source.length ? 'invalid JSON' : 'empty body'}`
          })
        }
      },
      form: async () => new URLSearchParams(await text())
    }
  }

  private async write(res: ServerResponse, response: FakeResponse, faults: Fault[]): Promise<void> {
    if (response.kind === 'handled' || res.writableEnded || res.destroyed) return
    const resetAfter = faults.find((f) => f.kind === 'reset-response')
    if (response.kind === 'stream') {
      res.writeHead(response.status, response.headers)
      if (resetAfter?.kind === 'reset-response') {
        await writeThenReset(res, response.stream, resetAfter.afterBytes)
        return
      }
      response.stream.on('error', () => res.destroy())
      response.stream.pipe(res)
      return
    }
    let body = response.body
    if (response.isJson && faults.some((f) => f.kind === 'malformed-json')) {
      body = body.subarray(0, Math.floor(body.length / 2))
    }
    const headers = { ...response.headers, 'content-length': String(body.length) }
    if (resetAfter?.kind === 'reset-response') {
      res.writeHead(response.status, headers)
      const part = body.subarray(0, Math.min(resetAfter.afterBytes, body.length))
      if (part.length > 0) res.write(part)
      flushThenDestroy(res)
      return
    }
    res.writeHead(response.status, headers)
    res.end(body)
  }
}

/** DRF's `Throttled` answer: the wait in whole seconds, singular for one (DRF 3.15 exceptions). */
function throttled(retryAfterSeconds: number): FakeResponse {
  const wait = Math.max(0, Math.ceil(retryAfterSeconds))
  return json(
    429,
    {
      detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.`
    },
    { 'retry-after': String(wait) }
  )
}

/** The error a cut connection surfaces as, like a real peer reset. */
function resetError(): Error {
  return Object.assign(new Error('connection reset by fault injection'), { code: 'ECONNRESET' })
}

/**
 * A request-body fault stage. It is a Transform in a `pipeline`, so it holds at most its own
 * high-water marks: the socket is read only as fast as the handler reads (a cut at 400 MB must not
 * mean 400 MB in memory, and a slow reader must slow the client down). Each stage reports how much
 * the whole chain holds to `stats`.
 */
abstract class FaultStage extends Transform {
  constructor(
    private readonly chain: FaultStage[],
    private readonly stats: RequestFaultStats
  ) {
    super()
    chain.push(this)
  }

  /** Records what the chain holds now (the chunk in hand counts: it is still in writableLength). */
  protected record(): void {
    let held = 0
    for (const stage of this.chain) held += stage.writableLength + stage.readableLength
    if (held > this.stats.peakBufferedBytes) this.stats.peakBufferedBytes = held
  }
}

/** Passes `limit` bytes on, then fails the body and drops the connection (reset-request). */
class ResetAfterStage extends FaultStage {
  private seen = 0

  constructor(
    chain: FaultStage[],
    stats: RequestFaultStats,
    private readonly limit: number,
    private readonly onCut: () => void
  ) {
    super(chain, stats)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.record()
    const room = this.limit - this.seen
    this.seen += chunk.length
    if (chunk.length < room) {
      callback(null, chunk)
      return
    }
    if (room > 0) this.push(chunk.subarray(0, room))
    callback(resetError())
    this.onCut()
  }
}

/** Delays each chunk so the body flows at about `bytesPerSecond` (slow-reader). */
class ThrottleStage extends FaultStage {
  constructor(
    chain: FaultStage[],
    stats: RequestFaultStats,
    private readonly bytesPerSecond: number
  ) {
    super(chain, stats)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.record()
    setTimeout(() => callback(null, chunk), (chunk.length / this.bytesPerSecond) * 1000)
  }
}

/**
 * Wraps the request body with the reset and slow-reader faults, connected by `pipeline` so
 * backpressure reaches the socket. An error anywhere (the cut, the client going away) fails the
 * stream the handler reads; a handler that stops reading early destroys the request.
 */
function applyRequestFaults(
  raw: IncomingMessage,
  faults: Fault[],
  stats: RequestFaultStats
): Readable {
  const chain: FaultStage[] = []
  const reset = faults.find((f) => f.kind === 'reset-request')
  if (reset?.kind === 'reset-request') {
    new ResetAfterStage(chain, stats, reset.afterBytes, () => raw.socket.destroy())
  }
  const slow = faults.find((f) => f.kind === 'slow-reader')
  if (slow?.kind === 'slow-reader') {
    new ThrottleStage(chain, stats, Math.max(1, slow.bytesPerSecond))
  }
  const last = chain.at(-1)
  if (!last) return raw
  // Errors reach the handler through `last`, which pipeline destroys with the first error.
  pipeline([raw, ...chain], () => undefined)
  return last
}

/**
 * Writes at most `limit` bytes of a streamed body, then drops the connection (reset-response).
 * The status line and headers always go out first, so the client sees a 200 whose body breaks.
 */
async function writeThenReset(res: ServerResponse, source: Readable, limit: number): Promise<void> {
  let sent = 0
  try {
    if (limit > 0) {
      for await (const chunk of source) {
        const piece = (chunk as Buffer).subarray(0, limit - sent)
        sent += piece.length
        const more = res.write(piece)
        if (sent >= limit) break
        if (!more && !res.destroyed) {
          await new Promise((resolve) => {
            res.once('drain', resolve)
            res.once('close', resolve)
          })
        }
      }
    }
  } catch {
    // The source failed first: drop the connection all the same.
  } finally {
    source.destroy()
  }
  flushThenDestroy(res)
}

/** Sends the headers and whatever was written, then destroys the socket (a reset mid-body). */
function flushThenDestroy(res: ServerResponse): void {
  res.flushHeaders()
  const socket = res.socket
  if (!socket || socket.destroyed) {
    res.destroy()
    return
  }
  // Socket writes complete in order: once this empty one is done, everything before it is out.
  socket.write(Buffer.alloc(0), () => res.destroy())
}
