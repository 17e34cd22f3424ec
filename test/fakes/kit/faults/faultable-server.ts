import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import { html, json, type FakeResponse } from '../responses'
import { FakeServer, SERVER_ERROR_PAGE, writeResponse, type ExchangeOverrides } from '../server'
import { FaultInjector, type Fault } from './fault-injector'

/**
 * What the request-body fault stages (reset-request, slow-reader) have held at once, so tests can
 * check that a fault never buffers more than a few chunks of an upload.
 */
export interface RequestFaultStats {
  /** The most bytes ever waiting inside the fault stages of one request body. */
  peakBufferedBytes: number
}

/**
 * A fake server with fault injection: what can go wrong between Printdock and a server, on
 * demand. Every fake that tests drive is one; the demo's Obico server is a plain `FakeServer`.
 */
export class FaultableServer extends FakeServer {
  readonly faults = new FaultInjector()
  /** Buffering of the request-body fault stages; reset it by assigning 0 to the field. */
  readonly requestFaultStats: RequestFaultStats = { peakBufferedBytes: 0 }

  /** Latency first, then a replacement answer, then the body faults (fault-injector.ts). */
  protected override async overridesFor(method: string, path: string): Promise<ExchangeOverrides> {
    const faults = this.faults.take(method, path)
    if (faults.length === 0) return {}
    for (const fault of faults) {
      if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms))
    }
    return {
      response: replacementAnswer(faults),
      requestBody: (raw) => applyRequestFaults(raw, faults, this.requestFaultStats),
      write: (res, response) => writeWithFaults(res, response, faults)
    }
  }
}

/** The answer a status or rate-limit fault gives in place of the route's, if one strikes. */
function replacementAnswer(faults: Fault[]): FakeResponse | undefined {
  const early = faults.find((f) => f.kind === 'status' || f.kind === 'rate-limit')
  if (early?.kind === 'status') {
    if (early.body === undefined) return html(early.status, SERVER_ERROR_PAGE)
    const headers: Record<string, string> = early.contentType
      ? { 'content-type': early.contentType }
      : {}
    return html(early.status, early.body, headers)
  }
  if (early?.kind === 'rate-limit') return throttled(early.retryAfterSeconds)
  return undefined
}

/** Writes the answer with the response faults: a reset mid-body, a JSON body cut in half. */
async function writeWithFaults(
  res: ServerResponse,
  response: FakeResponse,
  faults: Fault[]
): Promise<void> {
  if (response.kind === 'handled' || res.writableEnded || res.destroyed) return
  const resetAfter = faults.find((f) => f.kind === 'reset-response')
  if (response.kind === 'stream') {
    if (resetAfter?.kind !== 'reset-response') return writeResponse(res, response)
    res.writeHead(response.status, response.headers)
    await writeThenReset(res, response.stream, resetAfter.afterBytes)
    return
  }
  let body = response.body
  if (response.isJson && faults.some((f) => f.kind === 'malformed-json')) {
    body = body.subarray(0, Math.floor(body.length / 2))
  }
  if (resetAfter?.kind !== 'reset-response') return writeResponse(res, { ...response, body })
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) })
  const part = body.subarray(0, Math.min(resetAfter.afterBytes, body.length))
  if (part.length > 0) res.write(part)
  flushThenDestroy(res)
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
 * Each side of a stage buffers at most this much. Explicit, because Node 22 raised the default
 * from 16 KiB to 64 KiB, which let two stages hold over four 64 KiB upload chunks at once.
 */
const STAGE_HIGH_WATER_MARK = 16 * 1024

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
    super({ highWaterMark: STAGE_HIGH_WATER_MARK })
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
