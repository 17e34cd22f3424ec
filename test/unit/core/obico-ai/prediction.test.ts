import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { summarise, toPoints } from '../../../../src/main/core/obico-ai/prediction-timeline'
import { syntheticRecords } from '../../../fakes/obico/prediction'
import { ACCOUNT_ID, demoPrints, startAi, type AiUnderTest } from './ai-harness'

/** The prediction timeline in core against the fake (obico-ai-and-stats.md §2, §5 item 10). */
let t: AiUnderTest
beforeEach(async () => {
  t = await startAi()
})
afterEach(() => t.close())

const prints = () => demoPrints(t)

const predictionCalls = () => t.urls.filter((u) => u.includes('/prediction_json/')).length

describe('prediction timeline', () => {
  it('fetches a finished print with a tagged video once, then serves it from the cache', async () => {
    const withVideo = (await prints()).find((p) => p.tagged_video_url !== null)!
    const timeline = await t.ai.predictionTimeline(ACCOUNT_ID, withVideo.id)
    if (timeline.status !== 'ready') throw new Error(`not ready: ${timeline.status}`)
    expect(timeline.points.length).toBeGreaterThan(100)
    expect(timeline.peak!.p).toBeGreaterThan(0.66)
    expect(timeline.secondsAboveFishy).toBeGreaterThan(timeline.secondsAboveFailing)
    expect(timeline.secondsAboveFailing).toBeGreaterThan(0)
    expect(timeline.gapCount).toBe(0)
    expect(timeline.videoFps).toBe(30)
    expect(JSON.stringify(timeline)).not.toContain('digest=')
    await t.ai.predictionTimeline(ACCOUNT_ID, withVideo.id)
    expect(predictionCalls()).toBe(1)
  })

  it('carries the moment Obico raised its alert on the print', async () => {
    const withVideo = (await prints()).find((p) => p.tagged_video_url !== null)!
    const stored = t.fake.store.prints.find((p) => p.id === withVideo.id)!
    stored.alerted_at = stored.started_at + 3_000_000
    const timeline = await t.ai.predictionTimeline(ACCOUNT_ID, withVideo.id)
    if (timeline.status !== 'ready') throw new Error(timeline.status)
    expect(Date.parse(timeline.alertedAt!)).toBe(stored.alerted_at)
  })

  it('never asks for the file of a print without a tagged video', async () => {
    const without = (await prints()).find((p) => p.tagged_video_url === null)!
    const timeline = await t.ai.predictionTimeline(ACCOUNT_ID, without.id)
    expect(timeline.status).toBe('none')
    expect(predictionCalls()).toBe(0)
  })

  it('shows a {} placeholder as a gap in the chart', async () => {
    const id = (await prints())[1].id
    const records = syntheticRecords(3, Date.UTC(2026, 0, 1), 6)
    records[2] = {}
    t.fake.predictions.set(id, records)
    t.fake.predictions.setPlaceholders('serve')
    const timeline = await t.ai.predictionTimeline(ACCOUNT_ID, id)
    if (timeline.status !== 'ready') throw new Error(timeline.status)
    expect(timeline.points.map((p) => p.p === null)).toEqual([
      false,
      false,
      true,
      false,
      false,
      false
    ])
    expect(timeline.gapCount).toBe(1)
  })

  it('shows a 500 as unavailable, not as an error, and does not cache it', async () => {
    const id = (await prints()).find((p) => p.tagged_video_url !== null)!.id
    t.fake.predictions.setStorageDown(true)
    const down = await t.ai.predictionTimeline(ACCOUNT_ID, id)
    expect(down).toMatchObject({ status: 'unavailable' })
    t.fake.predictions.setStorageDown(false)
    expect((await t.ai.predictionTimeline(ACCOUNT_ID, id)).status).toBe('ready')
  })
})

describe('summary', () => {
  it('counts time above each band frame to frame, skipping gaps and long pauses', () => {
    const at = (s: number) => s * 1000
    const points = [
      { frame: 0, at: at(0), p: 0.1 },
      { frame: 1, at: at(10), p: 0.5 },
      { frame: 2, at: at(20), p: 0.9 },
      { frame: 3, at: at(30), p: null },
      { frame: 4, at: at(40), p: 0.9 },
      { frame: 5, at: at(1000), p: 0.2 }
    ]
    expect(summarise(points)).toEqual({
      peak: { p: 0.9, frame: 2, at: at(20) },
      secondsAboveFishy: 10 + 60,
      secondsAboveFailing: 60,
      gapCount: 1
    })
  })

  it('reads both Django date forms and treats odd records as gaps', () => {
    const points = toPoints([
      {
        model: 'app.printerprediction',
        pk: 1,
        fields: { normalized_p: 0.2, updated_at: '2024-05-06T07:08:09Z' }
      },
      {
        model: 'app.printerprediction',
        pk: 1,
        fields: { normalized_p: 0.3, updated_at: '2024-05-06T07:08:19.250Z' }
      },
      { model: 'app.printerprediction', pk: 1, fields: { normalized_p: 7 } },
      'nonsense'
    ])
    expect(points.map((p) => p.at)).toEqual([
      Date.UTC(2024, 4, 6, 7, 8, 9),
      Date.UTC(2024, 4, 6, 7, 8, 19, 250),
      null,
      null
    ])
    expect(points.map((p) => p.p)).toEqual([0.2, 0.3, null, null])
  })
})
