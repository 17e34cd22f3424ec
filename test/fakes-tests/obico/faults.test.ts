import { readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { DEMO_CLIENT_ID } from '../../fakes/obico'
import { generateGcode, streamMultipartUpload } from '../../fakes/obico/upload-client'
import { apiClient, startFake } from './helpers'

const MiB = 1024 * 1024

/** Cheap G-code-like text for big uploads: one 256 KiB buffer yielded again and again. */
function* repeatedGcode(totalBytes: number, onChunk: (bytes: number) => void = () => undefined) {
  const line = Buffer.from('G1 X10.0 Y10.0 E0.0314\n')
  const block = Buffer.alloc(256 * 1024)
  for (let i = 0; i < block.length; i += line.length) line.copy(block, i)
  for (let sent = 0; sent < totalBytes;) {
    const chunk = block.subarray(0, Math.min(block.length, totalBytes - sent))
    sent += chunk.length
    onChunk(chunk.length)
    yield chunk
  }
}

/** Reads a response body until it ends or breaks. */
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

describe('obico fake: fault injection', () => {
  let sb: ObicoFake
  let token: string
  let api: ReturnType<typeof apiClient>
  beforeEach(async () => {
    sb = await startFake()
    token = sb.issueToken(1, DEMO_CLIENT_ID).accessToken
    api = apiClient(sb, token)
  })
  afterEach(async () => {
    await sb.close()
  })

  const partFiles = () => readdirSync(sb.storageDir).filter((f) => f.endsWith('.part'))
  const fileCount = async () =>
    (await api.get('/api/v1/g_code_files/?page_size=100')).json.count as number

  it('injects a 5xx once, then recovers', async () => {
    sb.server.faults.add({
      method: 'GET',
      path: '/api/v1/printers/',
      fault: { kind: 'status', status: 502 },
      times: 1
    })
    const failed = await api.get('/api/v1/printers/')
    expect(failed.status).toBe(502)
    expect((await api.get('/api/v1/printers/')).status).toBe(200)
  })

  it('throttles with 429 and Retry-After', async () => {
    sb.server.faults.add({
      path: /^\/o\/token\/$/,
      fault: { kind: 'rate-limit', retryAfterSeconds: 7 },
      times: 1
    })
    const res = await fetch(`${sb.baseUrl}/o/token/`, {
      method: 'POST',
      body: 'grant_type=refresh_token'
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
  })

  it('a reset mid-upload removes the partial file and lists nothing', async () => {
    const before = await fileCount()
    sb.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'reset-request', afterBytes: 300_000 },
      times: 1
    })
    await expect(
      streamMultipartUpload({
        url: `${sb.baseUrl}/api/v1/g_code_files/`,
        headers: { authorization: `Bearer ${token}` },
        fields: { filename: 'reset.gcode' },
        file: generateGcode(2_000_000)
      })
    ).rejects.toThrow()
    await vi.waitFor(() => expect(partFiles()).toEqual([]), { timeout: 3000 })
    expect(await fileCount()).toBe(before)
    expect(sb.store.files.some((f) => f.filename === 'reset.gcode')).toBe(false)
  })

  it('a reset at 150 MB mid-upload holds no more than a few chunks on the server (backpressure)', async () => {
    sb.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'reset-request', afterBytes: 150 * MiB },
      times: 1
    })
    const rssBefore = process.memoryUsage().rss
    let offered = 0
    await expect(
      streamMultipartUpload({
        url: `${sb.baseUrl}/api/v1/g_code_files/`,
        headers: { authorization: `Bearer ${token}` },
        fields: { filename: 'big-reset.gcode' },
        file: repeatedGcode(160 * MiB, (n) => (offered += n))
      })
    ).rejects.toThrow()
    // The deterministic figure: what the fault stages held at once, whatever the disk's speed.
    expect(sb.server.requestFaultStats.peakBufferedBytes).toBeGreaterThan(0)
    expect(sb.server.requestFaultStats.peakBufferedBytes).toBeLessThanOrEqual(4 * 64 * 1024)
    // A coarse cross-check (client and server share this process): far below the 150 MB cut.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MiB)
    expect(offered).toBeGreaterThanOrEqual(149 * MiB)
    await vi.waitFor(() => expect(partFiles()).toEqual([]), { timeout: 3000 })
    expect(sb.store.files.some((f) => f.filename === 'big-reset.gcode')).toBe(false)
  }, 30_000)

  it('slow-reader combined with reset-request still throttles the uploading client', async () => {
    sb.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'reset-request', afterBytes: 150 * MiB },
      times: 1
    })
    sb.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'slow-reader', bytesPerSecond: MiB },
      times: 1
    })
    let offered = 0
    const upload = streamMultipartUpload({
      url: `${sb.baseUrl}/api/v1/g_code_files/`,
      headers: { authorization: `Bearer ${token}` },
      fields: { filename: 'slow-reset.gcode' },
      file: repeatedGcode(160 * MiB, (n) => (offered += n))
    })
    upload.catch(() => undefined)
    await new Promise((r) => setTimeout(r, 1500))
    const sentAfter1500ms = offered
    // ~1.5 MiB read by the server plus the kernel's socket buffers; before the fix the cut stage
    // read the socket flat out and the client got through all 150 MB in about a second.
    expect(sentAfter1500ms).toBeLessThan(24 * MiB)
    expect(sb.server.requestFaultStats.peakBufferedBytes).toBeLessThanOrEqual(4 * 64 * 1024)
    // Closing drops the connection; the client sees it fail rather than finish.
    await sb.close()
    await expect(upload).rejects.toThrow()
  }, 30_000)

  it('reset-response on a G-code download: 200 and headers arrive, then the body breaks', async () => {
    const content = Buffer.concat([...generateGcode(1_000_000)])
    const created = await streamMultipartUpload({
      url: `${sb.baseUrl}/api/v1/g_code_files/`,
      headers: { authorization: `Bearer ${token}` },
      fields: { filename: 'download.gcode' },
      file: [content]
    })
    expect(created.status).toBe(201)
    const url = JSON.parse(created.body).url as string
    sb.server.faults.add({
      method: 'GET',
      path: /^\/media\/tsd-gcodes\//,
      fault: { kind: 'reset-response', afterBytes: 100_000 },
      times: 1
    })
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('content-length')).toBe('1000000')
    const { bytes, broke } = await readUntilBroken(res)
    expect(broke).toBe(true)
    expect(bytes.length).toBe(100_000)
    expect(bytes.equals(content.subarray(0, 100_000))).toBe(true)
    // Used up: the next download is whole.
    const again = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(again.equals(content)).toBe(true)
  })

  it('a client that goes away mid-upload leaves nothing behind either', async () => {
    const before = await fileCount()
    await expect(
      streamMultipartUpload({
        url: `${sb.baseUrl}/api/v1/g_code_files/`,
        headers: { authorization: `Bearer ${token}` },
        fields: { filename: 'gone.gcode' },
        file: generateGcode(2_000_000),
        abortAfterBytes: 500_000
      })
    ).rejects.toThrow()
    await vi.waitFor(() => expect(partFiles()).toEqual([]), { timeout: 3000 })
    expect(await fileCount()).toBe(before)
  })

  it('cuts a JSON response in half (malformed-json), and answers malformed request JSON with DRF 400', async () => {
    sb.server.faults.add({
      method: 'GET',
      path: '/api/v1/users/me/',
      fault: { kind: 'malformed-json' },
      times: 1
    })
    const cut = await api.get('/api/v1/users/me/')
    expect(cut.status).toBe(200)
    expect(() => JSON.parse(cut.text)).toThrow()
    const bad = await fetch(`${sb.baseUrl}/api/v1/g_code_folders/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"name": '
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/^JSON parse error - /)
  })

  it('a slow reader throttles the upload but it still completes', async () => {
    sb.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'slow-reader', bytesPerSecond: 400_000 },
      times: 1
    })
    const started = Date.now()
    const res = await streamMultipartUpload({
      url: `${sb.baseUrl}/api/v1/g_code_files/`,
      headers: { authorization: `Bearer ${token}` },
      fields: { filename: 'slow.gcode' },
      file: generateGcode(300_000)
    })
    expect(res.status).toBe(201)
    expect(Date.now() - started).toBeGreaterThanOrEqual(500)
    expect(JSON.parse(res.body).num_bytes).toBe(300_000)
  })

  it('control routes move the clock and add faults over HTTP', async () => {
    const before = (await api.get('/api/v1/printers/1/')).json.status.progress.completion
    expect(
      (await fetch(`${sb.baseUrl}/__sandbox/clock/advance?ms=360000`, { method: 'POST' })).status
    ).toBe(200)
    const after = (await api.get('/api/v1/printers/1/')).json.status.progress.completion
    expect(after).toBeCloseTo(before + 5, 1)
    await fetch(`${sb.baseUrl}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        path: '/api/v1/version/',
        fault: { kind: 'status', status: 503 },
        times: 1
      })
    })
    expect((await api.get('/api/v1/version/')).status).toBe(503)
  })
})

