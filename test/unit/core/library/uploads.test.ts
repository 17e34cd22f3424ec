import { createHash } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { UploadItem } from '../../../../src/shared/models/library'
import { libraryFixture, type LibraryFixture } from './library-fixture'

let fx: LibraryFixture | undefined

afterEach(async () => {
  await fx?.close()
  fx = undefined
})

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** The files the server lists in a folder (null: root), as the user would see them. */
async function listed(f: LibraryFixture, folderId: number | null = null) {
  return (await f.library.listing(f.accountId, { folderId })).files
}

describe('the upload queue against the Obico fake', () => {
  it('uploads a file, reports progress with speed and time left, and confirms it by listing it back', async () => {
    fx = await libraryFixture()
    const path = fx.gcode('part.gcode', 3 * 1024 * 1024)
    const states: UploadItem[] = []
    fx.library.uploads.onDidChange((s) => states.push(...s.value))
    const item = await fx.library.enqueueUpload({
      accountId: fx.accountId,
      path,
      filename: 'part.gcode',
      targetFolderId: null
    })
    const done = await fx.library.uploads.waitFor(item.id)
    expect(done).toMatchObject({
      state: 'done',
      sizeBytes: 3 * 1024 * 1024,
      sentBytes: 3 * 1024 * 1024,
      problem: null
    })
    const files = await listed(fx)
    expect(files).toEqual([
      expect.objectContaining({
        id: done.fileId,
        filename: 'part.gcode',
        sizeBytes: 3 * 1024 * 1024
      })
    ])
    const sending = states.filter((s) => s.state === 'uploading')
    expect(sending.length).toBeGreaterThan(0)
    // Progress only grows, and never passes the size.
    const sent = states
      .filter((s) => s.state === 'uploading' || s.state === 'confirming')
      .map((s) => s.sentBytes)
    expect(sent).toEqual([...sent].sort((a, b) => a - b))
    expect(Math.max(...sent)).toBe(3 * 1024 * 1024)
    expect(states.map((s) => s.state)).toEqual(
      expect.arrayContaining(['queued', 'checking', 'confirming', 'done'])
    )
  })

  it('runs uploads to one server one at a time, in order', async () => {
    fx = await libraryFixture()
    const paths = ['a', 'b', 'c'].map((n) => fx!.gcode(`${n}.gcode`, 256 * 1024))
    let running = 0
    let most = 0
    fx.library.uploads.onDidChange((s) => {
      running = s.value.filter((i) =>
        ['checking', 'uploading', 'confirming'].includes(i.state)
      ).length
      most = Math.max(most, running)
    })
    const items = await Promise.all(
      paths.map((path, i) =>
        fx!.library.enqueueUpload({
          accountId: fx!.accountId,
          path,
          filename: `${'abc'[i]}.gcode`,
          targetFolderId: null
        })
      )
    )
    const results = await Promise.all(items.map((i) => fx!.library.uploads.waitFor(i.id)))
    expect(results.map((r) => r.state)).toEqual(['done', 'done', 'done'])
    expect(most).toBe(1)
    expect(results[0].fileId! < results[1].fileId! && results[1].fileId! < results[2].fileId!).toBe(
      true
    )
  })

  it('a file over the plan limit is refused before sending, saying the plan and the limit', async () => {
    fx = await libraryFixture({ seed: 'demo', userId: 2 }) // the free demo user: 50 MB
    const path = join(fx.dir, 'big.gcode')
    // A sparse-free way to a 51 MiB text file: repeat one line.
    writeFileSync(path, ';FLAVOR:Marlin\n' + 'G1 X1 Y1\n'.repeat(Math.ceil((51 * 1024 * 1024) / 9)))
    const before = fx.fake.store.files.length
    const item = await fx.library.enqueueUpload({
      accountId: fx.accountId,
      path,
      filename: 'big.gcode',
      targetFolderId: null
    })
    const done = await fx.library.uploads.waitFor(item.id)
    expect(done.state).toBe('failed')
    expect(done.problem).toMatchObject({
      code: 'library/too-large',
      message: expect.stringMatching(/free plan.*50 MB/)
    })
    expect(done.sentBytes).toBe(0)
    expect(fx.fake.store.files.length).toBe(before)
  })

  it('the server’s own 413 (plan smaller than Printdock knew) and a proxy’s 413 get different words', async () => {
    fx = await libraryFixture()
    const path = fx.gcode('mid.gcode', 64 * 1024)
    fx.fake.overrideUploadLimit(fx.fake.users[0].id, 1024)
    const own = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'mid.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(own.problem).toMatchObject({
      code: 'library/too-large',
      message: expect.stringMatching(/larger than your Obico plan/)
    })
    fx.fake.overrideUploadLimit(fx.fake.users[0].id, null)
    fx.fake.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: {
        kind: 'status',
        status: 413,
        body: '<html><body><h1>413 Request Entity Too Large</h1><hr><center>nginx</center></body></html>'
      },
      times: 1
    })
    const proxy = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'mid.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(proxy.problem).toMatchObject({
      code: 'library/rejected-by-proxy',
      message: expect.stringMatching(/proxy.*client_max_body_size/)
    })
    expect(await listed(fx)).toEqual([])
  })

  it('binary G-code and other binary files are refused before sending, each in its own words', async () => {
    fx = await libraryFixture()
    const bgcode = join(fx.dir, 'part.bgcode')
    writeFileSync(
      bgcode,
      Buffer.concat([Buffer.from('GCDE'), Buffer.from([1, 0, 0, 0, 0, 0]), Buffer.alloc(100, 7)])
    )
    const png = join(fx.dir, 'photo.gcode')
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))
    const a = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path: bgcode,
          filename: 'part.bgcode',
          targetFolderId: null
        })
      ).id
    )
    const b = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path: png,
          filename: 'photo.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(a.problem).toMatchObject({
      code: 'library/not-gcode',
      message: expect.stringMatching(/binary G-code \(\.bgcode\)/)
    })
    expect(b.problem).toMatchObject({
      code: 'library/not-gcode',
      message: expect.stringMatching(/not a text G-code file/)
    })
    expect(fx.fake.store.files).toHaveLength(0)
  })

  it('cancel while sending: the upload ends cancelled and the server keeps no file', async () => {
    fx = await libraryFixture()
    const path = fx.gcode('slow.gcode', 2 * 1024 * 1024)
    fx.fake.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'slow-reader', bytesPerSecond: 256 * 1024 },
      times: 1
    })
    const item = await fx.library.enqueueUpload({
      accountId: fx.accountId,
      path,
      filename: 'slow.gcode',
      targetFolderId: null
    })
    await new Promise<void>((resolve) => {
      const sub = fx!.library.uploads.onDidChange((s) => {
        const now = s.value.find((i) => i.id === item.id)
        if (now && now.sentBytes > 256 * 1024) {
          sub.dispose()
          resolve()
        }
      })
    })
    expect(fx.library.uploads.cancel(item.id)).toBe(true)
    const done = await fx.library.uploads.waitFor(item.id)
    expect(done.state).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 200))
    expect(await listed(fx)).toEqual([])
    expect(fx.fake.store.files.filter((f) => f.deleted === null)).toHaveLength(0)
  })

  it('cancel while waiting: it never starts; retry sends it again from the start', async () => {
    fx = await libraryFixture()
    const first = fx.gcode('first.gcode', 512 * 1024)
    const second = fx.gcode('second.gcode', 1024)
    fx.fake.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'latency', ms: 300 },
      times: 1
    })
    const a = await fx.library.enqueueUpload({
      accountId: fx.accountId,
      path: first,
      filename: 'first.gcode',
      targetFolderId: null
    })
    const b = await fx.library.enqueueUpload({
      accountId: fx.accountId,
      path: second,
      filename: 'second.gcode',
      targetFolderId: null
    })
    expect(fx.library.uploads.cancel(b.id)).toBe(true)
    expect((await fx.library.uploads.waitFor(b.id)).state).toBe('cancelled')
    expect((await fx.library.uploads.waitFor(a.id)).state).toBe('done')
    expect((await listed(fx)).map((f) => f.filename)).toEqual(['first.gcode'])
    fx.library.uploads.retry(b.id)
    const again = await fx.library.uploads.waitFor(b.id)
    expect(again).toMatchObject({ state: 'done', problem: null })
    expect((await listed(fx)).map((f) => f.filename).sort()).toEqual([
      'first.gcode',
      'second.gcode'
    ])
  })

  it('a dropped folder keeps its structure: folders are created (or reused) under the target', async () => {
    fx = await libraryFixture()
    const a = fx.gcode('a.gcode', 1000)
    const b = fx.gcode('b.gcode', 1000)
    const ids = [
      await fx.library.enqueueUpload({
        accountId: fx.accountId,
        path: a,
        filename: 'a.gcode',
        targetFolderId: null,
        folderPath: ['Drop', 'Sub']
      }),
      await fx.library.enqueueUpload({
        accountId: fx.accountId,
        path: b,
        filename: 'b.gcode',
        targetFolderId: null,
        folderPath: ['Drop']
      })
    ]
    for (const item of ids) expect((await fx.library.uploads.waitFor(item.id)).state).toBe('done')
    const root = await fx.library.listing(fx.accountId, { folderId: null })
    expect(root.folders.map((f) => f.name)).toEqual(['Drop'])
    const drop = await fx.library.listing(fx.accountId, { folderId: root.folders[0].id })
    expect(drop.folders.map((f) => f.name)).toEqual(['Sub'])
    expect(drop.files.map((f) => f.filename)).toEqual(['b.gcode'])
    expect((await listed(fx, drop.folders[0].id)).map((f) => f.filename)).toEqual(['a.gcode'])
  })

  it('20 connection resets at random offsets: no partial file is ever listed, the local file is unchanged, a retry completes', async () => {
    fx = await libraryFixture({ deps: { uploadAttempts: 1 } })
    const size = 1024 * 1024
    const path = fx.gcode('reset.gcode', size)
    const checksum = sha(path)
    for (let round = 0; round < 20; round++) {
      // Anywhere from the multipart head to the last bytes of the file.
      const offset = 100 + Math.floor(Math.random() * (size - 200))
      fx.fake.server.faults.add({
        method: 'POST',
        path: '/api/v1/g_code_files/',
        fault: { kind: 'reset-request', afterBytes: offset },
        times: 1
      })
      const item = await fx.library.enqueueUpload({
        accountId: fx.accountId,
        path,
        filename: 'reset.gcode',
        targetFolderId: null
      })
      const done = await fx.library.uploads.waitFor(item.id)
      expect(done.state, `round ${round} at ${offset}`).toBe('failed')
      expect(done.problem).toMatchObject({
        code: 'network/offline',
        retryable: true,
        message: expect.stringMatching(/connection dropped/)
      })
      const files = await listed(fx)
      expect(
        files.filter((f) => f.sizeBytes !== size),
        `round ${round}`
      ).toEqual([])
      expect(files).toEqual([])
    }
    expect(sha(path)).toBe(checksum)
    const ok = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'reset.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(ok.state).toBe('done')
    expect(await listed(fx)).toEqual([
      expect.objectContaining({ filename: 'reset.gcode', sizeBytes: size })
    ])
    expect(sha(path)).toBe(checksum)
  }, 120_000)

  it('a reset is retried once by itself when allowed (the default)', async () => {
    fx = await libraryFixture()
    const path = fx.gcode('once.gcode', 300 * 1024)
    fx.fake.server.faults.add({
      method: 'POST',
      path: '/api/v1/g_code_files/',
      fault: { kind: 'reset-request', afterBytes: 50_000 },
      times: 1
    })
    const done = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'once.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(done.state).toBe('done')
    expect(await listed(fx)).toHaveLength(1)
  })

  it('a server that keeps a short copy: the copy is deleted and the upload is not counted as done', async () => {
    fx = await libraryFixture({ deps: { uploadAttempts: 1 } })
    const path = fx.gcode('short.gcode', 100 * 1024)
    // The fake stores what it got; a truncating proxy would have stored less: shrink the record.
    const files = fx.fake.store.files
    const push = files.push.bind(files)
    files.push = (...records) => push(...records.map((r) => ({ ...r, num_bytes: 1000 })))
    const done = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'short.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(done.problem).toMatchObject({
      code: 'library/unconfirmed',
      message: expect.stringMatching(/incomplete copy was removed/)
    })
    expect(await listed(fx)).toEqual([])
  })

  it('upload then print: the print starts on the chosen idle printer', async () => {
    fx = await libraryFixture({ seed: 'demo', userId: 1 })
    const path = fx.gcode('printme.gcode', 4096)
    const voron = (await fx.library.printers(fx.accountId)).find((p) => p.name === 'Voron 2.4')!
    const done = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'printme.gcode',
          targetFolderId: null,
          printOnPrinterId: voron.id
        })
      ).id
    )
    expect(done).toMatchObject({
      state: 'done',
      printOutcome: expect.stringMatching(/Sent “printme.gcode” to Voron 2.4/)
    })
    const printId = fx.fake.printers.get(voron.id)?.current_print_id
    expect(fx.fake.store.prints.find((p) => p.id === printId)?.filename).toBe('printme.gcode')
  })

  it('streams from disk: an 80 MB upload grows this process (client and fake together) by far less than the file', async () => {
    fx = await libraryFixture()
    const path = join(fx.dir, 'large.gcode')
    writeFileSync(
      path,
      ';FLAVOR:Marlin\n' + 'G1 X10.5 Y20.25 E0.0314\n'.repeat(Math.ceil((80 * 1024 * 1024) / 25))
    )
    const size = statSync(path).size
    ;(globalThis as { gc?: () => void }).gc?.()
    await new Promise((r) => setTimeout(r, 100))
    const used = () => {
      const m = process.memoryUsage()
      return m.heapUsed + m.arrayBuffers
    }
    const baseline = used()
    let peak = baseline
    const timer = setInterval(() => (peak = Math.max(peak, used())), 10)
    const done = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'large.gcode',
          targetFolderId: null
        })
      ).id
    )
    clearInterval(timer)
    expect(done.state).toBe('done')
    expect(done.sizeBytes).toBe(size)
    expect(peak - baseline).toBeLessThan(32 * 1024 * 1024)
  }, 60_000)

  it('a file uploaded from here shows the thumbnail read from it until the server has one', async () => {
    fx = await libraryFixture()
    const path = join(
      __dirname,
      '../../../fixtures/gcode/prusaslicer-2.6.0_mini-cube_png-thumbs.gcode'
    )
    const done = await fx.library.uploads.waitFor(
      (
        await fx.library.enqueueUpload({
          accountId: fx.accountId,
          path,
          filename: 'cube.gcode',
          targetFolderId: null
        })
      ).id
    )
    expect(done.state).toBe('done')
    const thumb = await fx.library.thumbnail(fx.accountId, done.fileId!)
    expect(thumb).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
    // A file this app did not upload, whose server record lists no thumbnail: none.
    expect(await fx.library.thumbnail(fx.accountId, done.fileId! + 1000)).toBeNull()
  })
})
