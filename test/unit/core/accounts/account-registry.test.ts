import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accountIdFor,
  InMemoryAccountRegistry,
  JsonFileAccountRegistry,
  RegistryUnreadableError,
  type AccountRecord
} from '../../../../src/main/core/accounts/account-registry'

function record(userId: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  const serverOrigin = 'https://app.obico.io'
  return {
    id: accountIdFor('obico', serverOrigin, userId),
    provider: 'obico',
    profileKey: 'obico-cloud',
    serverOrigin,
    userId,
    displayName: `user${userId}@example.com`,
    identity: [{ label: 'Email', value: `user${userId}@example.com` }],
    credential: 'oauth',
    linkedAt: '2026-01-01T00:00:00.000Z',
    state: 'linked',
    clientId: 'printdock',
    ...overrides
  }
}

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'printdock-registry-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

describe('accountIdFor', () => {
  it('combines provider, origin and user id, distinct per server', () => {
    expect(accountIdFor('obico', 'https://app.obico.io', '7')).not.toBe(
      accountIdFor('obico', 'http://print-farm.local', '7')
    )
    expect(accountIdFor('obico', 'https://app.obico.io', '7')).toBe(
      accountIdFor('obico', 'https://app.obico.io', '7')
    )
  })
})

describe('InMemoryAccountRegistry', () => {
  it('puts, replaces, lists and removes copies', async () => {
    const registry = new InMemoryAccountRegistry()
    const a = record('1')
    await registry.put(a)
    a.displayName = 'mutated outside'
    expect((await registry.get(a.id))?.displayName).toBe('user1@example.com')
    await registry.put(record('1', { state: 'needs-relink', stateDetail: 'x' }))
    expect(await registry.list()).toHaveLength(1)
    expect((await registry.get(a.id))?.state).toBe('needs-relink')
    expect(await registry.remove(a.id)).toBe(true)
    expect(await registry.remove(a.id)).toBe(false)
    expect(await registry.list()).toEqual([])
  })
})

