import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Readable } from 'node:stream'
import { html, HttpError, json, type FakeResponse } from './responses'
import type { FakeClock } from './clock'

/** One incoming request, with lazy body readers. */
export interface FakeRequest {
  method: string
  path: string
  url: URL
  query: URLSearchParams
  params: Record<string, string>
  headers: IncomingHttpHeaders
  raw: IncomingMessage
  rawResponse: ServerResponse
  /** The request body as a stream (what an exchange's `requestBody` override makes of it). */
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
 * How one exchange departs from the ordinary. The plain server never departs; the fault kit
 * (`kit/faults`) overrides `FakeServer.overridesFor` to delay, replace, cut or throttle. The seam
 * lives here and the faults there, so the demo build of the Obico fake ships without them
 * (docs/decisions/0006).
 */
export interface ExchangeOverrides {
  /** An answer in place of the route's: the handler never runs and the request body is drained. */
  response?: FakeResponse
  /** Wraps the request body the handler reads. */
  requestBody?(raw: IncomingMessage): Readable
  /** Writes the answer in place of the plain `writeResponse`. */
  write?(res: ServerResponse, response: FakeResponse): Promise<void>
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
export const SERVER_ERROR_PAGE =
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
 * A small HTTP server for one emulated provider: routes and exact control over status codes,
 * headers and crashes (which framework servers would smooth over). `FaultableServer` adds faults.
 */
export class FakeServer {
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
    try {
      const overrides = await this.overridesFor(method, url.pathname)
      let response: FakeResponse
      if (overrides.response) {
        response = overrides.response
        raw.resume()
      } else {
        const request = this.buildRequest(raw, res, method, url, overrides.requestBody)
        response = await this.runHandler(request)
      }
      if (overrides.write) await overrides.write(res, response)
      else writeResponse(res, response)
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(SERVER_ERROR_PAGE)
      } else {
        res.destroy(error instanceof Error ? error : undefined)
      }
    }
  }

  /** What to change about one exchange; the plain server changes nothing. */
  protected async overridesFor(_method: string, _path: string): Promise<ExchangeOverrides> {
    return {}
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
    wrapBody: ExchangeOverrides['requestBody']
  ): FakeRequest {
    let streamed: Readable | undefined
    const bodyStream = (): Readable => {
      streamed ??= wrapBody ? wrapBody(raw) : raw
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
}

/** Writes a route's answer as it is. */
export function writeResponse(res: ServerResponse, response: FakeResponse): void {
  if (response.kind === 'handled' || res.writableEnded || res.destroyed) return
  if (response.kind === 'stream') {
    res.writeHead(response.status, response.headers)
    response.stream.on('error', () => res.destroy())
    response.stream.pipe(res)
    return
  }
  res.writeHead(response.status, {
    ...response.headers,
    'content-length': String(response.body.length)
  })
  res.end(response.body)
}
