import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../../src/main/core/http'
import { openTaggedVideo } from '../../../../src/main/core/obico-ai/tagged-video'
import { syntheticRecords, TAGGED_VIDEO_FRAMES } from '../../../fakes/obico/prediction'
import { ACCOUNT_ID, demoPrints, startAi, type AiUnderTest } from './ai-harness'

/**
 * A print's tagged video opened for the page, against the Obico fake over HTTP
 * (obico-ai-and-stats.md §2.1, §2.4): fetched whole, cached, handed out as a media token.
 */
const FIXTURE = readFileSync(join(process.cwd(), 'test/fixtures/video/tagged-120-frames.mp4'))

let t: AiUnderTest
beforeEach(async () => {
  t = await startAi()
})
afterEach(() => t.close())

const prints = () => demoPrints(t)
const withVideo = async () => (await prints()).find((p) => p.tagged_video_url !== null)!
const videoCalls = () => t.urls.filter((u) => u.includes('_tagged.mp4')).length

describe('tagged video', () => {
  it('opens as a media path with the frame facts; the responder plays the very bytes', async () => {
    const print = await withVideo()
    const video = await t.ai.openTaggedVideo(ACCOUNT_ID, print.id)
    if (!video.ok) throw new Error(video.message)
    expect(video).toEqual({
      ok: true,
      path: expect.stringMatching(/^\/__media\/video\/[\w-]{32}$/),
      frameRate: 30,
      frames: TAGGED_VIDEO_FRAMES
    })
    // The signed URL stays in main.
    expect(JSON.stringify(video)).not.toContain('digest')
    expect(JSON.stringify(video)).not.toContain(t.fake.baseUrl)
    const whole = t.media.respond({ method: 'GET', path: video.path })
    expect(whole.status).toBe(200)
    expect(Buffer.compare(await buffer(whole.body!()), FIXTURE)).toBe(0)
    // The fake, like a stock self-hosted server, has no Range support; the responder does.
    const part = t.media.respond({ method: 'GET', path: video.path, range: 'bytes=4-7' })
    expect(part.status).toBe(206)
    expect((await buffer(part.body!())).toString('latin1')).toBe('ftyp')
  })

  it('is fetched once: opening it again gives a new token for the cached file', async () => {
    const print = await withVideo()
    const first = await t.ai.openTaggedVideo(ACCOUNT_ID, print.id)
    const second = await t.ai.openTaggedVideo(ACCOUNT_ID, print.id)
    expect(first.ok && second.ok).toBe(true)
    expect(first).not.toEqual(second)
    expect(videoCalls()).toBe(1)
  })

  it('says so when the print has no tagged video, without fetching anything', async () => {
    const without = (await prints()).find((p) => p.tagged_video_url === null)!
    expect(await t.ai.openTaggedVideo(ACCOUNT_ID, without.id)).toEqual({
      ok: false,
      reason: 'no-video',
      message: 'This print has no tagged video.'
    })
    expect(videoCalls()).toBe(0)
  })

  it('says in plain words when the video host cannot be reached (a wrong site domain)', async () => {
    const print = await withVideo()
    t.fake.predictions.set(
      print.id,
      syntheticRecords(1, Date.UTC(2026, 0, 1), 5),
      'http://127.0.0.1:9/media/tl/private/1_tagged.mp4?digest=secret'
    )
    const video = await t.ai.openTaggedVideo(ACCOUNT_ID, print.id)
    expect(video).toMatchObject({ ok: false, reason: 'unreachable' })
    if (video.ok) return
    expect(video.message).toContain("The video's host (127.0.0.1:9) can't be reached")
    expect(video.message).not.toContain('digest')
  })

  it("passes on the server's refusal (a stale signature) with its status", async () => {
    const print = await withVideo()
    t.fake.predictions.set(
      print.id,
      syntheticRecords(1, Date.UTC(2026, 0, 1), 5),
      `${t.fake.baseUrl}/media/tl/private/${print.id}_tagged.mp4?digest=stale`
    )
    const video = await t.ai.openTaggedVideo(ACCOUNT_ID, print.id)
    expect(video).toMatchObject({ ok: false, reason: 'server-error' })
    if (!video.ok) expect(video.message).toMatch(/did not give the video \(HTTP 403\)/)
  })

  it('refuses an answer that is not an MP4', async () => {
    const print = await withVideo()
    t.fake.predictions.set(
      print.id,
      syntheticRecords(1, Date.UTC(2026, 0, 1), 5),
      `${t.fake.baseUrl}/api/v1/printers/`
    )
    expect(await t.ai.openTaggedVideo(ACCOUNT_ID, print.id)).toMatchObject({
      ok: false,
      reason: 'not-a-video'
    })
    expect(t.media.cache.keys()).toEqual([])
  })

  it('stops at the size cap and says how large a video may be', async () => {
    const print = await withVideo()
    const video = await openTaggedVideo(t.media, {
      key: 'capped',
      url: print.tagged_video_url!,
      serverOrigin: t.fake.baseUrl,
      frames: null,
      withCredentials: t.call,
      withoutCredentials: (request) => createHttpClient().request(request),
      // One byte short of the fixture.
      maxBytes: FIXTURE.length - 1
    })
    expect(video).toEqual({
      ok: false,
      reason: 'too-large',
      message: `The video is larger than ${Math.round((FIXTURE.length - 1) / 1024)} KB, too large to show here.`
    })
    expect(t.media.cache.keys()).toEqual([])
  })
})
