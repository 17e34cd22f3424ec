/**
 * Fetches a printer's latest webcam snapshot for the page (obico-api.md §2.3 "Webcam URLs").
 *
 * The page never loads the image itself: the CSP stays closed, and the signed URL never reaches the
 * renderer. `pic.img_url` is signed and needs no auth (§6 item 16); it is on the server's configured
 * Site domain, which may not be the server we talk to, and may not be reachable from here at all.
 * Credentials are sent only to the account's own server, never to another host.
 */
import type { SnapshotImage } from '../../../shared/models/printer'
import { AppError } from '../errors'
import type { HttpRequest, HttpResponse } from '../http'
import type { AccountCall } from './obico-printers-api'
import { readMediaAddress } from './media-address'

export interface SnapshotFetch {
  url: string
  snapshotKey: string
  serverOrigin: string
  maxBytes: number
  /** The account's authorised call: used only when the image is on the account's server. */
  withCredentials: AccountCall
  /** A plain request, for any other host. */
  withoutCredentials: (request: HttpRequest) => Promise<HttpResponse>
}

/** The image as a data URL, or a plain reason why not. Never throws for network trouble. */
export async function fetchSnapshotImage(fetch: SnapshotFetch): Promise<SnapshotImage> {
  const address = readMediaAddress(fetch.url, fetch.serverOrigin, 'snapshot')
  if (!address.ok) return { ok: false, reason: 'unreachable', message: address.message }
  const { url, sameServer } = address
  const request = {
    method: 'GET' as const,
    url: url.toString(),
    headers: { Accept: 'image/jpeg, image/png, image/webp' },
    deadlineMs: 10_000,
    maxResponseBytes: fetch.maxBytes
  }
  let response: HttpResponse
  try {
    response = sameServer
      ? await fetch.withCredentials(request)
      : await fetch.withoutCredentials(request)
  } catch (error) {
    if (error instanceof AppError && error.code === 'network/too-large') {
      return { ok: false, reason: 'too-large', message: 'The snapshot is too large to show.' }
    }
    return {
      ok: false,
      reason: 'unreachable',
      message: `The snapshot's host (${url.host}) can't be reached from this computer. A self-hosted server may have the wrong site domain set.`
    }
  }
  if (response.status < 200 || response.status >= 300 || !response.bytes) {
    return {
      ok: false,
      reason: 'unreachable',
      message: `The snapshot's host (${url.host}) did not give the image (HTTP ${response.status}).`
    }
  }
  const type = imageType(response.bytes)
  if (!type) {
    return {
      ok: false,
      reason: 'not-an-image',
      message: 'The snapshot address did not give an image.'
    }
  }
  return {
    ok: true,
    dataUrl: `data:${type};base64,${Buffer.from(response.bytes).toString('base64')}`,
    snapshotKey: fetch.snapshotKey
  }
}

/** The image type from the first bytes (never trusting the Content-Type), or undefined. */
export function imageType(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg'
  }
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47
  ) {
    return 'image/png'
  }
  if (
    bytes.length >= 12 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP'
  ) {
    return 'image/webp'
  }
  return undefined
}
