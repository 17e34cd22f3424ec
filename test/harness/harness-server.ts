/**
 * The harness's loopback server: the production renderer build, the `window.api` shim, and the
 * WebSocket that carries invokes and events. Test infrastructure only: nothing in src imports it.
 *
 * Everything under /__harness/ (the shim and the socket) needs the per-run secret as an HttpOnly
 * cookie. No endpoint hands it out: `startHarness` puts it into the Playwright BrowserContext's
 * cookie jar, so only that browser's pages carry it, and page script cannot read it. Another local
 * process (any user on the machine can connect to 127.0.0.1) gets 403 for the shim and the socket.
 * The rest is the public production build and is served to anyone, except `/__media/` (tagged
 * videos, answered by core's media responder exactly as Electron's app scheme answers them), which
 * needs the cookie too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { basename, extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream'
import ts from 'typescript'
import { WebSocketServer, type WebSocket } from 'ws'
import { APP_CSP } from '../../src/main/app/content-security-policy'
import { isMediaPath, type MediaStore } from '../../src/main/core/media/media-store'
import { createEventSink, dispatchInvoke } from '../../src/main/ipc/dispatch'
import type { EventSink, HandlerMap } from '../../src/main/ipc/handler-types'
import type { CallerId, LeaseRegistry } from '../../src/main/core/leases'
import type { Logger } from '../../src/main/core/logger'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Path of the injected script; the one addition to the production index.html. */
export const HARNESS_SCRIPT_PATH = '/__harness/api.js'
const HARNESS_PREFIX = '/__harness/'
const SHAPE_PATH = '/__harness/api-shape.js'
// What api-shape.js's `import … from './channels'` resolves to.
const CHANNELS_PATH = '/__harness/channels'
const SOCKET_PATH = '/__harness/ws'

/** Options for the server. */
export interface HarnessServerOptions {
  /** The production renderer build (out/renderer). */
  rendererDir: string
  /** `src/shared/ipc/api-shape.ts`, transpiled for the browser as is. */
  apiShapeSource: string
  /** `src/shared/ipc/channels.ts`, which api-shape imports. */
  channelsSource: string
  handlers: HandlerMap
  /** Told when a page's socket closes (reload, navigation, close): its leases end. */
  leases: Pick<LeaseRegistry, 'endCaller'>
  logger: Logger
  /** Answers `/__media/` paths: the composition's media store, as behind Electron's app scheme. */
  media?: Pick<MediaStore, 'respond'>
}

/** A running harness server. */
export interface HarnessServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** Pushes one event to every connected page. */
  sink: EventSink
  /**
   * The secret, for the BrowserContext's cookie jar only (`context.addCookies`, HttpOnly). Scoped
   * by name to this server's port: browsers send 127.0.0.1 cookies to every port.
   */
  authCookie: { name: string; value: string }
  /** Upgrade attempts refused (no or wrong cookie, foreign origin), for tests of the guard. */
  readonly rejectedUpgrades: number
  /** HTTP requests under /__harness/ or /__media/ refused for a missing or wrong cookie. */
  readonly rejectedRequests: number
  close(): Promise<void>
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The value of cookie `name` in a Cookie header, if present once. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  const values = (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1))
  // Two cookies of the same name: refuse rather than pick one.
  return values.length === 1 ? values[0] : undefined
}

/**
 * The browser half of the bridge: `buildApi` over a WebSocket, installed as `window.api` before the
 * renderer's own module runs (module scripts execute in document order). It holds no secret: the
 * browser sends the HttpOnly cookie with the upgrade. The `?v=1` carries nothing secret; it keeps
 * the URL shape test/e2e/pages/bridge-tap.ts routes on (`/__harness/ws?`).
 *
 * Twin of the preload-local `files.registerDroppedFile`: a plain browser has no path for a File,
 * so it sends the file's bytes; the server writes them to a temp file and registers that path
 * through the same `files:register-path` handler the preload reaches.
 */
