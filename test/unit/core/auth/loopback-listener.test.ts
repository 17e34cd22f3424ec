import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/main/core/clock'
import {
  LOOPBACK_MAX_CONNECTIONS,
  startLoopbackListener,
  type LoopbackHandleResult,
  type LoopbackListener
} from '../../../../src/main/core/auth/loopback-listener'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(
  host: string,
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET'
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path, method, headers, agent: false, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
        res.on('error', reject)
      }
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Resolves with the socket error code, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 })
    socket.on('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.on('timeout', () => {
      socket.destroy()
      resolve('timeout')
    })
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
}

/** A connected socket that sends nothing; it records when the server ends or drops it. */
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.on('connect', () => resolve(socket))
    socket.on('error', () => undefined)
    socket.on('end', () => socket.destroy())
    socket.once('error', reject)
  })
}

const open: LoopbackListener[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((listener) => listener.close()))
})

async function start(
  handle: (url: string) => Promise<LoopbackHandleResult>,
  extra: { clock?: ManualClock; hosts?: string[]; timeoutMs?: number } = {}
): Promise<LoopbackListener> {
  const listener = await startLoopbackListener({
    path: '/printdock/callback',
    timeoutMs: extra.timeoutMs ?? 60_000,
    clock: extra.clock ?? new ManualClock(),
    hosts: extra.hosts,
    handle
  })
  open.push(listener)
  return listener
}

