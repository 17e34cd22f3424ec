import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../../fakes/kit'
import { startMakeprintableFake, type MakeprintableFake } from '../../fakes/makeprintable'
import { inspectBinaryStl } from './mesh-checks'

const MESHES = resolve(__dirname, '../../fixtures/meshes')
const meshBytes = (name: string) => readFileSync(resolve(MESHES, name))

let fake: MakeprintableFake | undefined
const extraServers: Server[] = []

afterEach(async () => {
  await fake?.close()
  fake = undefined
  for (const s of extraServers.splice(0)) await new Promise((r) => s.close(r))
})

async function start(options: Parameters<typeof startMakeprintableFake>[0] = {}) {
  fake = await startMakeprintableFake({
    clock: new FakeClock({ frozen: true, start: Date.UTC(2026, 0, 1) }),
    seed: 'empty',
    ...options
  })
  return fake
}

function authorizeUrl(sb: MakeprintableFake, params: Record<string, string>): string {
  return `${sb.authorizeUrl}?${new URLSearchParams(params).toString()}`
}

/** Signs in through the HTML login form and returns the session cookie. */
async function login(sb: MakeprintableFake): Promise<string> {
  const res = await fetch(`${sb.baseUrl}/site/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ email: sb.user.email, password: sb.user.password, return: '/' })
  })
  expect(res.status).toBe(302)
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!
}

/** Runs login + consent over plain HTTP and returns the redirect back to the app. */
async function consent(
  sb: MakeprintableFake,
  decision: 'allow' | 'deny',
  state = 'st-1'
): Promise<URL> {
  const redirectUri = sb.client.redirectUris[0]!
  const first = await fetch(
    authorizeUrl(sb, {
      client_id: sb.client.clientId,
      redirect_uri: redirectUri,
      response_type: 'authorization_code',
      state
    }),
    { redirect: 'manual' }
  )
  expect(first.status).toBe(302)
  expect(first.headers.get('location')).toMatch(/^\/site\/login\?return=/)
  const cookie = await login(sb)
  const page = await fetch(
    authorizeUrl(sb, {
      client_id: sb.client.clientId,
      redirect_uri: redirectUri,
      response_type: 'authorization_code',
      state
    }),
    { headers: { cookie } }
  )
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(html).toContain('<form method="post" action="/authorize">')
  expect(html).toContain('Printdock')
  const res = await fetch(sb.authorizeUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie },
    body: new URLSearchParams({
      client_id: sb.client.clientId,
      redirect_uri: redirectUri,
      response_type: 'authorization_code',
      state,
      decision
    })
  })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!)
}

async function exchange(
  sb: MakeprintableFake,
  code: string,
  overrides: Record<string, string> = {}
) {
  return fetch(sb.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: sb.client.clientId,
      client_secret: sb.client.clientSecret,
      redirect_uri: sb.client.redirectUris[0]!,
      grant_type: 'authorization_code',
      code,
      ...overrides
    })
  })
}

async function upload(sb: MakeprintableFake, token: string, name: string, data: Buffer) {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(data)]), name)
  return fetch(`${sb.apiBaseUrl}/items`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form
  })
}

async function startFix(
  sb: MakeprintableFake,
  token: string,
  itemId: number,
  extra: Record<string, string> = {}
) {
  const res = await fetch(`${sb.apiBaseUrl}/fixes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: new URLSearchParams({ item_id: String(itemId), name: 'repair', ...extra })
  })
  return res
}

async function getFix(sb: MakeprintableFake, token: string, id: number) {
  const res = await fetch(`${sb.apiBaseUrl}/fixes/${id}`, {
    headers: { authorization: `Bearer ${token}` }
  })
  expect(res.status).toBe(200)
  return (await res.json()) as {
    id: number
    status: string
    progress: number
    download_links: { stl: string } | null
    error: string | null
    repair_report: Record<string, number | string> | null
  }
}

/** Uploads a mesh, fixes it, runs the clock to the end and downloads the result. */
async function repairThroughApi(sb: MakeprintableFake, name: string) {
  const token = sb.issueToken()
  const item = (await (await upload(sb, token, name, meshBytes(name))).json()) as { id: number }
  const fix = (await (await startFix(sb, token, item.id)).json()) as { id: number }
  sb.clock.advance(10 * 60_000)
  const done = await getFix(sb, token, fix.id)
  return { token, done }
}