function browserApiScript(): string {
  return `import { buildApi } from '${SHAPE_PATH}'
const socket = new WebSocket('ws://' + location.host + '${SOCKET_PATH}?v=1')
const pending = new Map()
const listeners = new Map()
let nextId = 1
const opened = new Promise((resolve, reject) => {
  socket.addEventListener('open', () => resolve(undefined), { once: true })
  socket.addEventListener('error', () => reject(new Error('harness socket failed')), { once: true })
})
const lost = { ok: false, error: { code: 'internal/unexpected', message: 'Harness connection lost.' } }
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve(lost)
  pending.clear()
})
// Binary results (mesh previews) travel as { $arrayBuffer: base64 }: see encodeMessage.
function revive(_key, value) {
  if (value && typeof value === 'object' && typeof value.$arrayBuffer === 'string') {
    const text = atob(value.$arrayBuffer)
    const bytes = new Uint8Array(text.length)
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
    return bytes.buffer
  }
  return value
}
socket.addEventListener('message', (message) => {
  // A reviver is called for every value in the message: only messages that carry bytes need it.
  const data = message.data.includes('"$arrayBuffer"') ? JSON.parse(message.data, revive) : JSON.parse(message.data)
  if (data.type === 'result') {
    const resolve = pending.get(data.id)
    pending.delete(data.id)
    if (resolve) resolve(data.result)
  } else if (data.type === 'event') {
    for (const listener of [...(listeners.get(data.channel) ?? [])]) listener(...data.args)
  }
})
async function request(message) {
  try { await opened } catch { return lost }
  return new Promise((resolve) => {
    const id = nextId++
    pending.set(id, resolve)
    socket.send(JSON.stringify({ ...message, id }))
  })
}
function invoke(channel, args) {
  return request({ type: 'invoke', channel, args })
}
async function registerDroppedFile(file) {
  if (!(file instanceof File)) {
    return { ok: false, error: { code: 'files/not-a-file', message: 'That item is not a file on this computer.' } }
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return request({ type: 'register-file', name: file.name, base64: btoa(binary) })
}
function subscribe(channel, listener) {
  const set = listeners.get(channel) ?? new Set()
  listeners.set(channel, set)
  set.add(listener)
  return () => { set.delete(listener) }
}
const verbs = { files: { registerDroppedFile } }
Object.defineProperty(window, 'api', { value: buildApi(invoke, subscribe, verbs), enumerable: true })
`
}

/**
 * A message for the page's socket. Electron's IPC carries an ArrayBuffer by structured clone; JSON
 * would turn it into `{}`, so the harness marks it `{ $arrayBuffer: base64 }` and the page's shim
 * turns it back into an ArrayBuffer (browserApiScript's `revive`).
 */
function encodeMessage(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof ArrayBuffer ? { $arrayBuffer: Buffer.from(value).toString('base64') } : value
  )
}

/**
 * Adds the harness script before the first script of the production page, with preload hints for
 * the two modules it imports: Electron's preload is in place before the page runs, and without the
 * hints the browser would fetch api.js, then api-shape.js, then channels one after another while
 * the app's own module waits for them (three round trips in the first-paint figure of issue 9).
 */
