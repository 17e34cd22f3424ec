import { createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHttpClient, StreamBody } from '../../../../src/main/core/http'
import {
  recycledFileStream,
  releaseChunk
} from '../../../../src/main/core/http/recycled-file-stream'

/**
 * The file stream that reuses its read buffers: the bytes must be exactly the file's, a buffer
 * must never be reused before it is released, and a file that changes size must fail the stream.
 */

let dir: string
const servers: Server[] = []
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'printdock-recycled-'))
})
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  await fs.rm(dir, { recursive: true, force: true })
})

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

async function fileOf(content: Buffer): Promise<string> {
  const path = join(dir, 'part.gcode')
  await fs.writeFile(path, content)
  return path
}

describe('recycledFileStream', () => {
  it('gives prefix, file and suffix in order, and reuses no buffer that was not released', async () => {
    const content = randomBytes(1024 * 1024 + 123)
    const path = await fileOf(content)
    const stream = recycledFileStream(path, {
      prefix: Buffer.from('HEAD'),
      suffix: Buffer.from('TAIL'),
      expectedBytes: content.length,
      chunkBytes: 64 * 1024
    })
    const chunks: Buffer[] = []
    const copies: Buffer[] = []
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      copies.push(Buffer.from(chunk))
    }
    // Nothing was released: every chunk still holds what was read into it.
    expect(chunks.map((c) => c.toString('hex'))).toEqual(copies.map((c) => c.toString('hex')))
    const whole = Buffer.concat(copies)
    expect(whole.subarray(0, 4).toString()).toBe('HEAD')
    expect(whole.subarray(-4).toString()).toBe('TAIL')
    expect(sha256(whole.subarray(4, -4))).toBe(sha256(content))
  })

  it('reuses a buffer once its chunk is released', async () => {
    const path = await fileOf(randomBytes(512 * 1024))
    const stream = recycledFileStream(path, { chunkBytes: 64 * 1024 })
    const backing = new Set<ArrayBuffer>()
    let count = 0
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      backing.add(chunk.buffer as ArrayBuffer)
      count++
      releaseChunk(chunk)
    }
    expect(count).toBe(8)
    // Released as soon as read, one or two buffers serve the whole file.
    expect(backing.size).toBeLessThan(count)
  })

  it('a file shorter than expected fails the stream with EFILECHANGED', async () => {
    const path = await fileOf(randomBytes(100_000))
    const stream = recycledFileStream(path, { expectedBytes: 200_000 })
    const error = await (async () => {
      for await (const chunk of stream as AsyncIterable<Buffer>) void chunk
    })().then(
      () => undefined,
      (e: unknown) => e
    )
    expect((error as { code?: string }).code).toBe('EFILECHANGED')
  })

  it('a 64 MB upload through a real socket arrives byte for byte while buffers are reused', async () => {
    const content = randomBytes(64 * 1024 * 1024)
    const path = await fileOf(content)
    const server = createServer((req, res) => {
      const hash = createHash('sha256')
      let length = 0
      // A slow reader: writes queue up, so a buffer reused too early would corrupt the body.
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        length += chunk.length
        req.pause()
        setImmediate(() => req.resume())
      })
      req.on('end', () => res.end(JSON.stringify({ sha: hash.digest('hex'), length })))
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const body = new StreamBody(
      () => recycledFileStream(path, { expectedBytes: content.length, ringSize: 4 }),
      content.length
    )
    const response = await createHttpClient().request({ method: 'POST', url: base, body })
    expect(response.json()).toEqual({ sha: sha256(content), length: content.length })
  })
})
