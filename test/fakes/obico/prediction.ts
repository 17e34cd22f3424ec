import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HttpError, html, json, type FakeServer } from '../kit'
import { withAuth } from './api-auth'
import { signedMediaUrl, type ObicoContext } from './context'
import { crash } from './http-helpers'
import { signPath, strictInt } from './util'

/**
 * The failure-prediction file of a print: `GET /api/v1/prints/{id}/prediction_json/`
 * (obico-ai-and-stats.md §2, §4 item 9). Records have the real Django-serialised shape.
 */

/** The nine `fields` of one record; `normalized_p` is absent in files older than migration 0085. */
export interface PredictionFields {
  current_frame_num: number
  lifetime_frame_num: number
  current_p: number
  ewm_mean: number
  rolling_mean_long: number
  rolling_mean_short: number
  normalized_p?: number
  created_at: string
  updated_at: string
}

/** One element of the file: a full record, or the `{}` placeholder of a missing frame file (§2.1). */
export type PredictionRecord =
  { model: 'app.printerprediction'; pk: number; fields: PredictionFields } | Record<string, never>

/** What a print has: a tagged video and its per-frame records. */
export interface PredictionFixture {
  taggedVideoUrl: string
  records: PredictionRecord[]
}

/**
 * The tagged video every print with a file gets: 120 solid frames, frame i's colour encoding i
 * (test/fixtures/video/SOURCES.md). The demo print's file has as many records, as on a real server.
 */
export const TAGGED_VIDEO_FRAMES = 120
const TAGGED_VIDEO_NAME = 'tagged-120-frames.mp4'

let videoBytes: Buffer | null | undefined
/**
 * The fixture's bytes, read once: beside the built demo server (`out/main/demo-tagged-video.mp4`,
 * copied there by electron.vite.config.ts), else from test/fixtures when the fake runs from source.
 * Null when neither is there: the video then answers 404.
 */
export function taggedVideoBytes(): Buffer | null {
  if (videoBytes !== undefined) return videoBytes
  videoBytes = null
  for (const path of [
    join(__dirname, 'demo-tagged-video.mp4'),
    join(__dirname, '..', '..', 'fixtures', 'video', TAGGED_VIDEO_NAME)
  ]) {
    try {
      videoBytes = readFileSync(path)
      break
    } catch {
      // Not here; the next place.
    }
  }
  return videoBytes
}

/** Per-fake state (kept beside the context, not in it). */
interface PredictionState {
  byPrint: Map<number, PredictionFixture>
  /** "storage unreachable": every print with a file answers 500 (§2.2). */
  storageDown: boolean
  /**
   * The real server crashes on a `{}` record (KeyError, §2.2). 'serve' hands the file out as
   * stored, so a client's gap handling can be tested; the default is the real behaviour.
   */
  placeholders: 'crash' | 'serve'
  /** The printers' detective_sensitivity when `normalized_p` must be computed (default 1). */
  sensitivity: number
}

const states = new WeakMap<ObicoContext, PredictionState>()

function stateOf(ctx: ObicoContext): PredictionState {
  let state = states.get(ctx)
  if (!state) {
    state = { byPrint: new Map(), storageDown: false, placeholders: 'crash', sensitivity: 1 }
    states.set(ctx, state)
  }
  return state
}

/** The print's `tagged_video_url`: set only when it has a prediction file (§2.4). */
export function taggedVideoUrlOf(ctx: ObicoContext, printId: number): string | null {
  return stateOf(ctx).byPrint.get(printId)?.taggedVideoUrl ?? null
}

