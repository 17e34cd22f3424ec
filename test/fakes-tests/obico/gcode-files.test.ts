import { readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { DEMO_CLIENT_ID, FREE_UPLOAD_LIMIT, PRO_UPLOAD_LIMIT } from '../../fakes/obico'
import { generateGcode, streamMultipartUpload } from '../../fakes/obico/upload-client'
import { apiClient, startFake } from './helpers'

const DESERIALIZER_KEYS = [
  'id',
  'parent_folder',
  'deleted',
  'deleted_by_cascade',
  'filename',
  'safe_filename',
  'url',
  'num_bytes',
  'agent_signature',
  'metadata_json',
  'filament_total',
  'estimated_time',
  'thumbnail1_url',
  'thumbnail2_url',
  'thumbnail3_url',
  'created_at',
  'updated_at',
  'resident_printer'
]

describe('obico fake: g_code_files', () => {
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

  const upload = (fields: Record<string, string>, file?: Iterable<Buffer>, authToken = token) =>
    streamMultipartUpload({
      url: `${sb.baseUrl}/api/v1/g_code_files/`,
      headers: { authorization: `Bearer ${authToken}` },
      fields,
      file
    })

  it('uploads multipart file + filename: 201 with the DeSerializer shape and a server-computed safe_filename (trap 14)', async () => {
    const res = await upload(
      { filename: 'My Benchy (v3).gcode', safe_filename: 'ignored' },
      generateGcode(200_000)
    )
    expect(res.status).toBe(201)
    const body = JSON.parse(res.body)
    expect(Object.keys(body)).toEqual(DESERIALIZER_KEYS)
    expect(body.safe_filename).toBe('My_Benchy__v3_.gcode')
    expect(body.num_bytes).toBe(200_000)
    expect(body.parent_folder).toBeNull()
    expect(body.deleted).toBeNull()
    expect(body.estimated_time).toBe(7200)
    expect(typeof body.metadata_json).toBe('string')
    // The signed download needs no auth and supports Range.
    const all = await fetch(body.url)
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toBe('application/octet-stream')
    expect((await all.arrayBuffer()).byteLength).toBe(200_000)
    const part = await fetch(body.url, { headers: { range: 'bytes=0-13' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 0-13/200000')
    expect(await part.text()).toBe(';FLAVOR:Marlin')
    expect((await fetch(body.url.replace(/digest=\w+/, 'digest=bad'))).status).toBe(403)
  })

  it('accepts the filename field after the file part, and a parent_folder id', async () => {
    const folder = (await api.post('/api/v1/g_code_folders/', { name: 'Upload Target' })).json
    const res = await streamMultipartUpload({
      url: `${sb.baseUrl}/api/v1/g_code_files/`,
      headers: { authorization: `Bearer ${token}` },
      file: generateGcode(1000),
      trailingFields: { filename: 'late.gcode', parent_folder: String(folder.id) }
    })
    expect(res.status).toBe(201)
    expect(JSON.parse(res.body).parent_folder).toBe(folder.id)
  })

  it('rejects a missing filename, a foreign parent folder, and non-text content', async () => {
    const noName = await upload({}, generateGcode(100))
    expect(noName.status).toBe(400)
    expect(JSON.parse(noName.body)).toEqual({ filename: ['This field is required.'] })
    const foreign = await upload({ filename: 'a.gcode', parent_folder: '999' }, generateGcode(100))
    expect(foreign.status).toBe(400)
    expect(JSON.parse(foreign.body)).toEqual({ parent_folder: ['Parent folder does not exist'] })
    const binary = await upload({ filename: 'b.bgcode' }, [
      Buffer.from([0x47, 0x43, 0x44, 0x45, 0x01, 0x00, 0xff, 0xfe, 0x80, 0x81])
    ])
    expect(binary.status).toBe(400)
    expect(JSON.parse(binary.body)).toEqual({
      error: 'Invalid G-code file. Please upload a valid text G-code file.'
    })
    expect(readdirSync(sb.storageDir).filter((f) => f.endsWith('.part'))).toEqual([])
  })

  it('creates a record without content when no file part is sent', async () => {
    const res = await upload({ filename: 'empty.gcode' })
    expect(res.status).toBe(201)
    const body = JSON.parse(res.body)
    expect(body.url).toBeNull()
    expect(body.num_bytes).toBeNull()
  })

  it('limits free users to 50 MiB (not MB) with 413 {"error": "File size too large"} after the body is read', async () => {
    expect(FREE_UPLOAD_LIMIT).toBe(52_428_800)
    expect(PRO_UPLOAD_LIMIT).toBe(524_288_000)
    const free = sb.issueToken(2, DEMO_CLIENT_ID).accessToken
    // 51 MB (decimal) is still under 50 MiB: accepted.
    const ok = await upload({ filename: 'fifty-one-mb.gcode' }, generateGcode(51_000_000), free)
    expect(ok.status).toBe(201)
    const over = await upload(
      { filename: 'too-big.gcode' },
      generateGcode(FREE_UPLOAD_LIMIT + 1),
      free
    )
    expect(over.status).toBe(413)
    expect(JSON.parse(over.body)).toEqual({ error: 'File size too large' })
    const list = await apiClient(sb, free).get('/api/v1/g_code_files/')
    expect(list.json.results.map((f: any) => f.filename)).not.toContain('too-big.gcode')
    expect(readdirSync(sb.storageDir).filter((f) => f.endsWith('.part'))).toEqual([])
    // The pro user may upload the same file.
    const pro = await upload({ filename: 'pro.gcode' }, generateGcode(FREE_UPLOAD_LIMIT + 1))
    expect(pro.status).toBe(201)
  }, 60_000)

  it('pro users get PRO_UPLOAD_LIMIT (500 MiB), free users FREE_UPLOAD_LIMIT, through the limit the route uses', () => {
    // Sending 500 MiB + 1 over loopback takes 8-9 s here even in a separate process (the bench),
    // so the pro 413 runs below with a per-user override of the same uploadLimitFor().
    expect(sb.users.find((u) => u.id === 1)?.is_pro).toBe(true)
    expect(sb.uploadLimit(1)).toBe(PRO_UPLOAD_LIMIT)
    expect(sb.uploadLimit(2)).toBe(FREE_UPLOAD_LIMIT)
    sb.overrideUploadLimit(1, 1234)
    expect(sb.uploadLimit(1)).toBe(1234)
    sb.overrideUploadLimit(1, null)
    expect(sb.uploadLimit(1)).toBe(PRO_UPLOAD_LIMIT)
  })

  it('a pro user over their limit gets 413 {"error": "File size too large"} over HTTP; at the limit 201', async () => {
    const limit = 3 * 1024 * 1024 + 17 // the pro path, scaled down (see the test above)
    sb.overrideUploadLimit(1, limit)
    const at = await upload({ filename: 'at-limit.gcode' }, generateGcode(limit))
    expect(at.status).toBe(201)
    expect(JSON.parse(at.body).num_bytes).toBe(limit)
    const over = await upload({ filename: 'over-limit.gcode' }, generateGcode(limit + 1))
    expect(over.status).toBe(413)
    expect(JSON.parse(over.body)).toEqual({ error: 'File size too large' })
    const names = (await api.get('/api/v1/g_code_files/?page_size=100')).json.results.map(
      (f: any) => f.filename
    )
    expect(names).toContain('at-limit.gcode')
    expect(names).not.toContain('over-limit.gcode')
    expect(readdirSync(sb.storageDir).filter((f) => f.endsWith('.part'))).toEqual([])
  })

  it('paginates {count, next, previous, results} with page_size 6 by default (trap 9)', async () => {
    for (let i = 0; i < 7; i++) await upload({ filename: `part-${i}.gcode` }, generateGcode(100))
    const first = await api.get('/api/v1/g_code_files/')
    expect(Object.keys(first.json).sort()).toEqual(['count', 'next', 'previous', 'results'])
    expect(first.json.count).toBe(13) // 6 seeded + 7 uploaded, all folders
    expect(first.json.results).toHaveLength(6)
    expect(first.json.previous).toBeNull()
    const host = new URL(sb.baseUrl).host
    expect(first.json.next).toBe(`http://${host}/api/v1/g_code_files/?page=2`)
    const second = await api.get('/api/v1/g_code_files/?page=2')
    expect(second.json.previous).toBe(`http://${host}/api/v1/g_code_files/`)
    expect((await api.get('/api/v1/g_code_files/?page=3')).json.results).toHaveLength(1)
    const past = await api.get('/api/v1/g_code_files/?page=4')
    expect(past.status).toBe(404)
    expect(past.json).toEqual({ detail: 'Invalid page.' })
    expect((await api.get('/api/v1/g_code_files/?page_size=100')).json.results).toHaveLength(13)
    const item = first.json.results[0]
    expect(item.user).toBe(1)
    expect(Array.isArray(item.print_set)).toBe(true)
  })

  it('filters by parent_folder (null = root, absent = everything) and q on safe_filename (trap 14)', async () => {
    const all = (await api.get('/api/v1/g_code_files/?page_size=50')).json
    const root = (await api.get('/api/v1/g_code_files/?page_size=50&parent_folder=null')).json
    expect(root.count).toBeLessThan(all.count)
    expect(root.results.every((f: any) => f.parent_folder === null)).toBe(true)
    const inFolder = all.results.find((f: any) => f.parent_folder !== null)
    expect(inFolder.parent_folder).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String)
    })
    const folderFiles = (
      await api.get(`/api/v1/g_code_files/?parent_folder=${inFolder.parent_folder.id}`)
    ).json
    expect(
      folderFiles.results.every((f: any) => f.parent_folder.id === inFolder.parent_folder.id)
    ).toBe(true)
    // "My Benchy (v2).gcode" is stored as My_Benchy__v2_.gcode: the space doesn't match, the underscore does.
    expect((await api.get('/api/v1/g_code_files/?q=my%20benchy')).json.count).toBe(0)
    expect((await api.get('/api/v1/g_code_files/?q=my_benchy')).json.count).toBe(1)
  })

  it('sorts by filename and size', async () => {
    const asc = (
      await api.get('/api/v1/g_code_files/?sorting=filename_asc&page_size=50')
    ).json.results.map((f: any) => f.filename)
    expect(asc).toEqual([...asc].sort((a: string, b: string) => a.localeCompare(b)))
    const desc = (
      await api.get('/api/v1/g_code_files/?sorting=num_bytes_desc&page_size=50')
    ).json.results.map((f: any) => f.num_bytes)
    expect(desc).toEqual([...desc].sort((a: number, b: number) => b - a))
  })

  it('PATCH renames (recomputing safe_filename); DELETE soft-deletes but retrieve still returns it', async () => {
    const id = (await api.get('/api/v1/g_code_files/')).json.results[0].id
    const renamed = await api.patch(`/api/v1/g_code_files/${id}/`, { filename: 'new name!.gcode' })
    expect(renamed.status).toBe(200)
    expect(renamed.json.safe_filename).toBe('new_name_.gcode')
    expect(Object.keys(renamed.json)).toEqual(DESERIALIZER_KEYS)
    expect((await api.del(`/api/v1/g_code_files/${id}/`)).status).toBe(204)
    const gone = await api.get(`/api/v1/g_code_files/${id}/`)
    expect(gone.status).toBe(200)
    expect(gone.json.deleted).not.toBeNull()
    expect(gone.json.url).toBeNull()
    expect(
      (await api.get('/api/v1/g_code_files/?page_size=50')).json.results.map((f: any) => f.id)
    ).not.toContain(id)
  })

  it('bulk_delete and bulk_move take file_ids; parent_folder null/0/missing is the root', async () => {
    const list = (await api.get('/api/v1/g_code_files/?page_size=50')).json.results
    const folder = (await api.post('/api/v1/g_code_folders/', { name: 'Moved' })).json
    const ids = list.slice(0, 2).map((f: any) => f.id)
    expect(
      (
        await api.post('/api/v1/g_code_files/bulk_move/', {
          file_ids: ids,
          parent_folder: folder.id
        })
      ).status
    ).toBe(204)
    expect((await api.get(`/api/v1/g_code_files/?parent_folder=${folder.id}`)).json.count).toBe(2)
    expect(
      (await api.post('/api/v1/g_code_files/bulk_move/', { file_ids: ids, parent_folder: 0 }))
        .status
    ).toBe(204)
    expect((await api.get(`/api/v1/g_code_files/?parent_folder=${folder.id}`)).json.count).toBe(0)
    expect((await api.post('/api/v1/g_code_files/bulk_delete/', { file_ids: ids })).status).toBe(
      204
    )
    expect((await api.get('/api/v1/g_code_files/?page_size=50')).json.count).toBe(list.length - 2)
  })

  it('media URLs use the Site origin, not the request host (trap 16)', async () => {
    const other = await startFake({ siteOrigin: 'https://obico.example.net' })
    try {
      const otherApi = apiClient(other, other.issueToken(1, DEMO_CLIENT_ID).accessToken)
      const file = (await otherApi.get('/api/v1/g_code_files/')).json.results[0]
      expect(file.url.startsWith('https://obico.example.net/media/tsd-gcodes/1/')).toBe(true)
      const printer = (await otherApi.get('/api/v1/printers/1/')).json
      expect(printer.pic.img_url.startsWith('https://obico.example.net/media/')).toBe(true)
      // Rewriting the origin to the server we connected to works, the digest being path-based.
      const local = new URL(file.url)
      expect((await fetch(`${other.baseUrl}${local.pathname}${local.search}`)).status).toBe(200)
    } finally {
      await other.close()
    }
  })
})