describe('obico fake: faults are per instance', () => {
  it('a fault on one fake leaves another alone, whether added in code or over HTTP', async () => {
    const a = await startFake()
    const b = await startFake()
    try {
      const apiA = apiClient(a, a.issueToken(1, DEMO_CLIENT_ID).accessToken)
      const apiB = apiClient(b, b.issueToken(1, DEMO_CLIENT_ID).accessToken)
      a.server.faults.add({ path: '/api/v1/version/', fault: { kind: 'status', status: 503 } })
      expect((await apiA.get('/api/v1/version/')).status).toBe(503)
      expect((await apiB.get('/api/v1/version/')).status).toBe(200)
      expect((await apiA.get('/api/v1/version/')).status).toBe(503) // no `times`: it stays
      const viaHttp = await fetch(`${b.baseUrl}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: '/api/v1/users/me/', fault: { kind: 'malformed-json' } })
      })
      expect(viaHttp.status).toBe(201)
      const cut = (await apiB.get('/api/v1/users/me/')).text
      expect(() => JSON.parse(cut)).toThrow()
      expect((await apiA.get('/api/v1/users/me/')).json.email).toBe('maker@printdock.test')
      a.server.faults.clear()
      expect((await apiA.get('/api/v1/version/')).status).toBe(200)
      const stillCut = (await apiB.get('/api/v1/users/me/')).text
      expect(() => JSON.parse(stillCut)).toThrow()
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})

describe('obico fake: default list ordering (obico-api.md §2.5, §2.6)', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  beforeEach(async () => {
    sb = await startFake()
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  it('g_code_files default to created_at_desc (newest first)', async () => {
    const list = (await api.get('/api/v1/g_code_files/?page_size=100')).json.results
    expect(list.map((f: any) => f.filename)).toEqual([
      'cable clip.gcode',
      'My Benchy (v2).gcode',
      'shelf bracket.gcode',
      'temp tower PLA.gcode',
      'calibration-cube_20mm.gcode',
      '3DBenchy.gcode'
    ])
    const stamps = list.map((f: any) => Date.parse(f.created_at))
    expect(stamps).toEqual([...stamps].sort((x, y) => y - x))
    const explicit = (await api.get('/api/v1/g_code_files/?page_size=100&sorting=created_at_desc'))
      .json.results
    expect(explicit.map((f: any) => f.id)).toEqual(list.map((f: any) => f.id))
    const asc = (await api.get('/api/v1/g_code_files/?page_size=100&sorting=created_at_asc')).json
      .results
    expect(asc.map((f: any) => f.id)).toEqual(list.map((f: any) => f.id).reverse())
  })

  it('g_code_folders default to created_at_desc (newest first)', async () => {
    const list = (await api.get('/api/v1/g_code_folders/?page_size=100')).json.results
    expect(list.map((f: any) => f.name)).toEqual(['Brackets', 'My Parts', 'Calibration'])
    const stamps = list.map((f: any) => Date.parse(f.created_at))
    expect(stamps).toEqual([...stamps].sort((x, y) => y - x))
    const asc = (await api.get('/api/v1/g_code_folders/?page_size=100&sorting=created_at_asc')).json
      .results
    expect(asc.map((f: any) => f.name)).toEqual(['Calibration', 'My Parts', 'Brackets'])
  })
})
