import { createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import {
  createHttpClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  fileBody,
  StreamBody
} from '../../../../src/main/core/http'

/**
 * The HTTP client against real servers on 127.0.0.1 that misbehave the way real ones do: drip,
 * flood, reset, stall.
 */

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Resolves when the server side of the response's connection is closed. */
function closed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.on('close', () => resolve()))
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

const client = createHttpClient()

describe('overall deadline', () => {
  it('a server dripping its body a byte at a time fails at the deadline, not never', async () => {
    // Each byte arrives well inside any idle timeout, so only an overall deadline can stop this.
    let connectionClosed: Promise<void> | undefined
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const drip = setInterval(() => res.write(' '), 200)
      connectionClosed = closed(res).then(() => clearInterval(drip))
    })
    const started = Date.now()
    const error = await rejection(client.request({ method: 'GET', url: base, deadlineMs: 1200 }))
    const elapsed = Date.now() - started
    expect(error.code).toBe('network/timeout')
    expect(error.retryable).toBe(true)
    expect(error.message).toMatch(/1\.2 seconds/)
    expect(elapsed).toBeGreaterThanOrEqual(1100)
    expect(elapsed).toBeLessThan(4000)
    // The client hung up: the server sees its connection closed.
    await connectionClosed
  })

  it('a server that never answers at all fails at the deadline', async () => {
    const base = await serve(() => undefined)
    const error = await rejection(client.request({ method: 'GET', url: base, deadlineMs: 300 }))
    expect(error.code).toBe('network/timeout')
  })

  it('the client-wide default deadline applies when a request sets none', async () => {
    const base = await serve(() => undefined)
    const quick = createHttpClient({ defaultDeadlineMs: 300 })
    const started = Date.now()
    expect((await rejection(quick.request({ method: 'GET', url: base }))).code).toBe(
      'network/timeout'
    )
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('an idle limit stops a stalled exchange before its long deadline', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200)
      res.write('{')
    })
    const started = Date.now()
    const error = await rejection(
      client.request({ method: 'GET', url: base, deadlineMs: 60_000, idleTimeoutMs: 300 })
    )
    expect(error.code).toBe('network/timeout')
    expect(error.message).toMatch(/stalled/)
    expect(Date.now() - started).toBeLessThan(3000)
  })
})

describe('response size cap', () => {
  it('a 100 MB answer is cut off at the cap, without reading it all', async () => {
    let written = 0
    let finished = false
    let connectionClosed: Promise<void> | undefined
    const base = await serve((_req, res) => {
      // No Content-Length: the cap must hold while the bytes stream in.
      res.writeHead(200, { 'Content-Type': 'application/json' })
      connectionClosed = closed(res)
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (written < 100 * 1024 * 1024) {
          if (res.destroyed) return
          written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        finished = true
        res.end()
      }
      pump()
    })
    const error = await rejection(client.request({ method: 'GET', url: base }))
    expect(error.code).toBe('network/too-large')
    expect(error.message).toMatch(/1 MiB/)
    await connectionClosed
    expect(finished).toBe(false)
    // What the server got into the socket before the client hung up: the cap plus the kernel's
    // socket buffers, far below the 100 MB it meant to send.
    expect(written).toBeLessThan(16 * 1024 * 1024)
  })

  it('an answer that announces more than the cap is refused before its body is read', async () => {
    let connectionClosed: Promise<void> | undefined
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(100 * 1024 * 1024) })
      res.write('{')
      connectionClosed = closed(res)
    })
    const error = await rejection(client.request({ method: 'GET', url: base, deadlineMs: 5000 }))
    expect(error.code).toBe('network/too-large')
    await connectionClosed
  })

  it('the cap counts unpacked bytes: a small gzip answer that unpacks to 64 MB is cut off', async () => {
    const packed = gzipSync(Buffer.alloc(64 * 1024 * 1024))
    expect(packed.length).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES)
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      res.end(packed)
    })
    expect((await rejection(client.request({ method: 'GET', url: base }))).code).toBe(
      'network/too-large'
    )
  })

  it('a compressed answer that does not unpack is network/bad-response', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' })
      res.end(Buffer.from('this is not gzip at all'))
    })
    expect((await rejection(client.request({ method: 'GET', url: base }))).code).toBe(
      'network/bad-response'
    )
  })

  it('the cap is the caller’s to set, and an answer up to it is read whole', async () => {
    const body = 'x'.repeat(2000)
    const base = await serve((_req, res) => res.end(body))
    expect(
      (await rejection(client.request({ method: 'GET', url: base, maxResponseBytes: 1999 }))).code
    ).toBe('network/too-large')
    const response = await client.request({ method: 'GET', url: base, maxResponseBytes: 2000 })
    expect(response.text).toBe(body)
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(1024 * 1024)
  })
})