export function injectHarnessScript(html: string): string {
  const tag =
    `<link rel="modulepreload" href="${SHAPE_PATH}" />\n    ` +
    `<link rel="modulepreload" href="${CHANNELS_PATH}" />\n    ` +
    `<script type="module" src="${HARNESS_SCRIPT_PATH}"></script>\n    `
  const at = html.indexOf('<script')
  if (at >= 0) return html.slice(0, at) + tag + html.slice(at)
  return html.replace('</head>', `${tag}</head>`)
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  const secret = randomBytes(24).toString('hex')
  const toBrowserJs = (source: string) =>
    ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
    }).outputText
  const shapeJs = toBrowserJs(options.apiShapeSource)
  const channelsJs = toBrowserJs(options.channelsSource)
  // Dropped files the browser twin uploads; removed with the server.
  const uploadDir = await mkdtemp(join(tmpdir(), 'printdock-harness-drops-'))
  let uploads = 0
  const apiJs = browserApiScript()
  const root = normalize(options.rendererDir)
  let origin = ''
  // Named after the port (set once listening) so two harnesses in one browser keep their cookies.
  let cookieName = ''
  let rejectedUpgrades = 0
  let rejectedRequests = 0
  const authorized = (request: IncomingMessage): boolean =>
    sameSecret(cookieValue(request.headers.cookie, cookieName), secret)

  const send = (response: ServerResponse, status: number, type: string, body: string | Buffer) => {
    response.writeHead(status, {
      'Content-Type': type,
      // Identical to Electron's header (content-security-policy.ts). The socket is same-origin
      // (ws://127.0.0.1:<same port>), which CSP3 'self' already allows, so connect-src needs no
      // extra source.
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store'
    })
    response.end(body)
  }

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      if (request.method !== 'GET') return send(response, 405, 'text/plain', 'method not allowed')
      const guarded = url.pathname.startsWith(HARNESS_PREFIX) || isMediaPath(url.pathname)
      if (guarded && !authorized(request)) {
        rejectedRequests++
        return send(response, 403, 'text/plain', 'forbidden')
      }
      if (isMediaPath(url.pathname)) {
        if (!options.media) return send(response, 404, 'text/plain', 'not found')
        const answer = options.media.respond({
          method: request.method,
          path: url.pathname,
          range: request.headers.range
        })
        response.writeHead(answer.status, answer.headers)
        if (!answer.body) return response.end()
        // A player that seeks closes its request early: the file stream just stops.
        return pipeline(answer.body(), response, () => undefined)
      }
      if (url.pathname === HARNESS_SCRIPT_PATH)
        return send(response, 200, CONTENT_TYPES['.js'], apiJs)
      if (url.pathname === SHAPE_PATH) return send(response, 200, CONTENT_TYPES['.js'], shapeJs)
      if (url.pathname === CHANNELS_PATH)
        return send(response, 200, CONTENT_TYPES['.js'], channelsJs)
      // Chromium asks a web origin for /favicon.ico on its own; Electron's bundle scheme is never
      // asked. Answer "no content" so the harness does not log a 404 the app would never see.
      if (url.pathname === '/favicon.ico') return send(response, 204, 'image/x-icon', '')
      const relative =
        url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1))
      const file = normalize(join(root, relative))
      if (!file.startsWith(root + sep)) return send(response, 404, 'text/plain', 'not found')
      try {
        const body = await readFile(file)
        if (relative === 'index.html') {
          return send(
            response,
            200,
            CONTENT_TYPES['.html'],
            injectHarnessScript(body.toString('utf8'))
          )
        }
        return send(response, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body)
      } catch {
        options.logger.warn('harness: 404', { path: url.pathname })
        return send(response, 404, 'text/plain', 'not found')
      }
    })()
  })

  const sockets = new Map<CallerId, WebSocket>()
  let socketCount = 0

  /** The browser twin's upload: the bytes to a temp file, then the preload's own channel. */
  const registerUpload = async (
    callerId: CallerId,
    message: { name?: unknown; base64?: unknown }
  ) => {
    if (typeof message.base64 !== 'string') {
      return { ok: false, error: { code: 'files/not-a-file', message: 'No file bytes arrived.' } }
    }
    // Only the base name, made safe: the page chooses it, and it must not climb out of uploadDir.
    const name = basename(String(message.name ?? 'dropped')).replace(/[^\w.-]/g, '_') || 'dropped'
    const folder = join(uploadDir, String(++uploads))
    await mkdir(folder)
    const path = join(folder, name)
    await writeFile(path, Buffer.from(message.base64, 'base64'))
    return dispatchInvoke(options.handlers, 'files:register-path', [path], options.logger, {
      callerId
    })
  }
  // A dropped file arrives base64-encoded in one frame: the cap takes a 1,000,000-triangle STL
  // (50 MB, about 67 MB as base64; bench/mesh-preview-interactive.ts) and refuses more.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 96 * 1024 * 1024 })
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    // The cookie keeps other local processes out: no endpoint serves it. The Origin check keeps
    // other pages of the test browser out: a page on another 127.0.0.1 port (a fake consent
    // page) is same-site, so the browser attaches the cookie to its upgrades as well.
    if (url.pathname !== SOCKET_PATH || !authorized(request) || request.headers.origin !== origin) {
      rejectedUpgrades++
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // One socket is one page load: a reload opens a new socket, so the page gets a new caller.
      const callerId = `harness-socket:${++socketCount}`
      sockets.set(callerId, ws)
      ws.on('close', () => {
        sockets.delete(callerId)
        options.leases.endCaller(callerId)
      })
      ws.on('message', (raw) => {
        void (async () => {
          let message: {
            type?: unknown
            id?: unknown
            channel?: unknown
            args?: unknown
            name?: unknown
            base64?: unknown
          }
          try {
            message = JSON.parse(String(raw)) as typeof message
          } catch {
            return
          }
          if (typeof message.id !== 'number') return
          let result
          if (message.type === 'invoke' && message.channel !== 'files:register-path') {
            result = await dispatchInvoke(
              options.handlers,
              String(message.channel),
              message.args,
              options.logger,
              { callerId }
            )
          } else if (message.type === 'register-file') {
            result = await registerUpload(callerId, message)
          } else if (message.type === 'invoke') {
            // As in Electron, the page cannot name a path: the preload-only channel is not served.
            result = {
              ok: false,
              error: {
                code: 'ipc/unknown-channel',
                message: 'Printdock does not know that request.'
              }
            }
          } else return
          if (ws.readyState === ws.OPEN)
            ws.send(encodeMessage({ type: 'result', id: message.id, result }))
        })()
      })
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('harness server has no port')
  origin = `http://127.0.0.1:${address.port}`
  cookieName = `printdock_harness_${address.port}`

  const sink = createEventSink({
    callers: () => [...sockets.keys()],
    send(callerId, channel, args) {
      const ws = sockets.get(callerId)
      if (ws && ws.readyState === ws.OPEN) ws.send(encodeMessage({ type: 'event', channel, args }))
    }
  })

  return {
    origin,
    sink,
    authCookie: { name: cookieName, value: secret },
    get rejectedUpgrades() {
      return rejectedUpgrades
    },
    get rejectedRequests() {
      return rejectedRequests
    },
    async close() {
      for (const ws of sockets.values()) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(uploadDir, { recursive: true, force: true })
    }
  }
}
