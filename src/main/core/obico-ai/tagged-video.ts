/**
 * A print's tagged video (obico-ai-and-stats.md §2.1, §2.4: frame i ↔ prediction record i, at
 * i / 30 s), fetched whole into the media store so the page can seek in it on its own origin.
 *
 * Like snapshots (printers/snapshot-image.ts): the URL is signed and needs no auth; it is on the
 * server's Site domain, which may not be the server we talk to and may not be reachable at all.
 * Credentials go only to the account's own server. The URL never leaves main: the page gets a
 * media token. A stock self-hosted Obico serves media without Range support, so nothing here
 * relies on it: the file is fetched once, whole, under a size cap.
 */
import type { TaggedVideo } from '../../../shared/models/obico-ai'
import { AppError } from '../errors'
import type { HttpRequest, HttpResponse } from '../http'
import type { MediaStore } from '../media/media-store'
import type { AccountCall } from '../printers/obico-printers-api'
import { TAGGED_VIDEO_FPS } from './prediction-timeline'
import { readMediaAddress } from '../printers/media-address'

/** Tagged videos are small (a frame per detection, 10 s apart); this is far above any real one. */
export const TAGGED_VIDEO_MAX_BYTES = 256 * 1024 * 1024
/** Long enough for the cap over a slow line; a stalled transfer is stopped by the idle limit. */
const VIDEO_DEADLINE_MS = 10 * 60_000
const VIDEO_IDLE_MS = 30_000

export interface TaggedVideoFetch {
  /** Identifies the video in the cache (account, print and URL). */
  key: string
  url: string
  serverOrigin: string
  /** Frames known from the prediction file, if it was read. */
  frames: number | null
  /** The account's authorised call: used only when the video is on the account's server. */
  withCredentials: AccountCall
  /** A plain request, for any other host. */
  withoutCredentials: (request: HttpRequest) => Promise<HttpResponse>
  maxBytes?: number
}

/** The server answered, but not with the video. */
class RefusedVideo extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
  }
}

/** The bytes are not an MP4 (ISO base media file). */
class NotAVideo extends Error {}

/** Opens the video for the page, or says in plain words why not. Never throws for the network. */
export async function openTaggedVideo(
  store: MediaStore,
  fetch: TaggedVideoFetch
): Promise<TaggedVideo> {
  const address = readMediaAddress(fetch.url, fetch.serverOrigin, 'video')
  if (!address.ok) return { ok: false, reason: 'unreachable', message: address.message }
  const { url, sameServer } = address
  const maxBytes = fetch.maxBytes ?? TAGGED_VIDEO_MAX_BYTES
  try {
    const path = await store.openVideo(
      fetch.key,
      async (file) => {
        const request: HttpRequest = {
          method: 'GET',
          url: url.toString(),
          headers: { Accept: 'video/mp4, */*;q=0.5' },
          deadlineMs: VIDEO_DEADLINE_MS,
          idleTimeoutMs: VIDEO_IDLE_MS,
          maxResponseBytes: maxBytes,
          writeBodyTo: file
        }
        const response = sameServer
          ? await fetch.withCredentials(request)
          : await fetch.withoutCredentials(request)
        if (response.status < 200 || response.status >= 300) throw new RefusedVideo(response.status)
      },
      (head) => {
        if (!isMp4(head)) throw new NotAVideo()
      }
    )
    return { ok: true, path, frameRate: TAGGED_VIDEO_FPS, frames: fetch.frames }
  } catch (error) {
    return failure(error, url.host, maxBytes)
  }
}

function failure(error: unknown, host: string, maxBytes: number): TaggedVideo {
  if (error instanceof RefusedVideo) {
    return {
      ok: false,
      reason: 'server-error',
      message: `The video's host (${host}) did not give the video (HTTP ${error.status}).`
    }
  }
  if (error instanceof NotAVideo) {
    return {
      ok: false,
      reason: 'not-a-video',
      message: 'The video address did not give an MP4 video.'
    }
  }
  if (error instanceof AppError && error.code === 'network/too-large') {
    return {
      ok: false,
      reason: 'too-large',
      message: `The video is larger than ${sizeWords(maxBytes)}, too large to show here.`
    }
  }
  if (error instanceof AppError && error.code === 'network/timeout') {
    return {
      ok: false,
      reason: 'unreachable',
      message: `The video's host (${host}) took too long to send the video.`
    }
  }
  return {
    ok: false,
    reason: 'unreachable',
    message: `The video's host (${host}) can't be reached from this computer. A self-hosted server may have the wrong site domain set.`
  }
}

function sizeWords(bytes: number): string {
  const mib = 1024 * 1024
  return bytes >= mib ? `${Math.round(bytes / mib)} MB` : `${Math.round(bytes / 1024)} KB`
}

/** An ISO base media file (MP4) starts with a box whose type is `ftyp`. */
export function isMp4(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'ftyp'
}
