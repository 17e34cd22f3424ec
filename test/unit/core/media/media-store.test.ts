import { existsSync, readdirSync, type WriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MediaStore, type MediaAnswer } from '../../../../src/main/core/media/media-store'

/**
 * The one media responder (Electron's app scheme and the harness both call it), the token rules
 * and the bounded whole-file cache, on real temp files.
 */
let parentDir: string
let now: number
let store: MediaStore

beforeEach(async () => {
  parentDir = await mkdtemp(join(tmpdir(), 'printdock-media-test-'))
  now = 1_000_000
  store = new MediaStore({ now: () => now, parentDir, maxEntries: 2, maxBytes: 1000 })
})
afterEach(async () => {
  store.dispose()
  await rm(parentDir, { recursive: true, force: true })
})

const DIGITS = '0123456789'.repeat(10) // 100 bytes

/** A fill that writes `body` into the cache's file. */
const writes =
  (body: string) =>
  async (file: WriteStream): Promise<void> => {
    await new Promise<void>((resolve, reject) =>
      file.write(body, (error) => (error ? reject(error) : resolve()))
    )
  }

async function bodyOf(answer: MediaAnswer): Promise<string> {
  return answer.body ? text(answer.body()) : ''
}

const get = (path: string, range?: string) => store.respond({ method: 'GET', path, range })

describe('media responder', () => {
  it('answers 200 with the whole file, and the headers a <video> needs', async () => {
    const path = await store.openVideo('a', writes(DIGITS))
    expect(path).toMatch(/^\/__media\/video\/[\w-]{32}$/)
    const answer = get(path)
    expect(answer.status).toBe(200)
    expect(answer.headers).toMatchObject({
      'Content-Type': 'video/mp4',
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': '100'
    })
    expect(answer.headers['Content-Range']).toBeUndefined()
    expect(await bodyOf(answer)).toBe(DIGITS)
  })

  it('answers 206 with Content-Range for one range, suffix ranges included', async () => {
    const path = await store.openVideo('a', writes(DIGITS))
    const part = get(path, 'bytes=10-19')
    expect(part.status).toBe(206)
    expect(part.headers['Content-Range']).toBe('bytes 10-19/100')
    expect(part.headers['Content-Length']).toBe('10')
    expect(await bodyOf(part)).toBe('0123456789')
    const tail = get(path, 'bytes=-3')
    expect(tail.headers['Content-Range']).toBe('bytes 97-99/100')
    expect(await bodyOf(tail)).toBe('789')
    const open = get(path, 'bytes=95-')
    expect(await bodyOf(open)).toBe('56789')
  })

  it('answers 416 with the size for a range it cannot give', async () => {
    const path = await store.openVideo('a', writes(DIGITS))
    for (const range of ['bytes=100-', 'bytes=50-10', 'bytes=x-']) {
      const answer = get(path, range)
      expect(answer.status, range).toBe(416)
      expect(answer.headers['Content-Range']).toBe('bytes */100')
    }
  })

  it('answers 404 for unknown tokens and paths, 405 for other methods, HEAD without a body', async () => {
    const path = await store.openVideo('a', writes(DIGITS))
    const token = path.split('/').pop()!
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    for (const other of [
      `/__media/video/${forged}`,
      '/__media/video/',
      `/__media/audio/${token}`,
      `/__media/video/${token}/x`,
      `/__media/video/../video/${token}`
    ]) {
      expect(get(other).status, other).toBe(404)
    }
    expect(store.respond({ method: 'POST', path }).status).toBe(405)
    const head = store.respond({ method: 'HEAD', path })
    expect(head.status).toBe(200)
    expect(head.headers['Content-Length']).toBe('100')
    expect(head.body).toBeUndefined()
  })
})

describe('media tokens', () => {
  it('live while used, and expire after 30 minutes without a request', async () => {
    const path = await store.openVideo('a', writes(DIGITS))
    now += 29 * 60_000
    expect(get(path).status).toBe(200)
    // The request above counted as use: another 29 minutes are fine.
    now += 29 * 60_000
    expect(get(path).status).toBe(200)
    now += 30 * 60_000
    expect(get(path).status).toBe(404)
    // The file is still cached: opening it again gives a new token, without fetching again.
    let fetched = 0
    const again = await store.openVideo('a', async (file) => {
      fetched++
      await writes(DIGITS)(file)
    })
    expect(fetched).toBe(0)
    expect(again).not.toBe(path)
    expect(get(again).status).toBe(200)
  })

  it('are unguessable: every open gives a different one', async () => {
    const paths = new Set<string>()
    for (let i = 0; i < 20; i++) paths.add(await store.openVideo('a', writes(DIGITS)))
    expect(paths.size).toBe(20)
  })
})

describe('media cache', () => {
  const files = () =>
    readdirSync(parentDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.media')
    )

  it('keeps two videos, evicting the least recently used: its token then answers 404', async () => {
    const a = await store.openVideo('a', writes(DIGITS))
    const b = await store.openVideo('b', writes(DIGITS))
    // Using a makes b the least recently used.
    expect(get(a).status).toBe(200)
    const c = await store.openVideo('c', writes(DIGITS))
    expect(store.cache.keys()).toEqual(['a', 'c'])
    expect(get(b).status).toBe(404)
    expect(get(a).status).toBe(200)
    expect(get(c).status).toBe(200)
    await expect.poll(() => files().length).toBe(2)
  })

  it('keeps the total under its byte bound, but always the newest file', async () => {
    await store.openVideo('a', writes('x'.repeat(600)))
    await store.openVideo('b', writes('y'.repeat(600)))
    expect(store.cache.keys()).toEqual(['b'])
    expect(store.cache.bytes).toBe(600)
  })

  it('shares one fetch between two opens of the same video at once', async () => {
    let fetched = 0
    const fill = async (file: WriteStream) => {
      fetched++
      await new Promise((resolve) => setTimeout(resolve, 20))
      await writes(DIGITS)(file)
    }
    const [one, two] = await Promise.all([store.openVideo('a', fill), store.openVideo('a', fill)])
    expect(fetched).toBe(1)
    expect(one).not.toBe(two)
  })

  it('leaves nothing behind when the fetch or the check fails, and tries again next time', async () => {
    await expect(
      store.openVideo('a', async (file) => {
        await writes('partial')(file)
        throw new Error('connection lost')
      })
    ).rejects.toThrow('connection lost')
    await expect(
      store.openVideo('a', writes('<html>'), () => {
        throw new Error('not a video')
      })
    ).rejects.toThrow('not a video')
    expect(store.cache.keys()).toEqual([])
    expect(files()).toEqual([])
    expect(get(await store.openVideo('a', writes(DIGITS))).status).toBe(200)
  })

  it('removes its folder on dispose', async () => {
    await store.openVideo('a', writes(DIGITS))
    const folders = readdirSync(parentDir)
    expect(folders).toHaveLength(1)
    store.dispose()
    expect(existsSync(join(parentDir, folders[0]))).toBe(false)
    await expect(store.openVideo('b', writes(DIGITS))).rejects.toThrow()
  })
})