describe('startLoopbackListener', () => {
  it('binds 127.0.0.1 on an ephemeral port and nothing else', async () => {
    const listener = await start(async () => ({ ok: true, message: 'done' }))
    expect(listener.host).toBe('127.0.0.1')
    expect(listener.port).toBeGreaterThan(0)
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}/printdock/callback`)
    expect(await tryConnect('127.0.0.1', listener.port)).toBe('connected')
    // Another loopback address on Linux: not bound, so refused.
    if (process.platform === 'linux') {
      expect(await tryConnect('127.0.0.2', listener.port)).toBe('ECONNREFUSED')
    }
    const external = Object.values(networkInterfaces())
      .flat()
      .find((item) => item && !item.internal && item.family === 'IPv4')
    if (!external) {
      console.log(
        '[loopback] skip external-interface check: this machine has no non-loopback IPv4 address'
      )
      return
    }
    expect(await tryConnect(external.address, listener.port)).not.toBe('connected')
  })

  it('answers 404 on other paths, a bare 404 on /favicon.ico, and stays open', async () => {
    const hits: string[] = []
    const listener = await start(async (url) => {
      hits.push(url)
      return { ok: true, message: 'ok' }
    })
    const other = await get('127.0.0.1', listener.port, '/other?code=x&state=y')
    expect(other.status).toBe(404)
    expect(other.body).toContain('Not found')
    const icon = await get('127.0.0.1', listener.port, '/favicon.ico')
    expect(icon.status).toBe(404)
    expect(icon.body).toBe('')
    const prefix = await get('127.0.0.1', listener.port, '/printdock/callbackX?code=1')
    expect(prefix.status).toBe(404)
    expect(hits).toEqual([])
    expect(listener.closeReason).toBeUndefined()
    expect(await tryConnect('127.0.0.1', listener.port)).toBe('connected')
  })

  it('serves one good hit with a safe success page, then closes', async () => {
    const hits: string[] = []
    const listener = await start(async (url) => {
      hits.push(url)
      return { ok: true, message: 'Linked <b>maker@example.com</b> & "friends"' }
    })
    const reply = await get('127.0.0.1', listener.port, '/printdock/callback?code=abc&state=xyz')
    expect(hits).toEqual([
      `http://127.0.0.1:${listener.port}/printdock/callback?code=abc&state=xyz`
    ])
    expect(reply.status).toBe(200)
    expect(reply.body).toContain('You can return to Printdock')
    expect(reply.body).toContain(
      'Linked &lt;b&gt;maker@example.com&lt;/b&gt; &amp; &quot;friends&quot;'
    )
    expect(reply.body).not.toContain('<b>')
    expect(reply.body.toLowerCase()).not.toContain('<script')
    expect(String(reply.headers['content-security-policy'])).toContain("default-src 'none'")
    expect(reply.headers['referrer-policy']).toBe('no-referrer')
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    await listener.closed
    expect(listener.closeReason).toBe('completed')
    expect(await tryConnect('127.0.0.1', listener.port)).toBe('ECONNREFUSED')
  })

  it('a failed callback (state mismatch) gets an error page and the listener waits for the real one', async () => {
    const listener = await start(async (url) =>
      url.includes('state=good')
        ? { ok: true, message: 'Linked.' }
        : { ok: false, message: 'This sign-in response does not belong to <this> sign-in.' }
    )
    const bad = await get('127.0.0.1', listener.port, '/printdock/callback?code=evil&state=bad')
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('Sign-in not completed')
    expect(bad.body).toContain('does not belong to &lt;this&gt; sign-in.')
    expect(listener.closeReason).toBeUndefined()
    const good = await get('127.0.0.1', listener.port, '/printdock/callback?code=real&state=good')
    expect(good.status).toBe(200)
    await listener.closed
    expect(listener.closeReason).toBe('completed')
  })

  it('a failure that ends the attempt (close: true) shows the error page and closes', async () => {
    const listener = await start(async () => ({
      ok: false,
      message: 'Access was denied.',
      close: true
    }))
    const reply = await get(
      '127.0.0.1',
      listener.port,
      '/printdock/callback?error=access_denied&state=s'
    )
    expect(reply.status).toBe(400)
    expect(reply.body).toContain('Access was denied.')
    await listener.closed
    expect(listener.closeReason).toBe('ended')
  })

  it('a hit that ends the attempt while another is being handled does not close under it', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let entered!: () => void
    const firstEntered = new Promise<void>((resolve) => (entered = resolve))
    const listener = await start(async (url) => {
      if (url.includes('state=real')) {
        entered()
        await held
        return { ok: true, message: 'Linked.' }
      }
      return { ok: false, message: 'Not this one.', close: true }
    })
    const real = get('127.0.0.1', listener.port, '/printdock/callback?code=a&state=real')
    await firstEntered
    const stray = await get('127.0.0.1', listener.port, '/printdock/callback?code=b&state=x')
    expect(stray.status).toBe(400)
    expect(listener.closeReason).toBeUndefined()
    release()
    const answer = await real
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('You can return to Printdock')
    await listener.closed
    expect(listener.closeReason).toBe('completed')
  })

  it(`drops connections beyond ${LOOPBACK_MAX_CONNECTIONS} and still serves the browser after`, async () => {
    const listener = await start(async () => ({ ok: true, message: 'Linked.' }))
    const idle = await Promise.all(
      Array.from({ length: LOOPBACK_MAX_CONNECTIONS + 8 }, () => openSocket(listener.port))
    )
    // Give the server a moment to accept (and drop) them.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const dropped = idle.filter((socket) => socket.destroyed || socket.readableEnded)
    expect(dropped.length).toBe(8)
    for (const socket of idle) socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const reply = await get('127.0.0.1', listener.port, '/printdock/callback?code=a&state=b')
    expect(reply.status).toBe(200)
  })

  it('a handler that throws gives an error page, not a crash', async () => {
    const listener = await start(async () => {
      throw new Error('secret-ish internals')
    })
    const reply = await get('127.0.0.1', listener.port, '/printdock/callback?code=a&state=b')
    expect(reply.status).toBe(400)
    expect(reply.body).not.toContain('secret-ish')
    expect(listener.closeReason).toBeUndefined()
  })

  it('refuses a foreign Host header (DNS rebinding) and non-GET methods', async () => {
    let calls = 0
    const listener = await start(async () => {
      calls++
      return { ok: true, message: 'x' }
    })
    const rebinding = await get('127.0.0.1', listener.port, '/printdock/callback?code=a&state=b', {
      Host: `attacker.example:${listener.port}`
    })
    expect(rebinding.status).toBe(400)
    const posted = await get(
      '127.0.0.1',
      listener.port,
      '/printdock/callback?code=a&state=b',
      {},
      'POST'
    )
    expect(posted.status).toBe(405)
    expect(calls).toBe(0)
    expect(listener.closeReason).toBeUndefined()
  })

  it('closes on timeout through the injected clock', async () => {
    const clock = new ManualClock()
    const listener = await start(async () => ({ ok: true, message: 'x' }), {
      clock,
      timeoutMs: 1000
    })
    clock.advance(999)
    expect(listener.closeReason).toBeUndefined()
    clock.advance(1)
    await listener.closed
    expect(listener.closeReason).toBe('timed-out')
    expect(await tryConnect('127.0.0.1', listener.port)).toBe('ECONNREFUSED')
  })

  it('close() is idempotent', async () => {
    const listener = await start(async () => ({ ok: true, message: 'x' }))
    await Promise.all([listener.close(), listener.close()])
    expect(listener.closeReason).toBe('closed')
  })

  it('falls back to [::1] when IPv4 loopback cannot be bound', async () => {
    // 192.0.2.254 (TEST-NET-1) is not assigned here, so binding it fails with EADDRNOTAVAIL.
    const listener = await start(async () => ({ ok: true, message: 'v6 ok' }), {
      hosts: ['192.0.2.254', '::1']
    }).catch((error: NodeJS.ErrnoException) => {
      console.log(`[loopback] skip IPv6 fallback: ${error.code ?? error.message}`)
      return undefined
    })
    if (!listener) return
    expect(listener.host).toBe('::1')
    expect(listener.redirectUri).toBe(`http://[::1]:${listener.port}/printdock/callback`)
    const reply = await get('::1', listener.port, '/printdock/callback?code=a&state=b')
    expect(reply.status).toBe(200)
    expect(reply.body).toContain('v6 ok')
    await listener.closed
  })

  it('rejects a path with a query or backslash', async () => {
    await expect(
      startLoopbackListener({
        path: '/cb?x=1',
        timeoutMs: 1000,
        handle: async () => ({ ok: true, message: '' })
      })
    ).rejects.toThrow(TypeError)
  })
})