/** Django's JSON date: milliseconds and `Z`, the fraction left out when it is zero (§2.3). */
export function djangoJsonDate(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** `calc_normalized_p` of obico-ai-and-stats.md §2.3, for records without `normalized_p`. */
export function normalizedP(fields: PredictionFields, sensitivity: number): number {
  const warn = clamp((fields.rolling_mean_short - fields.rolling_mean_long) * 3.8, 0.38, 0.78)
  const fail = warn * 1.75
  const p = (fields.ewm_mean - fields.rolling_mean_long) * sensitivity
  const scale = (value: number, from: [number, number], to: [number, number]) =>
    clamp(to[0] + ((value - from[0]) / (from[1] - from[0])) * (to[1] - to[0]), to[0], to[1])
  if (p > fail) return scale(p, [fail, 1.5 * fail], [2 / 3, 1])
  if (p > warn) return scale(p, [warn, fail], [1 / 3, 2 / 3])
  return scale(p, [0, warn], [0, 1 / 3])
}

/**
 * A deterministic file for a print: `frames` detections `intervalMs` apart (default 10 s, the
 * shortest real gap) from `startMs`, quiet at first, a spike to about 0.8 around 60 % of the way
 * (the alert), then settling again.
 */
export function syntheticRecords(
  printerId: number,
  startMs: number,
  frames: number,
  options: { withoutNormalized?: boolean; lifetimeStart?: number; intervalMs?: number } = {}
): PredictionRecord[] {
  const interval = options.intervalMs ?? 10_000
  const records: PredictionRecord[] = []
  let ewm = 0
  for (let i = 0; i < frames; i++) {
    const x = i / Math.max(1, frames - 1)
    const spike = Math.exp(-(((x - 0.6) / 0.08) ** 2))
    const target = 0.05 + 0.75 * spike + 0.02 * Math.sin(i)
    ewm = i === 0 ? target : ewm + (2 / 13) * (target - ewm)
    const fields: PredictionFields = {
      current_frame_num: i + 1,
      lifetime_frame_num: (options.lifetimeStart ?? 1000) + i + 1,
      current_p: round(target * 1.1),
      ewm_mean: round(ewm),
      rolling_mean_long: 0.02,
      rolling_mean_short: round(0.03 + 0.1 * spike),
      created_at: '2024-01-02T03:04:05.123Z',
      updated_at: djangoJsonDate(startMs + i * interval + (i % 3) * 250)
    }
    if (!options.withoutNormalized) fields.normalized_p = round(clamp(target, 0, 1))
    records.push({ model: 'app.printerprediction', pk: printerId, fields })
  }
  return records
}

const round = (value: number) => Math.round(value * 10_000) / 10_000

/** Test and sandbox controls for prediction files. */
export interface ObicoPredictionControls {
  /** Gives a print a tagged video and this file (what `compile_timelapse` leaves at print end). */
  set(printId: number, records: PredictionRecord[], taggedVideoUrl?: string): void
  /** Removes the file: the print has no tagged video again. */
  clear(printId: number): void
  /** "Storage unreachable": every print with a file answers 500 until switched back. */
  setStorageDown(down: boolean): void
  /** How a `{}` record is answered: like the real server (500) or served as stored. */
  setPlaceholders(mode: 'crash' | 'serve'): void
  /** The sensitivity used for records that lack `normalized_p`. */
  setSensitivity(value: number): void
}

/** The controls bound to one fake. */
export function predictionControls(ctx: ObicoContext): ObicoPredictionControls {
  const state = stateOf(ctx)
  return {
    set(printId, records, taggedVideoUrl) {
      // Signed and auth-free, on the Site origin, like every media URL (obico-api.md §2.3).
      const url = taggedVideoUrl ?? signedMediaUrl(ctx, taggedVideoPath(printId))
      state.byPrint.set(printId, { taggedVideoUrl: url, records: structuredClone(records) })
    },
    clear: (printId) => void state.byPrint.delete(printId),
    setStorageDown: (down) => void (state.storageDown = down),
    setPlaceholders: (mode) => void (state.placeholders = mode),
    setSensitivity: (value) => void (state.sensitivity = value)
  }
}

const taggedVideoPath = (printId: number) => `/media/tl/private/${printId}_tagged.mp4`

/**
 * The demo's first finished print gets a file with an alert spike: one record per frame of the
 * tagged video, spread over the print (a detection every 45 s for the 90-minute demo print).
 */
export function seedPredictions(ctx: ObicoContext): void {
  const controls = predictionControls(ctx)
  const finished = ctx.store.prints.filter((p) => p.finished_at !== null && p.printer_id !== null)
  for (const print of finished.slice(0, 1)) {
    const duration = (print.finished_at ?? 0) - print.started_at
    const intervalMs = Math.max(10_000, Math.floor(duration / TAGGED_VIDEO_FRAMES))
    controls.set(
      print.id,
      syntheticRecords(print.printer_id ?? 0, print.started_at, TAGGED_VIDEO_FRAMES, { intervalMs })
    )
  }
}

const FORBIDDEN_PAGE =
  '<!doctype html><html lang="en"><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>'

/**
 * Replaces the plain `[]` route with the real behaviour (§2.2), and serves the tagged videos: signed
 * media without auth, whole, with no Range support (a stock self-hosted server's `serve_jpg_file`).
 */
export function mountPredictionRoute(server: FakeServer, ctx: ObicoContext): void {
  const state = stateOf(ctx)
  server.route('GET', '/media/tl/private/:name', (req) => {
    if (req.query.get('digest') !== signPath(ctx.secret, req.path)) return html(403, FORBIDDEN_PAGE)
    const printId = strictInt(/^(\d+)_tagged\.mp4$/.exec(req.params.name)?.[1] ?? '')
    const bytes = taggedVideoBytes()
    if (!state.byPrint.has(printId) || !bytes) throw new HttpError(404, '')
    return {
      kind: 'body' as const,
      status: 200,
      headers: { 'content-type': 'video/mp4' },
      body: bytes,
      isJson: false
    }
  })
  server.route(
    'GET',
    '/api/v1/prints/:id/prediction_json/',
    withAuth(ctx, (req, { user }) => {
      const id = strictInt(req.params.id)
      // Django's get_object_or_404 on a non-numeric id: a ValueError escapes as a 500 (§2.2).
      if (Number.isNaN(id)) crash('Field id expected a number')
      const withDeleted = req.query.has('with_deleted')
      const print = ctx.store.prints.find(
        (p) => p.id === id && p.user_id === user.id && (withDeleted || p.deleted === null)
      )
      if (!print) throw new HttpError(404, { detail: 'No Print matches the given query.' })
      const file = state.byPrint.get(print.id)
      if (!file) return json(200, [])
      if (state.storageDown) crash('could not fetch the prediction file from storage')
      const out = file.records.map((record) => {
        if (!('fields' in record)) {
          if (state.placeholders === 'crash') crash("KeyError: 'fields'")
          return record
        }
        const fields = record.fields as PredictionFields
        if (fields.normalized_p !== undefined) return record
        return {
          ...record,
          fields: { ...fields, normalized_p: normalizedP(fields, state.sensitivity) }
        }
      })
      return json(200, out)
    })
  )
}
