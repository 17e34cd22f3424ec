import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { systemClock, type Clock } from '../clock'
import { nullLogger, type Logger } from '../logger'

/**
 * The one-shot loopback redirect receiver (RFC 8252 §7.3, §8.3; oauth-and-secrets.md §3.9): an
 * HTTP server on 127.0.0.1 (or [::1] if IPv4 loopback is missing), ephemeral port, one path, open
 * only while one authorization is pending. AppAuth-JS listens on all interfaces on a fixed port
 * (§3.6); this listener does neither.
 */

/** What `handle` decides about a callback hit; `message` is shown on the page (escaped). */
export interface LoopbackHandleResult {
  ok: boolean
  message: string
  /**
   * With `ok: false`: the attempt is over anyway (the user denied, the provider sent an error),
   * so show the error page and close instead of waiting for another hit.
   */
  close?: boolean
}

/** Options for `startLoopbackListener`. */
export interface LoopbackListenerOptions {
  /** The callback path, starting with '/', e.g. '/printdock/callback'. */
  path: string
  /** Close after this long even if no good callback came. */
  timeoutMs: number
  clock?: Clock
  logger?: Logger
  /** Receives the full callback URL of every hit on `path`; decides whether it completes. */
  handle: (callbackUrl: string) => Promise<LoopbackHandleResult>
  /** Tests only: the hosts to try binding, in order. Default ['127.0.0.1', '::1']. */
  hosts?: string[]
}

/** Why a listener closed. */
export type LoopbackCloseReason = 'completed' | 'ended' | 'timed-out' | 'closed'

/** A running loopback listener. */
export interface LoopbackListener {
  /** e.g. 'http://127.0.0.1:53123/printdock/callback' — pass this to the authorize request. */
  readonly redirectUri: string
  readonly port: number
  /** The bound address, '127.0.0.1' or '::1'. */
  readonly host: string
  /** Settles once the server has stopped; never rejects. */
  readonly closed: Promise<void>
  /** Undefined while open. */
  readonly closeReason: LoopbackCloseReason | undefined
  /** Stops listening and drops open connections. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Only a browser or two ever talks to this listener; more open connections than this are a local
 * process hammering it, and Node drops them at accept time instead of letting them pile up.
 */
export const LOOPBACK_MAX_CONNECTIONS = 16

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  // The page has no script and no external resources; only its own inline style.
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The page URL holds the authorization code: never send it onwards.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  Connection: 'close'
}