describe('broken connections', () => {
  it('a connection reset in the middle of the answer is a network error', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' })
      res.write('{"partial":')
      setTimeout(() => res.socket?.resetAndDestroy(), 50)
    })
    const error = await rejection(client.request({ method: 'GET', url: base }))
    expect(error.code).toBe('network/offline')
    expect(error.message).toMatch(/cut off/)
    expect(error.retryable).toBe(true)
  })

  it('a connection closed before any answer is a network error', async () => {
    const base = await serve((req) => req.socket.destroy())
    expect((await rejection(client.request({ method: 'GET', url: base }))).code).toBe(
      'network/offline'
    )
  })

  it('a refused connection says so', async () => {
    const base = await serve(() => undefined)
    const server = servers.pop() as Server
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const error = await rejection(client.request({ method: 'GET', url: base }))
    expect(error.code).toBe('network/offline')
    expect(error.message).toMatch(/refused/)
  })

  it('an error never carries the request: its cause names the failure only', async () => {
    const base = await serve((req) => req.socket.destroy())
    const error = await rejection(
      client.request({
        method: 'POST',
        url: base,
        headers: { Authorization: 'Bearer SECRET-TOKEN-123' },
        body: new URLSearchParams({ refresh_token: 'SECRET-REFRESH-456' })
      })
    )
    const dump = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error.cause)
    expect(dump).not.toContain('SECRET-TOKEN-123')
    expect(dump).not.toContain('SECRET-REFRESH-456')
    expect(Object.keys(error.cause as object)).toEqual([])
  })
})

describe('cancelling', () => {
  it('the caller’s signal stops a request in flight with operation/cancelled', async () => {
    let connectionClosed: Promise<void> | undefined
    const base = await serve((_req, res) => {
      connectionClosed = closed(res)
    })
    const controller = new AbortController()
    const pending = client.request({ method: 'GET', url: base, signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    const error = await rejection(pending)
    expect(error.code).toBe('operation/cancelled')
    expect(error.retryable).toBe(false)
    await connectionClosed
  })

  it('an already aborted signal sends nothing', async () => {
    let hits = 0
    const base = await serve((_req, res) => {
      hits++
      res.end('{}')
    })
    const error = await rejection(
      client.request({ method: 'GET', url: base, signal: AbortSignal.abort() })
    )
    expect(error.code).toBe('operation/cancelled')
    expect(hits).toBe(0)
  })

  it('cancelling while the body streams in stops the read', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200)
      const drip = setInterval(() => res.write('x'), 20)
      res.on('close', () => clearInterval(drip))
    })
    const controller = new AbortController()
    const pending = client.request({ method: 'GET', url: base, signal: controller.signal })
    setTimeout(() => controller.abort(), 200)
    expect((await rejection(pending)).code).toBe('operation/cancelled')
  })
})

