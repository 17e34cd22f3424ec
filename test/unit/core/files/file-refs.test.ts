import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import { FileRefs } from '../../../../src/main/core/files/file-refs'
import { LeaseRegistry } from '../../../../src/main/core/leases'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'printdock-file-refs-'))
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

async function codeOf(work: () => unknown): Promise<string | undefined> {
  try {
    await work()
    return undefined
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError'
  }
}

describe('FileRefs', () => {
  it('resolves a reference only for the window that registered it', async () => {
    const refs = new FileRefs(new LeaseRegistry())
    const path = join(dir, 'part.stl')
    await writeFile(path, 'solid part\nendsolid part\n')
    const { fileRef } = await refs.register('w1', path)
    expect(refs.resolve('w1', fileRef)).toBe(path)
    expect(await codeOf(() => refs.resolve('w2', fileRef))).toBe('files/unreadable')
    expect(await codeOf(() => refs.resolve('w1', 'made-up'))).toBe('files/unreadable')
  })

  it('forgets a reference when its lease is released', async () => {
    const leases = new LeaseRegistry()
    const refs = new FileRefs(leases)
    const path = join(dir, 'part.gcode')
    await writeFile(path, 'G28\n')
    const { fileRef } = await refs.register('w1', path)
    expect(leases.release('w1', fileRef)).toBe(true)
    expect(await codeOf(() => refs.resolve('w1', fileRef))).toBe('files/unreadable')
  })

  it('follows a symlink to a file, and refuses one to a directory', async () => {
    const refs = new FileRefs(new LeaseRegistry())
    const target = join(dir, 'real.gcode')
    await writeFile(target, 'G28\n')
    await symlink(target, join(dir, 'link.gcode'))
    await symlink(dir, join(dir, 'folder-link'))
    expect(await refs.register('w1', join(dir, 'link.gcode'))).toMatchObject({
      name: 'link.gcode',
      sizeBytes: 4
    })
    expect(await codeOf(() => refs.register('w1', join(dir, 'folder-link')))).toBe(
      'files/not-a-file'
    )
  })

  it('refuses a device or other non-regular file', async () => {
    const refs = new FileRefs(new LeaseRegistry(), async () => ({ isFile: () => false, size: 0 }))
    expect(await codeOf(() => refs.register('w1', '/dev/zero'))).toBe('files/not-a-file')
  })
})
