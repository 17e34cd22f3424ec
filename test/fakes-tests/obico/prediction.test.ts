import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CLIENT_ID, type ObicoFake } from '../../fakes/obico'
import { normalizedP, syntheticRecords, TAGGED_VIDEO_FRAMES } from '../../fakes/obico/prediction'
import { apiClient, startFake } from './helpers'

/** The prediction file against obico-ai-and-stats.md §2 and §4 items 9–10. */
let fake: ObicoFake
let api: ReturnType<typeof apiClient>

beforeEach(async () => {
  fake = await startFake()
  api = apiClient(fake, fake.issueToken(1, DEMO_CLIENT_ID).accessToken)
})
afterEach(() => fake.close())

async function printsOfUser1() {
  return (await api.get('/api/v1/prints/?limit=50')).json as Array<{
    id: number
    tagged_video_url: string | null
    prediction_json_url: string
  }>
}

describe('prediction_json', () => {
  it('always names the path, and sets tagged_video_url only with a file', async () => {
    const prints = await printsOfUser1()
    for (const p of prints)
      expect(p.prediction_json_url).toBe(`/api/v1/prints/${p.id}/prediction_json/`)
    const withFile = prints.filter((p) => p.tagged_video_url !== null)
    expect(withFile).toHaveLength(1)
    const records = (await api.get(withFile[0].prediction_json_url)).json
    expect(records.length).toBeGreaterThan(100)
    expect(Object.keys(records[0])).toEqual(['model', 'pk', 'fields'])
    expect(Object.keys(records[0].fields).sort()).toEqual(
      [
        'created_at',
        'current_frame_num',
        'current_p',
        'ewm_mean',
        'lifetime_frame_num',
        'normalized_p',
        'rolling_mean_long',
        'rolling_mean_short',
        'updated_at'
      ].sort()
    )
    expect(records[0].fields.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/)
  })

  it('answers [] without a file, 404 for unknown prints, 500 for a non-numeric id', async () => {
    const prints = await printsOfUser1()
    const without = prints.find((p) => p.tagged_video_url === null)!
    expect((await api.get(without.prediction_json_url)).json).toEqual([])
    expect((await api.get('/api/v1/prints/99999/prediction_json/')).status).toBe(404)
    expect((await api.get('/api/v1/prints/abc/prediction_json/')).status).toBe(500)
  })

  it('crashes on a {} placeholder unless told to serve it, and when storage is down', async () => {
    const id = (await printsOfUser1())[0].id
    const records = syntheticRecords(7, 1_700_000_000_000, 5)
    records[2] = {}
    fake.predictions.set(id, records)
    const crash = await api.get(`/api/v1/prints/${id}/prediction_json/`)
    expect(crash.status).toBe(500)
    expect(crash.text).toContain('Server Error (500)')
    fake.predictions.setPlaceholders('serve')
    const served = (await api.get(`/api/v1/prints/${id}/prediction_json/`)).json
    expect(served[2]).toEqual({})
    fake.predictions.setStorageDown(true)
    expect((await api.get(`/api/v1/prints/${id}/prediction_json/`)).status).toBe(500)
  })

  it('fills in normalized_p for old files from the formula', async () => {
    const id = (await printsOfUser1())[0].id
    const records = syntheticRecords(7, 1_700_000_000_000, 20, { withoutNormalized: true })
    fake.predictions.set(id, records)
    const served = (await api.get(`/api/v1/prints/${id}/prediction_json/`)).json
    for (const [i, record] of served.entries()) {
      const fields = (records[i] as { fields: Parameters<typeof normalizedP>[0] }).fields
      expect(record.fields.normalized_p).toBeCloseTo(normalizedP(fields, 1), 10)
      expect(record.fields.normalized_p).toBeGreaterThanOrEqual(0)
      expect(record.fields.normalized_p).toBeLessThanOrEqual(1)
    }
  })

  it('maps the formula bands: quiet is below a third, far above the failing line is above two', () => {
    const base = {
      current_frame_num: 1,
      lifetime_frame_num: 1,
      current_p: 0,
      rolling_mean_long: 0,
      rolling_mean_short: 0,
      created_at: '',
      updated_at: ''
    }
    expect(normalizedP({ ...base, ewm_mean: 0.1 }, 1)).toBeLessThan(1 / 3)
    expect(normalizedP({ ...base, ewm_mean: 0.5 }, 1)).toBeGreaterThan(1 / 3)
    expect(normalizedP({ ...base, ewm_mean: 0.9 }, 1)).toBeGreaterThan(2 / 3)
  })
})

describe('tagged video', () => {
  const fixture = readFileSync(join(process.cwd(), 'test/fixtures/video/tagged-120-frames.mp4'))

  it('serves an H.264 MP4 at tagged_video_url with one frame per prediction record', async () => {
    const print = (await printsOfUser1()).find((p) => p.tagged_video_url !== null)!
    const records = (await api.get(print.prediction_json_url)).json as unknown[]
    expect(records).toHaveLength(TAGGED_VIDEO_FRAMES)
    // Signed media on the Site origin, fetched without auth (obico-api.md §2.3).
    const url = new URL(print.tagged_video_url!)
    expect(url.searchParams.get('digest')).toMatch(/^[0-9a-f]{32}$/)
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('video/mp4')
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), fixture)).toBe(0)
  })

  it('ignores Range, like a stock self-hosted server, and refuses a wrong signature', async () => {
    const print = (await printsOfUser1()).find((p) => p.tagged_video_url !== null)!
    const ranged = await fetch(print.tagged_video_url!, { headers: { Range: 'bytes=0-9' } })
    expect(ranged.status).toBe(200)
    expect((await ranged.arrayBuffer()).byteLength).toBe(fixture.length)
    const forged = new URL(print.tagged_video_url!)
    forged.searchParams.set('digest', '0'.repeat(32))
    expect((await fetch(forged)).status).toBe(403)
    // Another print's video: the signature is of the path, so it does not carry over.
    const other = new URL(print.tagged_video_url!.replace(`/${print.id}_tagged`, '/9999_tagged'))
    expect((await fetch(other)).status).toBe(403)
  })
})