describe('JsonFileAccountRegistry', () => {
  it('starts empty without a file and persists across instances', async () => {
    const file = join(dir, 'nested', 'accounts.json')
    const first = new JsonFileAccountRegistry(file)
    expect(await first.list()).toEqual([])
    await first.put(record('1'))
    await first.put(record('2', { state: 'unreachable', stateDetail: 'down' }))
    const second = new JsonFileAccountRegistry(file)
    const ids = (await second.list()).map((r) => r.userId).sort()
    expect(ids).toEqual(['1', '2'])
    expect((await second.get(record('2').id))?.stateDetail).toBe('down')
    const onDisk = JSON.parse(await fs.readFile(file, 'utf8')) as {
      version: number
      accounts: unknown[]
    }
    expect(onDisk.version).toBe(1)
    expect(onDisk.accounts).toHaveLength(2)
  })

  it('writes through a temp file and rename, leaving no temp files behind', async () => {
    const file = join(dir, 'accounts.json')
    const registry = new JsonFileAccountRegistry(file)
    const renames: string[] = []
    const original = fs.rename
    fs.rename = (async (from: string, to: string) => {
      renames.push(`${from} -> ${to}`)
      return original(from, to)
    }) as typeof fs.rename
    try {
      await registry.put(record('1'))
    } finally {
      fs.rename = original
    }
    expect(renames).toHaveLength(1)
    expect(renames[0]).toMatch(/accounts\.json\.\d+\.[0-9a-f]+\.tmp -> .*accounts\.json$/)
    expect(await fs.readdir(dir)).toEqual(['accounts.json'])
  })

  it('keeps the old file intact when a write fails before the rename', async () => {
    const file = join(dir, 'accounts.json')
    const registry = new JsonFileAccountRegistry(file)
    await registry.put(record('1'))
    const before = await fs.readFile(file, 'utf8')
    const original = fs.rename
    fs.rename = (async () => {
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
    }) as typeof fs.rename
    try {
      await expect(registry.put(record('2'))).rejects.toThrow('disk full')
    } finally {
      fs.rename = original
    }
    expect(await fs.readFile(file, 'utf8')).toBe(before)
    expect(await fs.readdir(dir)).toEqual(['accounts.json'])
    // The failed write did not poison the in-memory view or later writes.
    expect((await registry.list()).map((r) => r.userId)).toEqual(['1'])
    await registry.put(record('3'))
    expect((await new JsonFileAccountRegistry(file).list()).map((r) => r.userId).sort()).toEqual([
      '1',
      '3'
    ])
  })

  it('serialises concurrent writes without losing any', async () => {
    const file = join(dir, 'accounts.json')
    const registry = new JsonFileAccountRegistry(file)
    await Promise.all(Array.from({ length: 20 }, (_, i) => registry.put(record(String(i)))))
    expect(await new JsonFileAccountRegistry(file).list()).toHaveLength(20)
  })

  it.each([
    ['not JSON', '{"version":1,"accounts":[{'],
    ['not an object', '[1,2]'],
    ['written by a newer version', '{"version":9,"accounts":[]}']
  ])(
    'leaves an unreadable file byte for byte and refuses to write over it (%s)',
    async (_name, content) => {
      const file = join(dir, 'accounts.json')
      await fs.writeFile(file, content)
      const registry = new JsonFileAccountRegistry(file)
      expect(await registry.list()).toEqual([])
      expect(registry.problem).toMatchObject({ kind: 'unreadable', filePath: file })
      await expect(registry.put(record('1'))).rejects.toThrow(RegistryUnreadableError)
      await expect(registry.remove('x')).rejects.toThrow(RegistryUnreadableError)
      expect(await fs.readFile(file, 'utf8')).toBe(content)
      expect(await fs.readdir(dir)).toEqual(['accounts.json'])
    }
  )

  it('says "newer version" for a file from a newer Printdock', async () => {
    const file = join(dir, 'accounts.json')
    await fs.writeFile(file, '{"version":2,"accounts":[]}')
    const registry = new JsonFileAccountRegistry(file)
    await registry.list()
    expect(registry.problem).toMatchObject({ detail: 'written by a newer version of Printdock' })
  })

  it('reports an accounts.json that is a folder in plain words', async () => {
    const file = join(dir, 'accounts.json')
    await fs.mkdir(file)
    const registry = new JsonFileAccountRegistry(file)
    expect(await registry.list()).toEqual([])
    expect(registry.problem).toEqual({
      kind: 'unreadable',
      filePath: file,
      detail: 'it is a folder, not a file'
    })
    // An AppError, so the app's link and unlink answers carry a code the page can word.
    await expect(registry.put(record('1'))).rejects.toMatchObject({
      code: 'files/unreadable',
      message: expect.stringContaining('folder, not a file')
    })
    expect((await fs.stat(file)).isDirectory()).toBe(true)
  })

  it('treats an empty file as an empty list', async () => {
    const file = join(dir, 'accounts.json')
    await fs.writeFile(file, '')
    const registry = new JsonFileAccountRegistry(file)
    expect(await registry.list()).toEqual([])
    expect(registry.problem).toBeUndefined()
    await registry.put(record('1'))
    expect((await new JsonFileAccountRegistry(file).list()).map((r) => r.userId)).toEqual(['1'])
  })

  it('skips and reports only the records it cannot use, and writes them back on save', async () => {
    const file = join(dir, 'accounts.json')
    const fromNewerVersion = { ...record('2'), id: 'printhub:https://x#2', provider: 'printhub' }
    const overLong = { ...record('3'), displayName: 'x'.repeat(600) }
    await fs.writeFile(
      file,
      JSON.stringify({ version: 1, accounts: [record('1'), fromNewerVersion, overLong] })
    )
    const registry = new JsonFileAccountRegistry(file)
    expect((await registry.list()).map((r) => r.userId)).toEqual(['1'])
    expect(registry.problem).toEqual({ kind: 'records-skipped', filePath: file, count: 2 })

    await registry.put(record('4'))
    await registry.remove(record('1').id)
    const saved = JSON.parse(await fs.readFile(file, 'utf8')) as { accounts: unknown[] }
    expect(saved.accounts).toEqual([record('4'), fromNewerVersion, overLong])
    expect(registry.problem).toMatchObject({ kind: 'records-skipped', count: 2 })
  })

  it('refuses to store a record that is not valid', async () => {
    const registry = new JsonFileAccountRegistry(join(dir, 'accounts.json'))
    await expect(registry.put({ ...record('1'), provider: 'nope' as never })).rejects.toThrow()
    expect(await registry.list()).toEqual([])
  })
})