describe('Makeprintable fake: OAuth', () => {
  it('runs login, consent and the five-field token exchange; the token works on /v1', async () => {
    const sb = await start()
    const back = await consent(sb, 'allow')
    expect(`${back.protocol}//${back.host}${back.pathname}`).toBe(sb.client.redirectUris[0])
    expect(back.searchParams.get('state')).toBe('st-1')
    const code = back.searchParams.get('code')!
    expect(code).toBeTruthy()
    const res = await exchange(sb, code)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { access_token: string; token_type: string }
    expect(body.token_type).toBe('bearer')
    expect(sb.isTokenActive(body.access_token)).toBe(true)
    const items = await fetch(`${sb.apiBaseUrl}/items`, {
      headers: { authorization: `Bearer ${body.access_token}` }
    })
    expect(items.status).toBe(200)
    expect(await items.json()).toEqual([])
  })

  it('sends access_denied back when the user denies', async () => {
    const sb = await start()
    const back = await consent(sb, 'deny', 'xyz')
    expect(back.searchParams.get('error')).toBe('access_denied')
    expect(back.searchParams.get('state')).toBe('xyz')
    expect(back.searchParams.get('code')).toBeNull()
  })

  it('demands response_type=authorization_code: RFC "code" gets unsupported_response_type', async () => {
    const sb = await start({ autoApprove: true })
    const redirectUri = sb.client.redirectUris[0]!
    const wrong = await fetch(
      authorizeUrl(sb, {
        client_id: sb.client.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        state: 's'
      }),
      {
        redirect: 'manual'
      }
    )
    expect(wrong.status).toBe(302)
    const location = new URL(wrong.headers.get('location')!)
    expect(location.searchParams.get('error')).toBe('unsupported_response_type')
    expect(location.searchParams.get('code')).toBeNull()
    const right = await fetch(
      authorizeUrl(sb, {
        client_id: sb.client.clientId,
        redirect_uri: redirectUri,
        response_type: 'authorization_code',
        state: 's'
      }),
      { redirect: 'manual' }
    )
    expect(new URL(right.headers.get('location')!).searchParams.get('code')).toBeTruthy()
  })

  it('validates client_id and matches redirect_uri exactly, without redirecting on failure', async () => {
    const sb = await start({ autoApprove: true })
    const unknown = await fetch(
      authorizeUrl(sb, {
        client_id: 'nope',
        redirect_uri: sb.client.redirectUris[0]!,
        response_type: 'authorization_code'
      }),
      {
        redirect: 'manual'
      }
    )
    expect(unknown.status).toBe(400)
    expect(unknown.headers.get('location')).toBeNull()
    for (const redirectUri of [
      'printdock://oauth/callback/extra',
      'http://127.0.0.1:5555/printdock/callback'
    ]) {
      const res = await fetch(
        authorizeUrl(sb, {
          client_id: sb.client.clientId,
          redirect_uri: redirectUri,
          response_type: 'authorization_code'
        }),
        {
          redirect: 'manual'
        }
      )
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
    }
  })

  it('makes codes single-use, 3-minute, bound to the redirect_uri and client secret', async () => {
    const sb = await start({ autoApprove: true })
    const getCode = async () => {
      const res = await fetch(
        authorizeUrl(sb, {
          client_id: sb.client.clientId,
          redirect_uri: sb.client.redirectUris[0]!,
          response_type: 'authorization_code'
        }),
        { redirect: 'manual' }
      )
      return new URL(res.headers.get('location')!).searchParams.get('code')!
    }
    const code = await getCode()
    expect((await exchange(sb, code)).status).toBe(200)
    const again = await exchange(sb, code)
    expect(again.status).toBe(400)
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant')

    const late = await getCode()
    sb.clock.advance(3 * 60_000 - 1000)
    expect((await exchange(sb, late)).status).toBe(200)
    const expired = await getCode()
    sb.clock.advance(3 * 60_000 + 1)
    const expiredRes = await exchange(sb, expired)
    expect(expiredRes.status).toBe(400)
    expect(((await expiredRes.json()) as { error: string }).error).toBe('invalid_grant')

    const mismatch = await exchange(sb, await getCode(), {
      redirect_uri: sb.client.redirectUris[1]!
    })
    expect(((await mismatch.json()) as { error: string }).error).toBe('invalid_grant')
    const badSecret = await exchange(sb, await getCode(), { client_secret: 'wrong' })
    expect(badSecret.status).toBe(401)
    expect(((await badSecret.json()) as { error: string }).error).toBe('invalid_client')
  })

  it('requires all five form fields and a form-encoded body at /v1/token', async () => {
    const sb = await start({ autoApprove: true })
    for (const missing of ['client_id', 'client_secret', 'redirect_uri', 'grant_type', 'code']) {
      const fields: Record<string, string> = {
        client_id: sb.client.clientId,
        client_secret: sb.client.clientSecret,
        redirect_uri: sb.client.redirectUris[0]!,
        grant_type: 'authorization_code',
        code: 'whatever'
      }
      delete fields[missing]
      const res = await fetch(sb.tokenUrl, { method: 'POST', body: new URLSearchParams(fields) })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: string; error_description: string }
      expect(body.error).toBe('invalid_request')
      expect(body.error_description).toContain(missing)
    }
    const asJson = await fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sb.client.clientId })
    })
    expect(asJson.status).toBe(400)
  })

  it('honours a 503 fault on the token endpoint, then recovers', async () => {
    const sb = await start({ autoApprove: true })
    const res = await fetch(
      authorizeUrl(sb, {
        client_id: sb.client.clientId,
        redirect_uri: sb.client.redirectUris[0]!,
        response_type: 'authorization_code'
      }),
      { redirect: 'manual' }
    )
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!
    sb.server.faults.add({
      method: 'POST',
      path: '/v1/token',
      fault: { kind: 'status', status: 503 },
      times: 1
    })
    expect((await exchange(sb, code)).status).toBe(503)
    expect((await exchange(sb, code)).status).toBe(200)
  })
})

