import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ObicoFake } from '../../fakes/obico'
import { DEMO_CLIENT_ID } from '../../fakes/obico'
import { apiClient, startFake } from './helpers'

describe('obico fake: g_code_folders', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  beforeEach(async () => {
    sb = await startFake()
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  it('creates a folder: 201 with counts, parent id and safe_name', async () => {
    const res = await api.post('/api/v1/g_code_folders/', {
      name: 'Print Farm',
      parent_folder: null
    })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json)).toEqual([
      'id',
      'g_code_folder_count',
      'g_code_file_count',
      'parent_folder',
      'name',
      'safe_name',
      'created_at',
      'updated_at'
    ])
    expect(res.json).toMatchObject({
      g_code_folder_count: 0,
      g_code_file_count: 0,
      parent_folder: null,
      name: 'Print Farm',
      safe_name: 'Print_Farm'
    })
    expect((await api.post('/api/v1/g_code_folders/', {})).json).toEqual({
      name: ['This field is required.']
    })
  })

  it('a duplicate name in the same parent crashes with 500, also after sanitising (trap 15)', async () => {
    expect((await api.post('/api/v1/g_code_folders/', { name: 'a b' })).status).toBe(201)
    const dup = await api.post('/api/v1/g_code_folders/', { name: 'a b' })
    expect(dup.status).toBe(500)
    expect(dup.text).toContain('Server Error (500)')
    expect((await api.post('/api/v1/g_code_folders/', { name: 'a_b' })).status).toBe(500)
    // The same name under another parent is fine.
    const parent = (await api.post('/api/v1/g_code_folders/', { name: 'Parent' })).json
    expect(
      (await api.post('/api/v1/g_code_folders/', { name: 'a b', parent_folder: parent.id })).status
    ).toBe(201)
    // Renaming onto an existing name: 500 without parent_folder, a 400 when parent_folder is sent.
    const other = (await api.post('/api/v1/g_code_folders/', { name: 'Other' })).json
    expect(
      (await api.patch(`/api/v1/g_code_folders/${other.id}/`, { name: 'Parent' })).status
    ).toBe(500)
    expect(
      (
        await api.patch(`/api/v1/g_code_folders/${other.id}/`, {
          name: 'Parent',
          parent_folder: null
        })
      ).status
    ).toBe(400)
  })

  it('lists paginated folders; parent_folder=null gives the root; detail nests the parent', async () => {
    const all = (await api.get('/api/v1/g_code_folders/')).json
    expect(all.count).toBe(3)
    const root = (await api.get('/api/v1/g_code_folders/?parent_folder=null')).json
    expect(root.results.map((f: any) => f.name).sort()).toEqual(['Calibration', 'My Parts'])
    const parts = root.results.find((f: any) => f.name === 'My Parts')
    expect(parts.g_code_folder_count).toBe(1)
    const brackets = all.results.find((f: any) => f.name === 'Brackets')
    const detail = (await api.get(`/api/v1/g_code_folders/${brackets.id}/`)).json
    expect(detail.parent_folder).toMatchObject({
      id: parts.id,
      name: 'My Parts',
      parent_folder: null
    })
    expect(detail.g_code_file_count).toBe(1)
    const byName = (await api.get('/api/v1/g_code_folders/?sorting=name_desc')).json.results.map(
      (f: any) => f.name
    )
    expect(byName).toEqual(['My Parts', 'Calibration', 'Brackets'])
  })

  it('bulk_move has no cycle check; DELETE and bulk_delete cascade to sub-folders and files', async () => {
    const all = (await api.get('/api/v1/g_code_folders/')).json.results
    const parts = all.find((f: any) => f.name === 'My Parts')
    const brackets = all.find((f: any) => f.name === 'Brackets')
    // Moving a folder into its own child is accepted (no cycle check, obico-api.md §2.6).
    expect(
      (
        await api.post('/api/v1/g_code_folders/bulk_move/', {
          folder_ids: [parts.id],
          parent_folder: brackets.id
        })
      ).status
    ).toBe(204)
    expect((await api.get(`/api/v1/g_code_folders/${parts.id}/`)).json.parent_folder.id).toBe(
      brackets.id
    )
    await api.post('/api/v1/g_code_folders/bulk_move/', {
      folder_ids: [parts.id],
      parent_folder: null
    })
    const filesBefore = (await api.get('/api/v1/g_code_files/?page_size=50')).json.count
    expect((await api.del(`/api/v1/g_code_folders/${parts.id}/`)).status).toBe(204)
    expect((await api.get(`/api/v1/g_code_folders/${brackets.id}/`)).status).toBe(404)
    expect((await api.get('/api/v1/g_code_files/?page_size=50')).json.count).toBe(filesBefore - 1)
    const calibration = all.find((f: any) => f.name === 'Calibration')
    expect(
      (await api.post('/api/v1/g_code_folders/bulk_delete/', { folder_ids: [calibration.id] }))
        .status
    ).toBe(204)
    expect((await api.get('/api/v1/g_code_folders/')).json.count).toBe(0)
  })
})

