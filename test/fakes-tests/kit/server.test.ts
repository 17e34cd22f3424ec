import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock, HttpError, json, empty } from '../../fakes/kit'
import { FaultableServer, mountControlRoutes } from '../../fakes/kit/faults'

let server: FaultableServer

/** What the `/hold/` handler saw: socket bytes read while it held off, and the body it then got. */
let held: { bytesReadWhileHolding: number; consumed: number; failed: boolean } | undefined

/** Writes `chunks` × 64 KiB as fast as the server takes them; `sent()` counts what left the client. */
function pushUpload(base: string, path: string, chunks: number) {
  let sent = 0
  const chunk = Buffer.alloc(64 * 1024, 97)
  const req = request(`${base}${path}`, { method: 'POST' })
  const outcome = new Promise<string>((resolve) => {
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(`status ${res.statusCode}`))
      res.on('error', () => resolve('reset'))
    })
    req.on('error', () => resolve('reset'))
  })
  const pump = () => {
    while (sent < chunks * chunk.length && !req.destroyed) {
      sent += chunk.length
      if (!req.write(chunk)) {
        req.once('drain', pump)
        return
      }
    }
    if (!req.destroyed) req.end()
  }
  pump()
  return { outcome, sent: () => sent, stop: () => req.destroy() }
}

/** Reads a response body chunk by chunk until it ends or breaks. */
async function readUntilBroken(res: Response): Promise<{ bytes: Buffer; broke: boolean }> {
  const reader = res.body!.getReader()
  const parts: Buffer[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { bytes: Buffer.concat(parts), broke: false }
      parts.push(Buffer.from(value))
    }
  } catch {
    return { bytes: Buffer.concat(parts), broke: true }
  }
}

async function start(): Promise<string> {
  server = new FaultableServer({
    name: 'kit-test',
    clock: new FakeClock({ frozen: true, start: 1_000 })
  })
  server.route('GET', '/items/:id/', (req) =>
    json(200, { id: req.params.id, q: req.query.get('q') })
  )
  server.route('POST', '/echo/', async (req) =>
    json(200, { size: (await req.body(10 * 1024 * 1024)).length })
  )
  server.route('GET', '/crash/', () => {
    throw new Error('boom')
  })
  server.route('GET', '/teapot/', () => {
    throw new HttpError(418, { detail: 'short and stout' })
  })
  server.route('DELETE', '/nothing/', () => empty(204))
  server.route('POST', '/hold/', async (req) => {
    // Take the body stream but do not read it yet: with backpressure the socket stays unread.
    const body = req.bodyStream()
    await new Promise((r) => setTimeout(r, 400))
    const seen = { bytesReadWhileHolding: req.raw.socket.bytesRead, consumed: 0, failed: false }
    try {
      for await (const chunk of body) seen.consumed += (chunk as Buffer).length
    } catch {
      seen.failed = true
    }
    held = seen
    return json(200, seen)
  })
  mountControlRoutes(server)
  return server.listen()
}

afterEach(async () => {
  held = undefined
  await server?.close()
})

