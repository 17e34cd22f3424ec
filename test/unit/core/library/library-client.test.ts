import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import { libraryFixture, type LibraryFixture } from './library-fixture'

let fx: LibraryFixture

describe('the library client against the Obico fake (demo data, user 1)', () => {
  beforeEach(async () => {
    fx = await libraryFixture({ seed: 'demo', userId: 1 })
  })
  afterEach(async () => fx.close())

  it('lists the root: its folders and only its own files (parent_folder=null), every page read', async () => {
    const listing = await fx.library.listing(fx.accountId, { folderId: null })
    expect(listing.path).toEqual([])
    expect(listing.folders.map((f) => f.name)).toEqual(['Calibration', 'My Parts'])
    expect(listing.files.map((f) => f.filename).sort()).toEqual(
      ['3DBenchy.gcode', 'My Benchy (v2).gcode', 'cable clip.gcode'].sort()
    )
    const parts = listing.folders.find((f) => f.name === 'My Parts')!
    const inside = await fx.library.listing(fx.accountId, { folderId: parts.id })
    expect(inside.path).toEqual([{ id: parts.id, name: 'My Parts' }])
    expect(inside.folders.map((f) => f.name)).toEqual(['Brackets'])
  })

  it('reads past the first page: 450 files in one folder come back whole, in the server order', async () => {
    const client = await fx.library.client(fx.accountId)
    const folder = await client.createFolder('Many', null)
    for (let i = 0; i < 450; i++) {
      // Straight into the fake's store: 450 HTTP uploads would test the fake, not the paging.
      fx.fake.store.files.push({
        ...structuredClone(fx.fake.store.files[0]),
        id: 10_000 + i,
        parent_folder_id: folder.id,
        filename: `part-${String(i).padStart(3, '0')}.gcode`,
        safe_filename: `part-${String(i).padStart(3, '0')}.gcode`,
        created_at: Date.now() + i
      })
    }
    const files = await client.listFiles(folder.id, { sorting: 'filename_asc' })
    expect(files).toHaveLength(450)
    expect(files[0].filename).toBe('part-000.gcode')
    expect(files[449].filename).toBe('part-449.gcode')
  })

  it('searches with q (safe_filename) and sorts on the server', async () => {
    const found = await fx.library.listing(fx.accountId, { folderId: null, search: 'Benchy_' })
    expect(found.files.map((f) => f.filename)).toEqual(['My Benchy (v2).gcode'])
    const asc = await fx.library.listing(fx.accountId, { folderId: null, sorting: 'filename_asc' })
    const desc = await fx.library.listing(fx.accountId, {
      folderId: null,
      sorting: 'filename_desc'
    })
    expect(asc.files.map((f) => f.filename)[0]).toBe('3DBenchy.gcode')
    expect(desc.files.map((f) => f.filename)).toEqual(asc.files.map((f) => f.filename).reverse())
  })

  it('refuses a duplicate folder name before the server sees it, including names equal after sanitising', async () => {
    const requestsBefore = fx.fake.store.folders.length
    await expect(fx.library.createFolder(fx.accountId, 'Calibration', null)).rejects.toMatchObject({
      code: 'library/name-taken',
      message: expect.stringContaining('already a folder named “Calibration”')
    })
    await expect(fx.library.createFolder(fx.accountId, 'My_Parts', null)).rejects.toMatchObject({
      code: 'library/name-taken',
      message: expect.stringContaining('“My Parts”')
    })
    expect(fx.fake.store.folders.length).toBe(requestsBefore)
    // The same name in another parent is fine.
    const parts = (await fx.library.folders(fx.accountId, null)).find((f) => f.name === 'My Parts')!
    const made = await fx.library.createFolder(fx.accountId, 'Calibration', parts.id)
    expect(made).toMatchObject({ name: 'Calibration', parentId: parts.id })
  })

  it('renames and moves folders, refusing a clash and a move into its own sub-folder', async () => {
    const root = await fx.library.folders(fx.accountId, null)
    const cal = root.find((f) => f.name === 'Calibration')!
    const parts = root.find((f) => f.name === 'My Parts')!
    await expect(fx.library.renameFolder(fx.accountId, cal.id, 'My Parts')).rejects.toMatchObject({
      code: 'library/name-taken'
    })
    const renamed = await fx.library.renameFolder(fx.accountId, cal.id, 'Tuning')
    expect(renamed.name).toBe('Tuning')
    const brackets = (await fx.library.folders(fx.accountId, parts.id))[0]
    await expect(
      fx.library.moveFolders(fx.accountId, [parts.id], brackets.id)
    ).rejects.toMatchObject({
      code: 'ipc/invalid-arguments',
      message: expect.stringContaining('cannot go inside itself')
    })
    await fx.library.moveFolders(fx.accountId, [cal.id], parts.id)
    expect((await fx.library.folders(fx.accountId, parts.id)).map((f) => f.name).sort()).toEqual([
      'Brackets',
      'Tuning'
    ])
  })

  it('counts what a folder delete takes at every depth, then deletes it all', async () => {
    const parts = (await fx.library.folders(fx.accountId, null)).find((f) => f.name === 'My Parts')!
    expect(await fx.library.folderContents(fx.accountId, parts.id)).toEqual({
      files: 1,
      folders: 1
    })
    await fx.library.deleteFolders(fx.accountId, [parts.id])
    expect((await fx.library.folders(fx.accountId, null)).map((f) => f.name)).toEqual([
      'Calibration'
    ])
  })

  it('renames, moves and deletes files (bulk too)', async () => {
    const { files, folders } = await fx.library.listing(fx.accountId, { folderId: null })
    const benchy = files.find((f) => f.filename === '3DBenchy.gcode')!
    const renamed = await fx.library.renameFile(fx.accountId, benchy.id, 'Benchy final.gcode')
    expect(renamed).toMatchObject({
      filename: 'Benchy final.gcode',
      safeFilename: 'Benchy_final.gcode'
    })
    const cal = folders.find((f) => f.name === 'Calibration')!
    await fx.library.moveFiles(fx.accountId, [benchy.id], cal.id)
    const inCal = await fx.library.listing(fx.accountId, { folderId: cal.id })
    expect(inCal.files.map((f) => f.filename)).toContain('Benchy final.gcode')
    await fx.library.deleteFiles(
      fx.accountId,
      inCal.files.map((f) => f.id)
    )
    expect((await fx.library.listing(fx.accountId, { folderId: cal.id })).files).toEqual([])
  })

  it('a file deleted meanwhile is "no longer on the server", in words', async () => {
    await expect(fx.library.renameFile(fx.accountId, 99999, 'x.gcode')).rejects.toMatchObject({
      code: 'library/not-found',
      message: expect.stringMatching(/no longer on the server/)
    })
  })

  it('downloads a file to disk through a temp file renamed into place', async () => {
    const { files } = await fx.library.listing(fx.accountId, { folderId: null })
    const benchy = files.find((f) => f.filename === '3DBenchy.gcode')!
    const target = join(fx.dir, 'benchy.gcode')
    const seen: number[] = []
    const { bytes } = await fx.library.download(fx.accountId, benchy.id, target, {
      onProgress: (received) => seen.push(received)
    })
    expect(bytes).toBe(benchy.sizeBytes)
    expect(readFileSync(target).length).toBe(benchy.sizeBytes)
    expect(seen.at(-1)).toBe(benchy.sizeBytes)
    expect(readdirSync(fx.dir).filter((name) => name.endsWith('.part'))).toEqual([])
  })

  it('a download cut mid-body leaves neither the file nor a temp file', async () => {
    const { files } = await fx.library.listing(fx.accountId, { folderId: null })
    const benchy = files.find((f) => f.filename === '3DBenchy.gcode')!
    fx.fake.server.faults.add({
      path: /^\/media\//,
      fault: { kind: 'reset-response', afterBytes: 10 },
      times: 1
    })
    const target = join(fx.dir, 'cut.gcode')
    const error = await fx.library
      .download(fx.accountId, benchy.id, target)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(fx.dir)).toEqual([])
  })

  it('prints a library file on an idle printer, and refuses a busy one with the reason', async () => {
    const printers = await fx.library.printers(fx.accountId)
    const voron = printers.find((p) => p.name === 'Voron 2.4')!
    const prusa = printers.find((p) => p.name === 'Prusa MK3S')!
    expect(voron.printable).toBe(true)
    expect(prusa).toMatchObject({ printable: false, reason: expect.stringMatching(/busy/) })
    const { files } = await fx.library.listing(fx.accountId, { folderId: null })
    const clip = files.find((f) => f.filename === 'cable clip.gcode')!
    await expect(fx.library.print(fx.accountId, prusa.id, clip.id)).rejects.toMatchObject({
      code: 'library/cannot-print'
    })
    const outcome = await fx.library.print(fx.accountId, voron.id, clip.id)
    expect(outcome).toMatch(/Sent “cable clip.gcode” to Voron 2.4/)
    expect(fx.fake.printers.get(voron.id)?.current_print_id).not.toBeNull()
  })
})
