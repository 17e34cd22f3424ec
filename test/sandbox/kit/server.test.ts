import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import {
  SandboxClock,
  SandboxServer,
  HttpError,
  json,
  mountControlRoutes,
  empty
} from '../../../src/sandbox/kit'

let server: SandboxServer

async function start(): Promise<string> {
  server = new SandboxServer({
    name: 'kit-test',
    clock: new SandboxClock({ frozen: true, start: 1_000 })
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
  mountControlRoutes(server)
  return server.listen()
}

afterEach(async () => {
  await server?.close()
})

describe('SandboxServer', () => {
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

    server.faults.add({ method: 'GET', fault: { kind: 'malformed-json' }, times: 1 })
    const broken = await fetch(`${base}/items/3/`)
    await expect(broken.json()).rejects.toThrow()

    server.faults.add({ fault: { kind: 'latency', ms: 150 }, times: 1 })
    const started = Date.now()
    await fetch(`${base}/items/4/`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('resets the connection part-way through a response body', async () => {
    const base = await start()
    server.faults.add({ fault: { kind: 'reset-response', afterBytes: 5 }, times: 1 })
    await expect(fetch(`${base}/items/12345/`).then((r) => r.text())).rejects.toThrow()
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

describe('SandboxClock', () => {
  it('fires scheduled timers when advanced past them, in order, and only once', () => {
    const clock = new SandboxClock({ frozen: true, start: 0 })
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
    const clock = new SandboxClock()
    const before = clock.now()
    await new Promise((r) => setTimeout(r, 30))
    expect(clock.now()).toBeGreaterThan(before)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })
})
