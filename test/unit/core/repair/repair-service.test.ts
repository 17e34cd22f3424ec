/**
 * The repair round trip against the Makeprintable fake over real HTTP: upload with progress, the
 * fix with its options, polling, download beside the original, the health check of the result,
 * the error paths, and a restart in the middle of a job.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RepairJobView } from '../../../../src/shared/models/repair'
import { systemClock } from '../../../../src/main/core/clock'
import { createCore, type Core } from '../../../../src/main/core/create-core'
import { nullLogger } from '../../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import { startMakeprintableFake, type MakeprintableFake } from '../../../fakes/makeprintable'

const MESHES = join(import.meta.dirname, '../../../fixtures/meshes')
const FAST_POLLING = { initialMs: 20, factor: 1.5, maxMs: 80, maxFailures: 8 }
const IDS = [
  '0b6e3f9a-5a57-4a2b-9f0e-2f9a6c1d7e01',
  '0b6e3f9a-5a57-4a2b-9f0e-2f9a6c1d7e02',
  '0b6e3f9a-5a57-4a2b-9f0e-2f9a6c1d7e03'
]

let fake: MakeprintableFake
let dir: string
let vault: InMemoryTokenVault
const cores: Core[] = []

async function core(): Promise<Core> {
  const built = await createCore({
    dataDir: join(dir, 'data'),
    vault: { vault },
    browser: { open: async () => {} },
    clock: systemClock,
    logger: nullLogger,
    env: {},
    customSchemeAvailable: false,
    resumeRepairs: true,
    repairPolling: FAST_POLLING
  })
  cores.push(built)
  return built
}

async function link(c: Core): Promise<void> {
  await c.accountService.linkWithSecret({
    profileKey: 'makeprintable',
    serverUrl: fake.baseUrl,
    kind: 'api-key',
    secret: fake.user.apiKey
  })
}

function model(name: string, as = name): string {
  const path = join(dir, as)
  copyFileSync(join(MESHES, name), path)
  return path
}

/** Waits until a job reaches a phase, advancing the fake's clock so the fix moves along. */
async function until(
  c: Core,
  operationId: string,
  test: (view: RepairJobView) => boolean
): Promise<RepairJobView> {
  for (let i = 0; i < 400; i++) {
    const view = c.repairs.views().find((v) => v.operationId === operationId)
    if (view && test(view)) return view
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`job ${operationId} never got there: ${JSON.stringify(c.repairs.views())}`)
}

