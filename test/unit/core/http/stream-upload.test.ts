import { createHash, randomBytes } from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import { createHttpClient, StreamBody } from '../../../../src/main/core/http'

/**
 * Streamed request bodies go through their own transport (stream-upload.ts, on node:http). These
 * tests hold it to every guarantee of the client, against real servers on 127.0.0.1 that stall,
 * reset, flood and answer slowly while a body is on its way.
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

/** Reads the whole request body, counting bytes as they come. */
function drain(req: IncomingMessage, onBytes?: (total: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      total += chunk.length
      onBytes?.(total)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A body of `content`, sent in 64 KiB pieces; records whether each opened stream was closed. */
function bodyOf(content: Buffer): { body: StreamBody; opened: Readable[] } {
  const opened: Readable[] = []
  const body = new StreamBody(() => {
    const pieces: Buffer[] = []
    for (let at = 0; at < content.length; at += 64 * 1024) {
      pieces.push(content.subarray(at, at + 64 * 1024))
    }
    const stream = Readable.from(pieces, { objectMode: false })
    opened.push(stream)
    return stream
  }, content.length)
  return { body, opened }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

const client = createHttpClient()

describe('streamed uploads (node:http transport)', () => {
  it('sends the exact bytes with their length and reports progress up to the total', async () => {
    const content = randomBytes(8 * 1024 * 1024)
    const base = await serve(async (req, res) => {
      const received = await drain(req)
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Seen': 'yes' })
      res.end(
        JSON.stringify({
          length: req.headers['content-length'],
          type: req.headers['content-type'],
          sha: sha256(received)
        })
      )
    })
    const progress: { sent: number; total: number }[] = []
    const { body } = bodyOf(content)
    const response = await client.request({
      method: 'POST',
      url: `${base}/upload`,
      body,
      onUploadProgress: (p) => progress.push(p)
    })
    expect(response.status).toBe(201)
    expect(response.headers['x-seen']).toBe('yes')
    expect(response.json()).toEqual({
      length: String(content.length),
      type: 'application/octet-stream',
      sha: sha256(content)
    })
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toEqual({ sent: content.length, total: content.length })
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].sent).toBeGreaterThan(progress[i - 1].sent)
    }
  })

  it('a server that takes the whole body but never answers fails at the deadline', async () => {
    const base = await serve((req) => void drain(req))
    const started = Date.now()
    const error = await rejection(
      client.request({
        method: 'POST',
        url: base,
        body: bodyOf(randomBytes(1024 * 1024)).body,
        deadlineMs: 700,
        idleTimeoutMs: 30_000
      })
    )
    expect(error.code).toBe('network/timeout')
    expect(error.message).toMatch(/did not finish answering within 0\.7 seconds/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('a server that stops reading the body fails on the idle limit, long before the deadline', async () => {
    const base = await serve((req) => req.pause())
    const { body, opened } = bodyOf(randomBytes(32 * 1024 * 1024))
    const started = Date.now()
    const error = await rejection(
      client.request({ method: 'POST', url: base, body, deadlineMs: 60_000, idleTimeoutMs: 400 })
    )
    expect(error.code).toBe('network/timeout')
    expect(error.message).toMatch(/stalled/)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(opened[0].destroyed).toBe(true)
  })

  it('cancelling mid-upload stops sending, closes the connection and the body', async () => {
    const controller = new AbortController()
    let connectionClosed: Promise<void> | undefined
    let receivedAtClose = 0
    const content = randomBytes(64 * 1024 * 1024)
    const base = await serve((req) => {
      connectionClosed = new Promise((resolve) => req.socket.on('close', () => resolve()))
      let received = 0
      req.on('data', (chunk: Buffer) => {
        received += chunk.length
        receivedAtClose = received
        // Cancel once some of the body arrived, and read slowly so most of it is still to send.
        if (received >= 1024 * 1024 && !controller.signal.aborted) controller.abort()
        req.pause()
        setTimeout(() => req.resume(), 5)
      })
      req.on('error', () => undefined)
    })
    const { body, opened } = bodyOf(content)
    const error = await rejection(
      client.request({ method: 'POST', url: base, body, signal: controller.signal })
    )
    expect(error.code).toBe('operation/cancelled')
    await connectionClosed
    expect(receivedAtClose).toBeLessThan(content.length)
    expect(opened[0].destroyed).toBe(true)
  })

  it('a reset mid-upload is a retryable network error, and the body is closed', async () => {
    const base = await serve((req) => {
      let received = 0
      req.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received >= 2 * 1024 * 1024) req.socket.resetAndDestroy()
      })
      req.on('error', () => undefined)
    })
    const { body, opened } = bodyOf(randomBytes(32 * 1024 * 1024))
    const error = await rejection(client.request({ method: 'POST', url: base, body }))
    expect(error.code).toBe('network/offline')
    expect(error.message).toMatch(/cut off/)
    expect(error.retryable).toBe(true)
    expect(opened[0].destroyed).toBe(true)
  })

  it('an answer above the size cap is cut off with network/too-large', async () => {
    let connectionClosed: Promise<void> | undefined
    const base = await serve(async (req, res) => {
      await drain(req)
      connectionClosed = new Promise((resolve) => res.on('close', () => resolve()))
      res.writeHead(200)
      // Far more than the cap, and never ending on its own.
      const block = Buffer.alloc(64 * 1024, 0x20)
      const flood = () => {
        while (res.write(block));
      }
      res.on('drain', flood)
      flood()
    })
    const error = await rejection(
      client.request({
        method: 'POST',
        url: base,
        body: bodyOf(randomBytes(256 * 1024)).body,
        maxResponseBytes: 512 * 1024
      })
    )
    expect(error.code).toBe('network/too-large')
    await connectionClosed
  })

  it('a stalled answer after the last byte sent counts against the idle limit', async () => {
    const base = await serve(async (req, res) => {
      await drain(req)
      res.writeHead(200)
      res.write('{')
    })
    const error = await rejection(
      client.request({
        method: 'POST',
        url: base,
        body: bodyOf(randomBytes(256 * 1024)).body,
        deadlineMs: 60_000,
        idleTimeoutMs: 400
      })
    )
    expect(error.code).toBe('network/timeout')
    expect(error.message).toMatch(/stalled/)
  })

  it('unpacks a gzip answer, as the other transport does', async () => {
    const base = await serve(async (req, res) => {
      await drain(req)
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      res.end(gzipSync(JSON.stringify({ id: 7 })))
    })
    const response = await client.request({
      method: 'POST',
      url: base,
      body: bodyOf(randomBytes(1024)).body
    })
    expect(response.json()).toEqual({ id: 7 })
    expect(response.headers['content-encoding']).toBeUndefined()
  })

  it('a refused connection says so', async () => {
    const base = await serve(() => undefined)
    const server = servers.pop() as Server
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const error = await rejection(
      client.request({ method: 'POST', url: base, body: bodyOf(randomBytes(1024)).body })
    )
    expect(error.code).toBe('network/offline')
    expect(error.message).toMatch(/refused/)
  })

  const hasOpenssl = spawnSync('sh', ['-c', 'command -v openssl']).status === 0

  it.skipIf(!hasOpenssl)(
    'goes over TLS for https: a self-signed server fails with the certificate words',
    async () => {
      // A throwaway key and certificate, made here so no key material is kept in the repository.
      const dir = mkdtempSync(join(tmpdir(), 'printdock-tls-'))
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=127.0.0.1'
          ].concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
          { stdio: 'ignore' }
        )
        let reached = false
        const server = createTlsServer(
          { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
          (_req, res) => {
            reached = true
            res.end('{}')
          }
        )
        servers.push(server as unknown as Server)
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/upload`
        const error = await rejection(
          client.request({
            method: 'POST',
            url,
            headers: { Authorization: 'Bearer SECRET-TOKEN-789' },
            body: bodyOf(randomBytes(256 * 1024)).body
          })
        )
        expect(error.code).toBe('network/offline')
        expect(error.message).toMatch(/certificate/)
        expect(String(error.cause)).not.toContain('SECRET-TOKEN-789')
        expect(reached).toBe(false)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  )
})
