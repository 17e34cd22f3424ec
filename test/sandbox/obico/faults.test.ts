import { readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ObicoSandbox } from '../../../src/sandbox/obico'
import { DEMO_CLIENT_ID } from '../../../src/sandbox/obico'
import { generateGcode, streamMultipartUpload } from '../../../src/sandbox/obico/upload-client'
import { apiClient, startSandbox } from './helpers'

describe('obico sandbox: fault injection', () => {
  let sb: ObicoSandbox
  let token: string
  let api: ReturnType<typeof apiClient>
  beforeEach(async () => {
    sb = await startSandbox()
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