/** Escapes text for HTML element content and attribute values. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A small static page; every dynamic piece is escaped. */
function renderLoopbackPage(title: string, message: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} - Printdock</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(message)}</p>`,
    '</body></html>'
  ].join('\n')
}

function send(res: ServerResponse, status: number, title: string, message: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.headersSent || res.destroyed) return resolve()
    const body = renderLoopbackPage(title, message)
    res.on('close', () => resolve())
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Length': Buffer.byteLength(body) })
    res.end(body, () => resolve())
  })
}

function listenOn(server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    // exclusive: never share the port with another process (cluster) — the code must reach us only.
    server.listen({ host, port: 0, exclusive: true, ipv6Only: host.includes(':') })
  })
}

/**
 * Starts the listener and resolves once it is bound. Wrong paths get 404 and keep it open;
 * /favicon.ico gets a bare 404; a hit on `path` goes to `handle`: ok → success page and close,
 * not ok → error page and stay open for the real callback until `timeoutMs` (or close at once
 * when `handle` says `close`). Requests whose Host
 * header is not this listener (DNS rebinding) get 400. Nothing here throws after start.
 */
export async function startLoopbackListener(
  options: LoopbackListenerOptions
): Promise<LoopbackListener> {
  if (!options.path.startsWith('/') || /[?#\s\\]/.test(options.path)) {
    throw new TypeError('path must start with "/" and carry no query, fragment, space or backslash')
  }
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? nullLogger
  const sockets = new Set<Socket>()
  let completed = false
  /** Hits whose `handle` is still running: their browsers wait for an answer. */
  let handling = 0
  let closeReason: LoopbackCloseReason | undefined
  let resolveClosed!: () => void
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve))
  let origin = ''
  let hostHeader = ''

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    void onRequest(req, res).catch((error: unknown) => {
      logger.error('Loopback listener request failed', { error })
      if (!res.headersSent) res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  server.on('error', (error) => logger.warn('Loopback listener error', { error }))
  server.maxConnections = LOOPBACK_MAX_CONNECTIONS
  server.requestTimeout = 30_000
  server.headersTimeout = 10_000

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? ''
    if (completed) {
      return send(
        res,
        410,
        'Already done',
        'Printdock already received the sign-in. You can close this tab.'
      )
    }
    if (req.headers.host?.toLowerCase() !== hostHeader) {
      return send(res, 400, 'Bad request', 'This address only answers Printdock sign-in requests.')
    }
    if (req.method !== 'GET') {
      return send(res, 405, 'Not allowed', 'This address only answers Printdock sign-in requests.')
    }
    const pathOnly = target.split('?', 1)[0]
    if (pathOnly === '/favicon.ico') {
      res.writeHead(404, { 'Cache-Control': 'no-store', Connection: 'close', 'Content-Length': 0 })
      res.end()
      return
    }
    if (pathOnly !== options.path) {
      return send(res, 404, 'Not found', 'This address only answers Printdock sign-in requests.')
    }
    let result: LoopbackHandleResult
    handling++
    try {
      result = await options.handle(`${origin}${target}`)
    } catch (error) {
      logger.warn('Loopback callback handler threw', { error })
      result = {
        ok: false,
        message: 'Printdock could not use this sign-in response. Try linking again.'
      }
    } finally {
      handling--
    }
    if (completed || closeReason !== undefined) {
      return send(
        res,
        410,
        'Already done',
        'This sign-in has already ended. You can close this tab.'
      )
    }
    if (result.ok) {
      completed = true
      await send(res, 200, 'You can return to Printdock', result.message)
      void shutdown('completed')
      return
    }
    // A failing hit never closes the listener while another hit is being handled: that one is the
    // browser completing the attempt, and closing would cut its connection before its page.
    if (result.close && handling === 0) {
      completed = true
      await send(res, 400, 'Sign-in not completed', result.message)
      void shutdown('ended')
      return
    }
    return send(res, 400, 'Sign-in not completed', result.message)
  }

  const hosts = options.hosts ?? ['127.0.0.1', '::1']
  let boundHost: string | undefined
  let lastError: unknown
  for (const host of hosts) {
    try {
      await listenOn(server, host)
      boundHost = host
      break
    } catch (error) {
      lastError = error
      logger.warn('Could not bind the loopback listener', { host, error })
    }
  }
  if (boundHost === undefined) {
    throw lastError instanceof Error ? lastError : new Error('Could not bind a loopback port')
  }

  const port = (server.address() as AddressInfo).port
  const hostPart = boundHost.includes(':') ? `[${boundHost}]` : boundHost
  hostHeader = `${hostPart}:${port}`
  origin = `http://${hostHeader}`

  let cancelTimer: () => void = () => undefined
  let shutdownPromise: Promise<void> | undefined
  function shutdown(reason: LoopbackCloseReason): Promise<void> {
    if (!shutdownPromise) {
      closeReason = reason
      cancelTimer()
      shutdownPromise = new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive sockets would hold the server open; the response above is already flushed.
        for (const socket of sockets) socket.destroy()
      }).then(() => {
        logger.debug('Loopback listener closed', { reason })
        resolveClosed()
      })
    }
    return shutdownPromise
  }
  cancelTimer = clock.schedule(options.timeoutMs, () => void shutdown('timed-out'))

  return {
    redirectUri: `${origin}${options.path}`,
    port,
    host: boundHost,
    closed,
    get closeReason() {
      return closeReason
    },
    close: () => shutdown('closed')
  }
}