beforeEach(async () => {
  fake = await startMakeprintableFake({ seed: 'empty' })
  dir = mkdtempSync(join(tmpdir(), 'printdock-repair-'))
  vault = new InMemoryTokenVault()
})
afterEach(async () => {
  for (const c of cores.splice(0)) c.dispose()
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('repair round trip', () => {
  it('uploads with progress, fixes with the options, downloads beside the original and checks it', async () => {
    const c = await core()
    await link(c)
    const source = model('broken_conveyor_hole-degenerate_ascii.stl', 'conveyor.stl')
    const seen: RepairJobView[] = []
    c.repairs.onChange((snapshot) => seen.push(...snapshot.value))
    c.repairs.start(IDS[0]!, {
      path: source,
      fileName: 'conveyor.stl',
      options: { printQuality: 'high', wallThickness: 1.2, preOptimize: 10, postOptimize: 20 }
    })
    await until(c, IDS[0]!, (v) => v.fixId !== null)
    // The fix was created with the options as the API names them (§1.3).
    const fix = [...(await fakeFixes())][0]!
    expect(fix.options).toMatchObject({
      print_quality: 'high',
      wall_thickness: 1.2,
      pre_optimize: 10,
      post_optimize: 20
    })
    fake.clock.advance(200_000)
    const final = await c.repairs.settled(IDS[0]!)
    expect(final).toMatchObject({ phase: 'done', outputName: 'conveyor-repaired.stl', error: null })
    const phases = new Set(seen.map((v) => v.phase))
    expect([...phases]).toEqual(expect.arrayContaining(['uploading', 'downloading', 'done']))
    // Upload progress reached the whole file.
    expect(seen.some((v) => v.phase === 'uploading' && v.progress === 1)).toBe(true)
    const output = join(dir, 'conveyor-repaired.stl')
    expect(existsSync(output)).toBe(true)
    // The fake's repair closes the hole and removes the slivers: the after-check says so.
    const after = final.after!.entries[0]!.report
    expect(after).toMatchObject({ openEdges: 0, degenerateTriangles: 0, printable: true })
    // The original is untouched, and the job is no longer kept for a restart.
    expect(readFileSync(source)).toEqual(
      readFileSync(join(MESHES, 'broken_conveyor_hole-degenerate_ascii.stl'))
    )
    expect(c.settings.get('repairJobs')).toEqual([])
  })

  it('never overwrites: an existing <name>-repaired.stl makes it ask, then saves under the chosen name', async () => {
    const c = await core()
    await link(c)
    const source = model('broken_block_flipped-facet_ascii.stl', 'block.stl')
    writeFileSync(join(dir, 'block-repaired.stl'), 'mine, keep me')
    c.repairs.start(IDS[0]!, {
      path: source,
      fileName: 'block.stl',
      options: { printQuality: 'standard' }
    })
    await until(c, IDS[0]!, (v) => v.fixId !== null)
    fake.clock.advance(200_000)
    const waiting = await c.repairs.settled(IDS[0]!)
    expect(waiting).toMatchObject({
      phase: 'needs-destination',
      outputName: 'block-repaired-2.stl'
    })
    expect(readFileSync(join(dir, 'block-repaired.stl'), 'utf8')).toBe('mine, keep me')
    await expect(c.repairs.chooseDestination(IDS[0]!, 'block-repaired.stl')).rejects.toMatchObject({
      code: 'repair/file-exists'
    })
    await expect(c.repairs.chooseDestination(IDS[0]!, '../escape.stl')).rejects.toMatchObject({
      code: 'ipc/invalid-arguments'
    })
    const done = await c.repairs.chooseDestination(IDS[0]!, 'block-fixed.stl')
    expect(done).toMatchObject({ phase: 'done', outputName: 'block-fixed.stl' })
    expect(done.after!.entries[0]!.report.inconsistentFaces).toBe(0)
  })

  it('a restart in the middle of a job watches it again and saves its result', async () => {
    const first = await core()
    await link(first)
    const source = model('broken_teapot_open-zero-normals.stl', 'teapot.stl')
    first.repairs.start(IDS[1]!, {
      path: source,
      fileName: 'teapot.stl',
      options: { printQuality: 'prototype' }
    })
    const running = await until(first, IDS[1]!, (v) => v.fixId !== null)
    expect(first.settings.get('repairJobs')).toMatchObject([
      { operationId: IDS[1], fixId: running.fixId, fileName: 'teapot.stl' }
    ])
    first.dispose()
    // The app is gone; the fix finishes at Makeprintable meanwhile.
    fake.clock.advance(200_000)
    const second = await core()
    expect(second.repairs.views()).toMatchObject([{ operationId: IDS[1], fixId: running.fixId }])
    const final = await second.repairs.settled(IDS[1]!)
    expect(final).toMatchObject({ phase: 'done', outputName: 'teapot-repaired.stl' })
    expect(existsSync(join(dir, 'teapot-repaired.stl'))).toBe(true)
    expect(second.settings.get('repairJobs')).toEqual([])
  })

  it('keeps polling through a short outage (retrying), then finishes', async () => {
    const c = await core()
    await link(c)
    const source = model('20mm-box_ascii.stl', 'box.stl')
    fake.server.faults.add({
      method: 'GET',
      path: /^\/v1\/fixes\/\d+$/,
      fault: { kind: 'status', status: 503 },
      times: 3
    })
    c.repairs.start(IDS[0]!, {
      path: source,
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    await until(c, IDS[0]!, (v) => v.retrying)
    fake.clock.advance(200_000)
    expect(await c.repairs.settled(IDS[0]!)).toMatchObject({ phase: 'done', retrying: false })
  })

  it('lists past repairs from the API', async () => {
    const c = await core()
    await link(c)
    c.repairs.start(IDS[0]!, {
      path: model('20mm-box_ascii.stl', 'box.stl'),
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    await until(c, IDS[0]!, (v) => v.fixId !== null)
    fake.clock.advance(200_000)
    await c.repairs.settled(IDS[0]!)
    const history = await c.repairs.history()
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ name: 'box (Printdock)', status: 'done' })
    expect(history[0]!.downloads[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/downloads\//)
  })
})

describe('repair error paths', () => {
  it('no Makeprintable account: a clear message with the way to link', async () => {
    const c = await core()
    c.repairs.start(IDS[0]!, {
      path: model('20mm-box_ascii.stl'),
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    const final = await c.repairs.settled(IDS[0]!)
    expect(final.phase).toBe('failed')
    expect(final.error?.code).toBe('repair/not-linked')
    expect(final.error?.message).toContain('Accounts screen')
    await expect(c.repairs.history()).rejects.toMatchObject({ code: 'repair/not-linked' })
  })

  it('a key Makeprintable no longer accepts: the account needs re-linking', async () => {
    const c = await core()
    await link(c)
    fake.user.apiKey = 'mp_rotated'
    c.repairs.start(IDS[0]!, {
      path: model('20mm-box_ascii.stl'),
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    const final = await c.repairs.settled(IDS[0]!)
    expect(final.phase).toBe('failed')
    expect(final.error?.code).toBe('auth/needs-relink')
    expect(JSON.stringify(final)).not.toContain('mp_')
  })

  it('a file Makeprintable refuses is rejected with its reason', async () => {
    const c = await core()
    await link(c)
    const path = join(dir, 'notes.txt')
    writeFileSync(path, 'not a model')
    c.repairs.start(IDS[0]!, { path, fileName: 'notes.txt', options: { printQuality: 'standard' } })
    const final = await c.repairs.settled(IDS[0]!)
    expect(final.error?.code).toBe('repair/rejected')
    expect(final.error?.message).toContain('Only files with these extensions are allowed')
  })

  it('a fix that fails at Makeprintable says so and is not kept', async () => {
    const c = await core()
    await link(c)
    // The fake repairs STL and OBJ only: a 3MF upload is accepted, its fix fails.
    c.repairs.start(IDS[0]!, {
      path: model('cube-and-sphere_thumbnail.3mf', 'parts.3mf'),
      fileName: 'parts.3mf',
      options: { printQuality: 'standard' }
    })
    await until(c, IDS[0]!, (v) => v.fixId !== null)
    fake.clock.advance(200_000)
    const final = await c.repairs.settled(IDS[0]!)
    expect(final.phase).toBe('failed')
    expect(final.error?.code).toBe('repair/failed')
    expect(final.error?.message).toContain('STL and OBJ')
    expect(c.settings.get('repairJobs')).toEqual([])
  })

  it('a server that is down fails the upload with a network error', async () => {
    const c = await core()
    await link(c)
    fake.server.faults.add({
      method: 'POST',
      path: '/v1/items',
      fault: { kind: 'status', status: 503 }
    })
    c.repairs.start(IDS[0]!, {
      path: model('20mm-box_ascii.stl'),
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    const final = await c.repairs.settled(IDS[0]!)
    expect(final.error?.code).toBe('network/server-error')
    await fake.close()
    c.repairs.start(IDS[1]!, {
      path: model('20mm-box_ascii.stl'),
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    expect((await c.repairs.settled(IDS[1]!)).error?.code).toBe('network/offline')
    fake = await startMakeprintableFake({ seed: 'empty' })
  })

  it('cancelling stops watching and forgets the job', async () => {
    const c = await core()
    await link(c)
    c.repairs.start(IDS[0]!, {
      path: model('20mm-box_ascii.stl'),
      fileName: 'box.stl',
      options: { printQuality: 'standard' }
    })
    await until(c, IDS[0]!, (v) => v.fixId !== null)
    c.repairs.cancel(IDS[0]!)
    expect((await c.repairs.settled(IDS[0]!)).phase).toBe('cancelled')
    expect(c.settings.get('repairJobs')).toEqual([])
  })
})

/** The fake's fix records (test access to its store through the server's API is not needed). */
async function fakeFixes(): Promise<{ options: Record<string, unknown> }[]> {
  const response = await fetch(`${fake.apiBaseUrl}/fixes`, { headers: { key: fake.user.apiKey } })
  const rows = (await response.json()) as Record<string, unknown>[]
  return rows.map((row) => ({ options: row }))
}
