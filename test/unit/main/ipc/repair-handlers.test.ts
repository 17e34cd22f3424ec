/**
 * The mesh and repair channels through the real dispatcher and composition: files resolve only
 * for the window that registered them, arguments are validated, the preview crosses as bytes, and
 * the Repair screen learns when no Makeprintable account is linked.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeMeshPreview } from '../../../../src/shared/mesh-preview'
import type { MeshInspectResult, RepairStatus } from '../../../../src/shared/ipc/contract'
import type { RegisteredFile } from '../../../../src/shared/models/files'
import { testComposeDeps } from '../test-compose-deps'
import { composeServices, type Services } from '../../../../src/main/compose-services'
import { nullLogger } from '../../../../src/main/core/logger'
import { dispatchInvoke } from '../../../../src/main/ipc/dispatch'

const MESHES = join(import.meta.dirname, '../../../fixtures/meshes')
const OP = '6a0f4c1e-3b2d-4e8f-9a7b-1c2d3e4f5a60'
let dir: string
let services: Services

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pd-repair-handlers-'))
  services = await composeServices(testComposeDeps(join(dir, 'data')))
})
afterEach(async () => {
  await services.dispose()
  rmSync(dir, { recursive: true, force: true })
})

function call(channel: string, args: unknown[], callerId = 'w1') {
  return dispatchInvoke(services.handlers, channel, args, nullLogger, { callerId })
}

async function registered(name: string, callerId = 'w1'): Promise<string> {
  const path = join(dir, name)
  copyFileSync(join(MESHES, name), path)
  const result = await call('files:register-path', [path], callerId)
  if (!result.ok) throw new Error(result.error.message)
  return (result.value as RegisteredFile).fileRef
}

describe('mesh:* and repair:* handlers', () => {
  it('mesh:inspect answers the report and the preview as an ArrayBuffer', async () => {
    const fileRef = await registered('broken_block_flipped-facet_ascii.stl')
    const result = await call('mesh:inspect', [OP, fileRef])
    expect(result.ok).toBe(true)
    const { inspection, previews } = (result as { value: MeshInspectResult }).value
    expect(inspection.entries[0]!.report.inconsistentFaces).toBe(1)
    expect(previews[0]).toBeInstanceOf(ArrayBuffer)
    expect(decodeMeshPreview(previews[0]!).problemKinds.length).toBe(3)
  })

  it('a file registered by one window cannot be checked or repaired by another', async () => {
    const fileRef = await registered('20mm-box_ascii.stl', 'w1')
    const inspect = await call('mesh:inspect', [OP, fileRef], 'w2')
    expect(inspect).toMatchObject({ ok: false, error: { code: 'files/unreadable' } })
    const start = await call(
      'repair:start',
      [OP, { fileRef, options: { printQuality: 'standard' } }],
      'w2'
    )
    expect(start).toMatchObject({ ok: false, error: { code: 'files/unreadable' } })
  })

  it('validates repair options and operation ids', async () => {
    const fileRef = await registered('20mm-box_ascii.stl')
    for (const bad of [
      [OP, { fileRef, options: { printQuality: 'ultra' } }],
      [OP, { fileRef, options: { printQuality: 'high', preOptimize: 120 } }],
      [OP, { fileRef, options: { printQuality: 'high' }, path: '/etc/passwd' }],
      ['not-a-uuid', { fileRef, options: { printQuality: 'high' } }]
    ]) {
      expect(await call('repair:start', bad)).toMatchObject({
        ok: false,
        error: { code: 'ipc/invalid-arguments' }
      })
    }
  })

  it('repair:status says how to link when no Makeprintable account is linked', async () => {
    const result = await call('repair:status', [])
    const status = (result as { value: RepairStatus }).value
    expect(status.linked).toBe(false)
    expect(status.problem).toContain('Link one on the Accounts screen')
  })

  it('repair:watch gives a lease and the jobs snapshot', async () => {
    const result = await call('repair:watch', [])
    expect(result).toMatchObject({ ok: true, value: { snapshot: { value: [] } } })
    expect(services.leases.holders('repair')).toEqual(['w1'])
  })
})