describe('request bodies', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('streams a file from disk with its length and reports progress up to the total', async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'printdock-http-'))
    const path = join(dir, 'part.gcode')
    const content = randomBytes(6 * 1024 * 1024)
    await fs.writeFile(path, content)
    let received: { length: string | undefined; type: string | undefined; hash: string } | undefined
    const base = await serve(async (req, res) => {
      // Read slowly so the upload lasts long enough for progress in between.
      const chunks: Buffer[] = []
      for await (const chunk of req) {
        chunks.push(chunk as Buffer)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      const body = Buffer.concat(chunks)
      received = {
        length: req.headers['content-length'],
        type: req.headers['content-type'],
        hash: sha256(body)
      }
      res.writeHead(201, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ stored: body.length }))
    })
    const progress: { sent: number; total: number }[] = []
    const response = await client.request({
      method: 'PUT',
      url: `${base}/files/part.gcode`,
      body: await fileBody(path, 'text/x.gcode'),
      onUploadProgress: (event) => progress.push(event)
    })
    expect(response.status).toBe(201)
    expect(response.json()).toEqual({ stored: content.length })
    expect(received).toEqual({
      length: String(content.length),
      type: 'text/x.gcode',
      hash: sha256(content)
    })
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress.every((event) => event.total === content.length)).toBe(true)
    expect(progress.some((event) => event.sent > 0 && event.sent < content.length)).toBe(true)
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].sent).toBeGreaterThanOrEqual(progress[i - 1].sent)
    }
    expect(progress.at(-1)?.sent).toBe(content.length)
  })

  it('opens a stream body afresh for each send, and closes it when the request fails', async () => {
    const opened: Readable[] = []
    const body = new StreamBody(() => {
      const stream = Readable.from([Buffer.from('hello '), Buffer.from('world')])
      opened.push(stream)
      return stream
    }, 11)
    const bodies: string[] = []
    const base = await serve(async (req, res) => {
      bodies.push((await readBody(req)).toString())
      res.end('{}')
    })
    await client.request({ method: 'POST', url: base, body })
    await client.request({ method: 'POST', url: base, body })
    expect(bodies).toEqual(['hello world', 'hello world'])
    expect(opened).toHaveLength(2)
    expect(opened[0]).not.toBe(opened[1])

    const endless = new Readable({ read() {} })
    const stuck = new StreamBody(() => endless, 1000)
    const failing = await serve(() => undefined)
    await rejection(client.request({ method: 'POST', url: failing, body: stuck, deadlineMs: 200 }))
    expect(endless.destroyed).toBe(true)
  })

  it('an upload the server stops reading fails on its idle limit, long before its deadline', async () => {
    // The server takes the headers and never reads: the socket buffers fill and sending stalls.
    const base = await serve(() => undefined)
    const size = 256 * 1024 * 1024
    let produced = 0
    const zeros = new StreamBody(
      () =>
        new Readable({
          read() {
            produced += 64 * 1024
            this.push(produced <= size ? Buffer.alloc(64 * 1024) : null)
          }
        }),
      size
    )
    const progress: number[] = []
    const started = Date.now()
    const error = await rejection(
      client.request({
        method: 'PUT',
        url: base,
        body: zeros,
        idleTimeoutMs: 500,
        onUploadProgress: ({ sent }) => progress.push(sent)
      })
    )
    expect(error.code).toBe('network/timeout')
    expect(error.message).toMatch(/stalled/)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toBeLessThan(size)
  })

  it('a body stream that breaks is our failure, not the network’s', async () => {
    const base = await serve(async (req, res) => {
      req.on('error', () => undefined)
      res.end('{}')
    })
    const broken = new StreamBody(
      () =>
        new Readable({
          read() {
            this.push(Buffer.alloc(1000))
            this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }))
          }
        }),
      100_000
    )
    const error = await rejection(client.request({ method: 'PUT', url: base, body: broken }))
    expect(error.code).toBe('internal/unexpected')
    expect(error.message).toMatch(/could not read what it was sending/)
  })

  it('sends objects as JSON and URLSearchParams as a form, caller headers first', async () => {
    const seen: { type?: string; body: string }[] = []
    const base = await serve(async (req, res) => {
      seen.push({ type: req.headers['content-type'], body: (await readBody(req)).toString() })
      res.end('{}')
    })
    await client.request({ method: 'POST', url: base, body: { a: 1 } })
    await client.request({ method: 'POST', url: base, body: new URLSearchParams({ b: '2' }) })
    await client.request({
      method: 'PATCH',
      url: base,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { c: 3 }
    })
    expect(seen).toEqual([
      { type: 'application/json', body: '{"a":1}' },
      { type: 'application/x-www-form-urlencoded', body: 'b=2' },
      { type: 'application/merge-patch+json', body: '{"c":3}' }
    ])
  })
})

describe('answers', () => {
  it('resolves every status, follows no redirect, and reads headers in lower case', async () => {
    let hits = 0
    const base = await serve((_req, res) => {
      hits++
      res.writeHead(302, { Location: '/elsewhere', 'X-Thing': 'yes' })
      res.end()
    })
    const response = await client.request({ method: 'GET', url: base })
    expect(response.status).toBe(302)
    expect(response.headers['x-thing']).toBe('yes')
    expect(hits).toBe(1)
  })

  it('json() of a body that is not JSON is network/bad-response', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' })
      res.end('<html>oops</html>')
    })
    const response = await client.request({ method: 'GET', url: base })
    expect(response.status).toBe(500)
    expect(response.text).toBe('<html>oops</html>')
    expect(() => response.json()).toThrow(expect.objectContaining({ code: 'network/bad-response' }))
  })
})
