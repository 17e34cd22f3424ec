/**
 * Thumbnails for the page, as data: URLs: the page may not load remote images (CSP), so main
 * fetches a file's signed thumbnail URL (no credential needed, obico-api.md §2.5) through the one
 * HTTP client, checks it is a small PNG or JPEG, and keeps the last few hundred in memory.
 */
import type { HttpClient } from '../http'

const MAX_BYTES = 2 * 1024 * 1024
const MAX_ENTRIES = 500

/** A bounded cache of thumbnail URL → data URL (null: the server had no usable image). */
export class ThumbnailCache {
  private readonly entries = new Map<string, Promise<string | null>>()

  constructor(private readonly http: HttpClient) {}

  dataUrl(url: string): Promise<string | null> {
    const cached = this.entries.get(url)
    if (cached) return cached
    const loading = this.load(url)
    this.entries.set(url, loading)
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    // A failure is not remembered: the next render tries again.
    void loading.then((value) => {
      if (value === null) this.entries.delete(url)
    })
    return loading
  }

  private async load(url: string): Promise<string | null> {
    try {
      const response = await this.http.request({
        method: 'GET',
        url,
        headers: { Accept: 'image/png, image/jpeg' },
        maxResponseBytes: MAX_BYTES
      })
      if (response.status !== 200 || !response.bytes) return null
      const type = imageType(response.bytes)
      return type ? `data:${type};base64,${response.bytes.toString('base64')}` : null
    } catch {
      return null
    }
  }
}

/** The image type by its magic bytes (the server's Content-Type is not trusted for a data: URL). */
function imageType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png'
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return null
}
