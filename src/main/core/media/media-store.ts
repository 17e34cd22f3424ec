/**
 * Media the page may play, served on the page's own origin: the one responder behind both
 * `printdock-app://bundle/__media/…` (Electron, app-protocol.ts) and the harness's `/__media/…`
 * (test/harness/harness-server.ts), so both shells answer exactly alike.
 *
 * A file is fetched whole into the cache, then named by a token; the page gets only
 * `/__media/video/<token>`. Requests are answered with Range support (a `<video>` seeks with
 * ranges), and anything unknown, expired or evicted is a plain 404.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { parseByteRange } from './byte-range'
import { MediaCache, type MediaCacheOptions, type MediaCheck, type MediaFill } from './media-cache'
import { MediaTokens, TOKEN_PATTERN } from './media-tokens'

/** Every media path starts so; the shells route these here. */
export const MEDIA_PATH_PREFIX = '/__media/'
const VIDEO_PATH_PREFIX = '/__media/video/'

/** What a shell hands over: the method, the URL's path, and the `Range` header if any. */
export interface MediaRequest {
  method: string
  path: string
  range?: string | null
}

/** What to answer. `body` opens the bytes to send (absent for errors and HEAD). */
export interface MediaAnswer {
  status: number
  headers: Record<string, string>
  body?: () => Readable
}

export interface MediaStoreOptions extends MediaCacheOptions {
  now: () => number
  /** How long a token lives without a request (default 30 min). */
  tokenIdleMs?: number
}

/** Whether a request path is for the media responder. */
export function isMediaPath(path: string): boolean {
  return path.startsWith(MEDIA_PATH_PREFIX)
}

export class MediaStore {
  readonly cache: MediaCache
  readonly tokens: MediaTokens

  constructor(options: MediaStoreOptions) {
    this.cache = new MediaCache(options)
    this.tokens = new MediaTokens({ now: options.now, idleMs: options.tokenIdleMs })
  }

  /**
   * Makes the video under `key` playable (fetching it with `fill` unless cached) and returns the
   * page's path for it. Rejects with whatever `fill` or `check` threw.
   */
  async openVideo(key: string, fill: MediaFill, check?: MediaCheck): Promise<string> {
    await this.cache.load(key, 'video/mp4', fill, check)
    return VIDEO_PATH_PREFIX + this.tokens.issue(key)
  }

  /** Answers one request for a media path. Never throws. */
  respond(request: MediaRequest): MediaAnswer {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' })
    }
    const token = request.path.startsWith(VIDEO_PATH_PREFIX)
      ? request.path.slice(VIDEO_PATH_PREFIX.length)
      : ''
    const key = TOKEN_PATTERN.test(token) ? this.tokens.resolve(token) : undefined
    const media = key === undefined ? undefined : this.cache.get(key)
    if (!media) return plain(404, 'Not found')
    const headers: Record<string, string> = {
      'Content-Type': media.contentType,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store'
    }
    const range = parseByteRange(request.range, media.size)
    if (range.kind === 'unsatisfiable') {
      return plain(416, 'Range not satisfiable', { 'Content-Range': `bytes */${media.size}` })
    }
    const { status, start, end } =
      range.kind === 'part'
        ? { status: 206, start: range.start, end: range.end }
        : { status: 200, start: 0, end: media.size - 1 }
    headers['Content-Length'] = String(end - start + 1)
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${media.size}`
    if (request.method === 'HEAD' || end < start) return { status, headers }
    return { status, headers, body: () => createReadStream(media.path, { start, end }) }
  }

  dispose(): void {
    this.tokens.clear()
    this.cache.dispose()
  }
}

function plain(status: number, text: string, extra: Record<string, string> = {}): MediaAnswer {
  const bytes = Buffer.from(text)
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(bytes.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...extra
    },
    body: () => Readable.from([bytes])
  }
}