describe('FaultableServer (FakeServer plus faults)', () => {
  it('routes by method and pattern, decoding params, and keeps trailing slashes significant', async () => {
    const base = await start()
    const hit = await fetch(`${base}/items/a%20b/?q=x`)
    expect(hit.status).toBe(200)
    expect(await hit.json()).toEqual({ id: 'a b', q: 'x' })
    const noSlash = await fetch(`${base}/items/1`)
    expect(noSlash.status).toBe(404)
    expect(await noSlash.text()).toContain('Not Found')
    const wrongVerb = await fetch(`${base}/items/1/`, { method: 'POST' })
    expect(wrongVerb.status).toBe(405)
    expect(await wrongVerb.json()).toEqual({ detail: 'Method "POST" not allowed.' })
  })

  it('answers crashes with a bare 500 page and HttpError with its own status', async () => {
    const base = await start()
    const crash = await fetch(`${base}/crash/`)
    expect(crash.status).toBe(500)
    expect(await crash.text()).toContain('Server Error (500)')
    const teapot = await fetch(`${base}/teapot/`)
    expect(teapot.status).toBe(418)
    expect(await teapot.json()).toEqual({ detail: 'short and stout' })
  })

  it('injects status, rate-limit, latency and malformed JSON faults, each for its count', async () => {
    const base = await start()
    server.faults.add({ path: '/items/1/', fault: { kind: 'status', status: 503 }, times: 1 })
    expect((await fetch(`${base}/items/1/`)).status).toBe(503)
    expect((await fetch(`${base}/items/1/`)).status).toBe(200)

    server.faults.add({
      path: /^\/items\//,
      fault: { kind: 'rate-limit', retryAfterSeconds: 7 },
      times: 1
    })
    const limited = await fetch(`${base}/items/2/`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    // DRF's Throttled detail, with the wait (exceptions.Throttled in DRF 3.15).
    expect(await limited.json()).toEqual({
      detail: 'Request was throttled. Expected available in 7 seconds.'
    })
    server.faults.add({ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, times: 1 })
    expect(await (await fetch(`${base}/items/2/`)).json()).toEqual({
      detail: 'Request was throttled. Expected available in 1 second.'
    })

    server.faults.add({ method: 'GET', fault: { kind: 'malformed-json' }, times: 1 })
    const broken = await fetch(`${base}/items/3/`)
    await expect(broken.json()).rejects.toThrow()

    server.faults.add({ fault: { kind: 'latency', ms: 150 }, times: 1 })
    const started = Date.now()
    await fetch(`${base}/items/4/`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('resets the connection part-way through a response body: status and headers first, then the body breaks', async () => {
    const base = await start()
    server.faults.add({ fault: { kind: 'reset-response', afterBytes: 5 }, times: 1 })
    // fetch resolves once the head is in: the 200 and its headers arrived before the cut.
    const res = await fetch(`${base}/items/12345/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const whole = JSON.stringify({ id: '12345', q: null })
    expect(res.headers.get('content-length')).toBe(String(whole.length))
    const { bytes, broke } = await readUntilBroken(res)
    expect(broke).toBe(true)
    expect(bytes.toString('utf8')).toBe(whole.slice(0, 5))
    // The fault was used up: the next answer is whole.
    expect(await (await fetch(`${base}/items/12345/`)).json()).toEqual({ id: '12345', q: null })
  })

  it('reset-request reads the socket only as fast as the handler reads (backpressure)', async () => {
    const base = await start()
    const limit = 32 * 1024 * 1024
    server.faults.add({
      path: '/hold/',
      fault: { kind: 'reset-request', afterBytes: limit },
      times: 1
    })
    const upload = pushUpload(base, '/hold/', 1024) // 64 MiB offered
    expect(await upload.outcome).toBe('reset')
    await expect.poll(() => held).toBeDefined()
    // The old PassThrough read everything the client sent while the handler waited (tens of MB).
    expect(held!.bytesReadWhileHolding).toBeLessThan(4 * 1024 * 1024)
    expect(held!.failed).toBe(true)
    expect(held!.consumed).toBeLessThanOrEqual(limit)
    // Deterministic: the fault stage never held more than a few 64 KiB chunks at once.
    expect(server.requestFaultStats.peakBufferedBytes).toBeGreaterThan(0)
    expect(server.requestFaultStats.peakBufferedBytes).toBeLessThanOrEqual(4 * 64 * 1024)
    // The client could not run ahead of the cut by more than the socket buffers.
    expect(upload.sent()).toBeLessThan(limit + 16 * 1024 * 1024)
  })

  it('slow-reader still throttles the client when combined with reset-request', async () => {
    const base = await start()
    server.faults.add({
      path: '/echo/',
      fault: { kind: 'reset-request', afterBytes: 100 * 1024 * 1024 },
      times: 1
    })
    server.faults.add({
      path: '/echo/',
      fault: { kind: 'slow-reader', bytesPerSecond: 1024 * 1024 },
      times: 1
    })
    const upload = pushUpload(base, '/echo/', 1600) // 100 MiB offered
    await new Promise((r) => setTimeout(r, 1000))
    // About 1 MiB/s reaches the handler; the rest waits in the kernel's socket buffers, not in
    // ours. Before the fix the cut stage read the socket flat out and the client sent ~100 MiB.
    const sent = upload.sent()
    upload.stop()
    expect(sent).toBeLessThan(24 * 1024 * 1024)
    expect(server.requestFaultStats.peakBufferedBytes).toBeLessThanOrEqual(4 * 64 * 1024)
    await upload.outcome
  })

  it('a status fault sends its own body: HTML by default, or the content type it names', async () => {
    const base = await start()
    server.faults.add({ path: '/items/1/', fault: { kind: 'status', status: 503 }, times: 1 })
    const page = await fetch(`${base}/items/1/`)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('Server Error (500)')
    server.faults.add({
      path: '/items/1/',
      fault: { kind: 'status', status: 502, body: '<h1>Bad Gateway</h1>' },
      times: 1
    })
    const gateway = await fetch(`${base}/items/1/`)
    expect(gateway.status).toBe(502)
    expect(gateway.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await gateway.text()).toBe('<h1>Bad Gateway</h1>')
    server.faults.add({
      path: '/items/1/',
      fault: {
        kind: 'status',
        status: 400,
        body: '{"error":"invalid_grant"}',
        contentType: 'application/json'
      },
      times: 1
    })
    const oauth = await fetch(`${base}/items/1/`)
    expect(oauth.status).toBe(400)
    expect(oauth.headers.get('content-type')).toBe('application/json')
    expect(await oauth.json()).toEqual({ error: 'invalid_grant' })
  })

  it('resets the connection part-way through an upload', async () => {
    const base = await start()
    server.faults.add({
      path: '/echo/',
      fault: { kind: 'reset-request', afterBytes: 64 * 1024 },
      times: 1
    })
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`${base}/echo/`, { method: 'POST' }, (res) => {
        res.resume()
        res.on('end', () => resolve(`status ${res.statusCode}`))
        res.on('error', () => resolve('reset'))
      })
      req.on('error', () => resolve('reset'))
      const chunk = Buffer.alloc(64 * 1024, 97)
      let sent = 0
      const pump = () => {
        while (sent < 64 && req.write(chunk)) sent++
        if (sent < 64) req.once('drain', pump)
        else req.end()
      }
      pump()
    })
    expect(outcome).toBe('reset')
  })

  it('throttles a slow reader', async () => {
    const base = await start()
    server.faults.add({
      path: '/echo/',
      fault: { kind: 'slow-reader', bytesPerSecond: 100_000 },
      times: 1
    })
    const started = Date.now()
    const res = await fetch(`${base}/echo/`, { method: 'POST', body: Buffer.alloc(40_000, 1) })
    expect(await res.json()).toEqual({ size: 40_000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('moves the clock and adds faults through the control routes', async () => {
    const base = await start()
    const moved = await fetch(`${base}/__sandbox/clock/advance?ms=5000`, { method: 'POST' })
    expect(await moved.json()).toEqual({ now: 6_000 })
    const added = await fetch(`${base}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/items/9/', fault: { kind: 'status', status: 502 }, times: 1 })
    })
    expect(added.status).toBe(201)
    expect((await fetch(`${base}/items/9/`)).status).toBe(502)
    const bad = await fetch(`${base}/__sandbox/faults`, {
      method: 'POST',
      body: '{"fault":{"kind":"nope"}}'
    })
    expect(bad.status).toBe(400)
  })
})

describe('FakeClock', () => {
  it('fires scheduled timers when advanced past them, in order, and only once', () => {
    const clock = new FakeClock({ frozen: true, start: 0 })
    const fired: string[] = []
    clock.schedule(2_000, () => fired.push('b'))
    clock.schedule(1_000, () => fired.push('a'))
    const cancel = clock.schedule(1_500, () => fired.push('cancelled'))
    cancel()
    clock.advance(999)
    expect(fired).toEqual([])
    clock.advance(5_000)
    expect(fired).toEqual(['a', 'b'])
    expect(clock.now()).toBe(5_999)
    clock.advance(10_000)
    expect(fired).toEqual(['a', 'b'])
  })

  it('follows real time unless frozen', async () => {
    const clock = new FakeClock()
    const before = clock.now()
    await new Promise((r) => setTimeout(r, 30))
    expect(clock.now()).toBeGreaterThan(before)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })
})
