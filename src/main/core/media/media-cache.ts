/**
 * A small cache of whole media files in a temp folder of this process, least recently used out
 * first. Bounded by count and by bytes; the folder goes with `dispose()` (the app's quit), and
 * nothing here is ever written to settings or the data folder.
 *
 * Whole files, not byte ranges: a stock self-hosted Obico serves media without Range support, so
 * the only way to let a `<video>` seek is to hold the file here and answer its ranges ourselves.
 */
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs'
import { open, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** One cached file. */
export interface CachedMedia {
  path: string
  size: number
  contentType: string
}

export interface MediaCacheOptions {
  /** Files kept at most (default 2). */
  maxEntries?: number
  /** Bytes kept at most, all files together (default 512 MiB). */
  maxBytes?: number
  /** Where the temp folder is made (default the OS temp folder). */
  parentDir?: string
}

/** How a file is fetched: write it into `file` (a fresh, empty file), or throw. */
export type MediaFill = (file: WriteStream) => Promise<void>

/** Looks at the first bytes of a fetched file and throws when it is not what was asked for. */
export type MediaCheck = (head: Buffer) => void

/** Bytes handed to a `MediaCheck`. */
const HEAD_BYTES = 64

export const DEFAULT_MEDIA_CACHE_ENTRIES = 2
export const DEFAULT_MEDIA_CACHE_BYTES = 512 * 1024 * 1024

export class MediaCache {
  /** Insertion order is recency: the first key is the least recently used. */
  private readonly entries = new Map<string, CachedMedia>()
  private readonly filling = new Map<string, Promise<CachedMedia>>()
  private readonly maxEntries: number
  private readonly maxBytes: number
  private dir: string | undefined
  private files = 0
  private disposed = false

  constructor(private readonly options: MediaCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MEDIA_CACHE_ENTRIES
    this.maxBytes = options.maxBytes ?? DEFAULT_MEDIA_CACHE_BYTES
  }

  /** The file under `key`, marked as just used; undefined when it is not (or no longer) here. */
  get(key: string): CachedMedia | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry
  }

  /**
   * The file under `key`, fetched with `fill` when it is not here yet. Two callers asking for the
   * same key at once share one fetch. A failed fetch, or one `check` refuses, leaves nothing behind
   * and is not remembered.
   */
  async load(
    key: string,
    contentType: string,
    fill: MediaFill,
    check?: MediaCheck
  ): Promise<CachedMedia> {
    const cached = this.get(key)
    if (cached) return cached
    const running = this.filling.get(key)
    if (running) return running
    const loading = this.download(key, contentType, fill, check).finally(() =>
      this.filling.delete(key)
    )
    this.filling.set(key, loading)
    return loading
  }

  /** Bytes held now, all files together. */
  get bytes(): number {
    let total = 0
    for (const entry of this.entries.values()) total += entry.size
    return total
  }

  /** The keys held, least recently used first (for tests and logs). */
  keys(): string[] {
    return [...this.entries.keys()]
  }

  /** Removes every file and the folder; later loads fail. Synchronous, so it finishes at quit. */
  dispose(): void {
    this.disposed = true
    this.entries.clear()
    if (this.dir) rmSync(this.dir, { recursive: true, force: true })
    this.dir = undefined
  }

  private async download(
    key: string,
    contentType: string,
    fill: MediaFill,
    check: MediaCheck | undefined
  ): Promise<CachedMedia> {
    if (this.disposed) throw new Error('the media cache is closed')
    this.dir ??= mkdtempSync(join(this.options.parentDir ?? tmpdir(), 'printdock-media-'))
    const path = join(this.dir, `${++this.files}.media`)
    const file = createWriteStream(path, { flags: 'wx' })
    try {
      await fill(file)
      await closed(file)
      const { size } = await stat(path)
      const entry: CachedMedia = { path, size, contentType }
      check?.(await headOf(entry, HEAD_BYTES))
      if (this.disposed) throw new Error('the media cache is closed')
      this.entries.set(key, entry)
      this.evictBeyondBounds(key)
      return entry
    } catch (error) {
      file.destroy()
      await rm(path, { force: true }).catch(() => undefined)
      throw error
    }
  }

  /** Least recently used out first, until both bounds hold; the newest file always stays. */
  private evictBeyondBounds(newest: string): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return
      if (key === newest) continue
      this.entries.delete(key)
      // A player still reading it keeps its open handle; the name goes now.
      void rm(entry.path, { force: true }).catch(() => undefined)
    }
  }
}

/** Resolves once the stream has flushed and closed its file. */
function closed(file: WriteStream): Promise<void> {
  if (file.closed) return Promise.resolve()
  return new Promise((resolve, reject) => {
    file.once('error', reject)
    file.once('close', () => resolve())
    if (!file.writableEnded) file.end()
  })
}

/** The first bytes of a cached file (to check what it is). */
export async function headOf(media: CachedMedia, length: number): Promise<Buffer> {
  const handle = await open(media.path, 'r')
  try {
    const buffer = Buffer.alloc(Math.min(length, media.size))
    await handle.read(buffer, 0, buffer.length, 0)
    return buffer
  } finally {
    await handle.close()
  }
}
