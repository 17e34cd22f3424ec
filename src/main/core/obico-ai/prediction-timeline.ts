/**
 * A print's failure-prediction timeline (obico-ai-and-stats.md §2): fetched only when the print has
 * a tagged video (`tagged_video_url`; `prediction_json_url` is always set, §2.4), turned into points
 * and a summary, and cached for good per print and video, since the file never changes once the
 * print has ended.
 */
import {
  FAILING_ABOVE,
  FISHY_ABOVE,
  type PredictionPoint,
  type PredictionTimeline
} from '../../../shared/models/obico-ai'
import { AppError } from '../errors'
import type { AccountCall } from '../printers/obico-printers-api'
import { predictionFileSchema, predictionRecordSchema } from './prediction-schema'

/** A 10-hour print is ~3,600 records of ~330 bytes (§2.3); allow long prints and more. */
const FILE_MAX_BYTES = 24 * 1024 * 1024
/** The server fetches the file from its own storage with a 20 s timeout (§2.2); allow for that. */
const FILE_DEADLINE_MS = 45_000
/** Frames of the tagged video per second (compile_timelapse, §2.1). */
export const TAGGED_VIDEO_FPS = 30

/** The file's records as points: `{}` placeholders and unreadable records are gaps (p null). */
export function toPoints(records: unknown[]): PredictionPoint[] {
  return records.map((record, frame) => {
    const parsed = predictionRecordSchema.safeParse(record)
    if (!parsed.success) return { frame, at: null, p: null }
    const at = parsed.data.fields.updated_at ? Date.parse(parsed.data.fields.updated_at) : NaN
    const p = parsed.data.fields.normalized_p
    return { frame, at: Number.isFinite(at) ? at : null, p: p ?? null }
  })
}

/** Peak, and time above each band: the time from a frame to the next counts for the frame. */
export function summarise(points: PredictionPoint[]): {
  peak: { p: number; frame: number; at: number | null } | null
  secondsAboveFishy: number
  secondsAboveFailing: number
  gapCount: number
} {
  let peak: { p: number; frame: number; at: number | null } | null = null
  let fishy = 0
  let failing = 0
  let gapCount = 0
  for (let i = 0; i < points.length; i++) {
    const point = points[i]
    if (point.p === null) {
      gapCount += 1
      continue
    }
    if (!peak || point.p > peak.p) peak = { p: point.p, frame: point.frame, at: point.at }
    const next = points[i + 1]
    // Frames are at least 10 s apart; a longer pause (watching off, paused) is not time above.
    const step =
      next && next.at !== null && point.at !== null && next.p !== null
        ? Math.min((next.at - point.at) / 1000, 60)
        : 0
    if (step <= 0) continue
    if (point.p > FISHY_ABOVE) fishy += step
    if (point.p > FAILING_ABOVE) failing += step
  }
  return {
    peak,
    secondsAboveFishy: Math.round(fishy),
    secondsAboveFailing: Math.round(failing),
    gapCount
  }
}

/** What the timeline needs to know about the print. */
export interface PrintForTimeline {
  accountId: string
  printId: number
  taggedVideoUrl: string | null
  alertedAt: string | null
}

/** Fetches and builds a timeline; the cache keeps ready ones by account, print and video. */
export class PredictionTimelines {
  private readonly cache = new Map<string, PredictionTimeline>()

  async timeline(call: AccountCall, print: PrintForTimeline): Promise<PredictionTimeline> {
    const base = { accountId: print.accountId, printId: print.printId }
    if (!print.taggedVideoUrl) {
      return {
        ...base,
        status: 'none',
        message: 'This print has no failure-prediction data.'
      }
    }
    const key = `${print.accountId}\n${print.printId}\n${print.taggedVideoUrl}`
    const cached = this.cache.get(key)
    if (cached) return cached
    const response = await call({
      method: 'GET',
      url: `/api/v1/prints/${print.printId}/prediction_json/`,
      deadlineMs: FILE_DEADLINE_MS,
      maxResponseBytes: FILE_MAX_BYTES
    })
    if (response.status === 404) {
      throw new AppError('printers/not-found', 'That print is no longer in the history.')
    }
    if (response.status >= 500) {
      // A 500 is the server failing to read its own copy (storage, a `{}` record): not our error.
      return {
        ...base,
        status: 'unavailable',
        message: 'The server could not hand out this print’s prediction data right now.'
      }
    }
    if (response.status < 200 || response.status >= 300) {
      throw new AppError('network/server-error', `The server answered ${response.status}.`)
    }
    const parsed = predictionFileSchema.safeParse(response.json())
    if (!parsed.success) {
      throw new AppError(
        'network/bad-response',
        'The server sent prediction data in a form Printdock does not understand.'
      )
    }
    const points = toPoints(parsed.data)
    if (points.length === 0) {
      // `[]`: no file yet (still compiling). Not cached: it may appear later.
      return { ...base, status: 'none', message: 'The prediction data is not ready yet.' }
    }
    const timeline: PredictionTimeline = {
      ...base,
      status: 'ready',
      points,
      ...summarise(points),
      alertedAt: print.alertedAt,
      // The video URL is signed: it stays in main, like snapshot URLs.
      videoFps: TAGGED_VIDEO_FPS
    }
    this.cache.set(key, timeline)
    return timeline
  }
}