describe('obico fake: prints', () => {
  let sb: ObicoFake
  let api: ReturnType<typeof apiClient>
  beforeEach(async () => {
    sb = await startFake()
    api = apiClient(sb, sb.issueToken(1, DEMO_CLIENT_ID).accessToken)
  })
  afterEach(async () => {
    await sb.close()
  })

  it('lists a plain array with start/limit (default 12), newest first; bad integers crash (trap 9)', async () => {
    const res = await api.get('/api/v1/prints/')
    expect(Array.isArray(res.json)).toBe(true)
    expect(res.json.length).toBe(6)
    const ids = res.json.map((p: any) => p.id)
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a))
    expect((await api.get('/api/v1/prints/?start=2&limit=2')).json.map((p: any) => p.id)).toEqual(
      ids.slice(2, 4)
    )
    expect((await api.get('/api/v1/prints/?sorting=date_asc&limit=1')).json[0].id).toBe(
      Math.min(...ids)
    )
    expect((await api.get('/api/v1/prints/?limit=ten')).status).toBe(500)
    const print = res.json[0]
    expect(print.prediction_json_url).toBe(`/api/v1/prints/${print.id}/prediction_json/`)
    expect(print.printer.auth_token).toMatch(/^[0-9a-f]{20}$/) // trap 17
    expect(print.printer.status).toBeUndefined()
    expect(
      (await api.get('/api/v1/prints/?filter=cancelled')).json.every(
        (p: any) => p.cancelled_at !== null
      )
    ).toBe(true)
  })

  it('the nested current_print lacks the three full-only keys', async () => {
    const printer = (await api.get('/api/v1/printers/1/')).json
    expect(printer.current_print).not.toHaveProperty('prediction_json_url')
    expect(printer.current_print).not.toHaveProperty('printshotfeedback_set')
    expect(printer.current_print.g_code_file.filename).toBe('3DBenchy.gcode')
  })

  it('bulk_delete ignores unknown ids; prediction_json is [] ; PATCH alert_overwrite', async () => {
    const ids = (await api.get('/api/v1/prints/')).json.map((p: any) => p.id)
    expect(
      (await api.post('/api/v1/prints/bulk_delete/', { print_ids: [ids[5], 9999] })).status
    ).toBe(204)
    expect((await api.get('/api/v1/prints/')).json.length).toBe(5)
    expect((await api.get('/api/v1/prints/?with_deleted')).json.length).toBe(6)
    expect((await api.get(`/api/v1/prints/${ids[0]}/prediction_json/`)).json).toEqual([])
    const patched = await api.patch(`/api/v1/prints/${ids[0]}/`, { alert_overwrite: 'NOT_FAILED' })
    expect(patched.json.alert_overwrite).toBe('NOT_FAILED')
  })

  it('stats needs all four parameters (500 otherwise) and groups by period', async () => {
    expect((await api.get('/api/v1/prints/stats/?timezone=UTC')).status).toBe(500)
    const from = new Date(sb.clock.now() - 30 * 86_400_000).toISOString().slice(0, 10)
    const to = new Date(sb.clock.now() + 86_400_000).toISOString().slice(0, 10)
    const res = await api.get(
      `/api/v1/prints/stats/?timezone=Europe/Berlin&from_date=${from}&to_date=${to}&group_by=month`
    )
    expect(res.status).toBe(200)
    expect(res.json.total_print_count).toBe(6)
    expect(res.json.total_cancelled_print_count).toBe(1)
    expect(res.json.print_count_groups[0]).toEqual({
      key: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00\+0[12]:00$/),
      value: expect.any(Number)
    })
    for (const key of [
      'print_time_groups',
      'filament_used_groups',
      'total_print_time',
      'total_filament_used',
      'total_succeeded_print_count',
      'longest_print_time',
      'average_print_time'
    ]) {
      expect(res.json).toHaveProperty(key)
    }
  })
})