describe('Makeprintable fake: API key, items, negotiation', () => {
  it('accepts the `key` header or a Bearer token and answers 401 in Yii2 shape otherwise', async () => {
    const sb = await start()
    expect(
      (await fetch(`${sb.apiBaseUrl}/items`, { headers: { key: sb.user.apiKey } })).status
    ).toBe(200)
    const attempts: Record<string, string>[] = [
      {},
      { key: 'wrong' },
      { authorization: 'Bearer nope' }
    ]
    for (const headers of attempts) {
      const res = await fetch(`${sb.apiBaseUrl}/items`, { headers })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({
        name: 'Unauthorized',
        status: 401,
        type: 'yii\\web\\UnauthorizedHttpException'
      })
    }
  })

  it('streams a multipart upload to disk and lists, gets and deletes items', async () => {
    const sb = await start()
    const token = sb.issueToken()
    const source = meshBytes('extruder-idler.obj')
    const res = await upload(sb, token, 'extruder-idler.obj', source)
    expect(res.status).toBe(201)
    const item = (await res.json()) as Record<string, unknown>
    expect(item).toMatchObject({
      user_id: sb.user.id,
      file_name: 'extruder-idler',
      file_ext: 'obj',
      status: 1
    })
    expect(item.created_at).toBe(Math.floor(sb.clock.now() / 1000))
    const stored = readFileSync(resolve(sb.storageDir, `item-${item.id as number}.obj`))
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(source).digest('hex')
    )

    await upload(sb, token, '20mm-box_ascii.stl', meshBytes('20mm-box_ascii.stl'))
    const list = await fetch(`${sb.apiBaseUrl}/items?Page=2&pageSize=1`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(list.headers.get('x-pagination-total-count')).toBe('2')
    expect(list.headers.get('x-pagination-current-page')).toBe('2')
    expect(((await list.json()) as { file_name: string }[]).map((i) => i.file_name)).toEqual([
      '20mm-box_ascii'
    ])

    const one = await fetch(`${sb.apiBaseUrl}/items/${item.id as number}`, {
      headers: { key: sb.user.apiKey }
    })
    expect(await one.json()).toEqual(item)
    const del = await fetch(`${sb.apiBaseUrl}/items/${item.id as number}`, {
      method: 'DELETE',
      headers: { key: sb.user.apiKey }
    })
    expect(del.status).toBe(204)
    const gone = await fetch(`${sb.apiBaseUrl}/items/${item.id as number}`, {
      headers: { key: sb.user.apiKey }
    })
    expect(gone.status).toBe(404)
    expect(await gone.json()).toMatchObject({ name: 'Not Found', status: 404 })
  })

  it('rejects unknown extensions and empty uploads with 422 field errors', async () => {
    const sb = await start()
    const token = sb.issueToken()
    const res = await upload(sb, token, 'notes.txt', Buffer.from('hello'))
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual([expect.objectContaining({ field: 'file' })])
    const none = await fetch(`${sb.apiBaseUrl}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: new FormData()
    })
    expect(none.status).toBe(422)
  })

  it('downloads `fileurl` uploads from a URL', async () => {
    const sb = await start()
    const source = meshBytes('20mm-box_ascii.stl')
    const origin = createServer((_req, res) => res.end(source))
    extraServers.push(origin)
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/files/box.stl`
    const res = await fetch(`${sb.apiBaseUrl}/items`, {
      method: 'POST',
      headers: { key: sb.user.apiKey },
      body: new URLSearchParams({ fileurl: url })
    })
    expect(res.status).toBe(201)
    const item = (await res.json()) as { id: number; file_name: string; file_ext: string }
    expect([item.file_name, item.file_ext]).toEqual(['box', 'stl'])
    expect(readFileSync(resolve(sb.storageDir, `item-${item.id}.stl`)).equals(source)).toBe(true)
  })

  it('serves XML when Accept prefers application/xml, JSON by default', async () => {
    const sb = await start()
    const token = sb.issueToken()
    const item = (await (
      await upload(sb, token, 'box.stl', meshBytes('20mm-box_ascii.stl'))
    ).json()) as { id: number }
    const xml = await fetch(`${sb.apiBaseUrl}/items/${item.id}`, {
      headers: { authorization: `Bearer ${token}`, accept: '*/*; q=0.5, application/xml' }
    })
    expect(xml.headers.get('content-type')).toContain('application/xml')
    const body = await xml.text()
    expect(body).toContain(
      `<response><user_id>${sb.user.id}</user_id><file_name>box</file_name><file_ext>stl</file_ext>`
    )
    expect(body).toContain(`<id>${item.id}</id></response>`)
    const plain = await fetch(`${sb.apiBaseUrl}/items/${item.id}`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(plain.headers.get('content-type')).toContain('application/json')
  })

  it('breaks a multipart upload when the kit resets the request', async () => {
    const sb = await start()
    sb.server.faults.add({
      method: 'POST',
      path: '/v1/items',
      fault: { kind: 'reset-request', afterBytes: 2000 },
      times: 1
    })
    await expect(
      upload(sb, sb.issueToken(), 'p.stl', meshBytes('plate-holes_binary-solid-header.stl'))
    ).rejects.toThrow()
    const list = await fetch(`${sb.apiBaseUrl}/items`, { headers: { key: sb.user.apiKey } })
    expect(await list.json()).toEqual([])
  })
})

describe('Makeprintable fake: fixes', () => {
  it('moves a fix from queued to fixing to done on the fake clock and keeps its options', async () => {
    const sb = await start()
    const token = sb.issueToken()
    const item = (await (
      await upload(sb, token, 'box.stl', meshBytes('20mm-box_ascii.stl'))
    ).json()) as { id: number }
    const created = await startFix(sb, token, item.id, {
      wall_thickness: '1',
      print_quality: 'high',
      pre_optimize: '10',
      post_optimize: '20',
      secure: '1'
    })
    expect(created.status).toBe(201)
    const fix = (await created.json()) as Record<string, unknown> & { id: number }
    expect(fix).toMatchObject({
      status: 'queued',
      progress: 0,
      item_id: item.id,
      wall_thickness: 1,
      print_quality: 'high',
      secure: true
    })
    expect(fix.download_links).toBeNull()
    sb.clock.advance(4_000)
    const fixing = await getFix(sb, token, fix.id)
    expect(fixing.status).toBe('fixing')
    expect(fixing.progress).toBeGreaterThan(0)
    expect(fixing.progress).toBeLessThan(100)
    sb.clock.advance(2_000)
    const later = await getFix(sb, token, fix.id)
    expect(later.progress).toBeGreaterThan(fixing.progress)
    sb.clock.advance(5 * 60_000)
    const done = await getFix(sb, token, fix.id)
    expect(done).toMatchObject({ status: 'done', progress: 100 })
    expect(done.download_links?.stl).toMatch(new RegExp(`^${sb.baseUrl}/downloads/`))
    const list = await fetch(`${sb.apiBaseUrl}/fixes`, { headers: { key: sb.user.apiKey } })
    expect(((await list.json()) as { id: number }[]).map((f) => f.id)).toEqual([fix.id])
  })

  it('repairs the degenerate, holed conveyor: slivers gone, hole closed, normals recomputed', async () => {
    const sb = await start()
    const { done } = await repairThroughApi(sb, 'broken_conveyor_hole-degenerate_ascii.stl')
    expect(done.status).toBe('done')
    const file = Buffer.from(await (await fetch(done.download_links!.stl)).arrayBuffer())
    const facts = inspectBinaryStl(file)
    expect(facts.headerStartsWithSolid).toBe(false)
    expect(facts.zeroArea).toBe(0)
    expect(facts.badNormals).toBe(0)
    expect(facts.openEdges).toBe(0)
    expect(facts.sameDirectionEdges).toBe(0)
    expect(facts.volume).toBeGreaterThan(0)
    expect(done.repair_report).toMatchObject({
      facets_in: 855,
      degenerate_removed: 34,
      holes_filled: 1
    })
  })

  it('turns the flipped facet of the block back and makes the winding consistent', async () => {
    const sb = await start()
    const { done } = await repairThroughApi(sb, 'broken_block_flipped-facet_ascii.stl')
    const facts = inspectBinaryStl(
      Buffer.from(await (await fetch(done.download_links!.stl)).arrayBuffer())
    )
    expect(facts.facets).toBe(12)
    expect(facts.sameDirectionEdges).toBe(0)
    expect(facts.volume).toBeGreaterThan(0)
    expect(done.repair_report).toMatchObject({ facets_flipped: 1 })
  })

  it('reads a binary STL whose header starts with "solid" and rewrites the teapot zero normals', async () => {
    const sb = await start()
    const plate = await repairThroughApi(sb, 'plate-holes_binary-solid-header.stl')
    expect(plate.done.repair_report).toMatchObject({
      input_format: 'stl-binary',
      facets_in: 1252,
      facets_out: 1252
    })
    const teapot = await repairThroughApi(sb, 'broken_teapot_open-zero-normals.stl')
    expect(teapot.done.repair_report).toMatchObject({ stored_normals_bad: 894 })
    const original = meshBytes('broken_teapot_open-zero-normals.stl')
    const repaired = Buffer.from(await (await fetch(teapot.done.download_links!.stl)).arrayBuffer())
    expect(repaired.equals(original)).toBe(false)
    expect(inspectBinaryStl(repaired).badNormals).toBe(0)
  })

  it('fails a fix it cannot repair (3MF) with a reason and no link', async () => {
    const sb = await start()
    const { done } = await repairThroughApi(sb, 'cube-and-sphere_thumbnail.3mf')
    expect(done.status).toBe('failed')
    expect(done.download_links).toBeNull()
    expect(done.error).toContain('3mf')
  })

  it('validates fix parameters with 422 field errors', async () => {
    const sb = await start()
    const token = sb.issueToken()
    const res = await fetch(`${sb.apiBaseUrl}/fixes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: new URLSearchParams({ print_quality: 'ultra', pre_optimize: '150' })
    })
    expect(res.status).toBe(422)
    const fields = ((await res.json()) as { field: string }[]).map((e) => e.field).sort()
    expect(fields).toEqual(['item_id', 'name', 'pre_optimize', 'print_quality'])
    const unknown = await startFix(sb, token, 99999)
    expect(unknown.status).toBe(422)
  })

  it('POSTs the fix record to callback_url when the clock reaches the end', async () => {
    const sb = await start()
    const received: URLSearchParams[] = []
    const hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        received.push(new URLSearchParams(body))
        res.end('ok')
      })
    })
    extraServers.push(hook)
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const token = sb.issueToken()
    const item = (await (
      await upload(sb, token, 'box.stl', meshBytes('20mm-box_ascii.stl'))
    ).json()) as { id: number }
    const callbackUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`
    const fix = (await (
      await startFix(sb, token, item.id, { callback_url: callbackUrl })
    ).json()) as { id: number }
    expect(received).toHaveLength(0)
    sb.clock.advance(10 * 60_000)
    for (let i = 0; i < 100 && received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20))
    expect(received).toHaveLength(1)
    expect(received[0]!.get('id')).toBe(String(fix.id))
    expect(received[0]!.get('status')).toBe('done')
    expect(received[0]!.get('download_links[stl]')).toContain('/downloads/')
  })

  it('seeds a finished demo fix', async () => {
    const sb = await start({ seed: 'demo' })
    const fixes = (await (
      await fetch(`${sb.apiBaseUrl}/fixes`, { headers: { key: sb.user.apiKey } })
    ).json()) as {
      status: string
      download_links: { stl: string }
    }[]
    expect(fixes).toHaveLength(1)
    expect(fixes[0]!.status).toBe('done')
    expect((await fetch(fixes[0]!.download_links.stl)).status).toBe(200)
  })
})
