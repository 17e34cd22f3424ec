import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFileAccountRegistry } from '../../../../src/main/core/accounts/account-registry'
import { withFileLock } from '../../../../src/main/core/accounts/file-lock'
import { sampleRecord } from './fixtures/sample-record'

/**
 * The app and the CLI are separate processes on one accounts.json: neither may drop an account
 * the other linked, nor bring back one the other unlinked.
 */

const REPO_ROOT = resolve(__dirname, '../../../..')
const WRITER = join(__dirname, 'fixtures', 'registry-writer.ts')

let dir: string
let file: string
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'printdock-shared-registry-'))
  file = join(dir, 'accounts.json')
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const ids = async (registry: JsonFileAccountRegistry) =>
  (await registry.list()).map((record) => record.userId).sort()

/** Runs the writer fixture in its own process (`npx tsx`), like a CLI next to the app. */
function writerProcess(prefix: string, count: number): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('npx', ['tsx', WRITER, file, prefix, String(count)], {
      cwd: REPO_ROOT,
      env: process.env
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 && output.includes('done')
        ? resolveRun()
        : reject(new Error(`writer exited with ${code}: ${output}`))
    )
  })
}

describe('JsonFileAccountRegistry shared between processes', () => {
  it('an account put by one instance survives a put by another that read the file earlier', async () => {
    const app = new JsonFileAccountRegistry(file)
    const cli = new JsonFileAccountRegistry(file)
    await app.put(sampleRecord('app-1'))
    expect(await ids(cli)).toEqual(['app-1'])
    await cli.put(sampleRecord('cli-1'))
    await app.put(sampleRecord('app-2'))
    expect(await ids(new JsonFileAccountRegistry(file))).toEqual(['app-1', 'app-2', 'cli-1'])
  })

  it('a removal by one instance is not undone by the other', async () => {
    const app = new JsonFileAccountRegistry(file)
    const cli = new JsonFileAccountRegistry(file)
    await app.put(sampleRecord('1'))
    await app.put(sampleRecord('2'))
    expect(await ids(cli)).toEqual(['1', '2'])
    expect(await cli.remove(sampleRecord('1').id)).toBe(true)
    await app.put(sampleRecord('2', { state: 'unreachable', stateDetail: 'down' }))
    expect(await ids(new JsonFileAccountRegistry(file))).toEqual(['2'])
    // A removal of something the other already removed says so.
    expect(await app.remove(sampleRecord('1').id)).toBe(false)
  })

  it('reads notice a change another instance wrote', async () => {
    const app = new JsonFileAccountRegistry(file)
    const cli = new JsonFileAccountRegistry(file)
    expect(await app.list()).toEqual([])
    await cli.put(sampleRecord('from-cli'))
    expect(await ids(app)).toEqual(['from-cli'])
    await cli.remove(sampleRecord('from-cli').id)
    expect(await app.get(sampleRecord('from-cli').id)).toBeUndefined()
  })

  it('an account put by a child process survives a put here, and a removal here sticks', async () => {
    const app = new JsonFileAccountRegistry(file)
    await app.put(sampleRecord('app-0'))
    await writerProcess('child', 1)
    await app.put(sampleRecord('app-1'))
    expect(await ids(app)).toEqual(['app-0', 'app-1', 'child-0'])
    await app.remove(sampleRecord('child-0').id)
    await writerProcess('late', 1)
    expect(await ids(new JsonFileAccountRegistry(file))).toEqual(['app-0', 'app-1', 'late-0'])
  }, 60_000)

  it('concurrent puts from two processes lose nothing', async () => {
    const here = new JsonFileAccountRegistry(file)
    const childCount = 60
    let childDone = false
    const child = writerProcess('child', childCount).finally(() => (childDone = true))
    // Keep writing here for as long as the child writes, so the two really interleave.
    let n = 0
    while (!childDone) {
      await here.put(sampleRecord(`here-${n++}`))
      await new Promise((r) => setTimeout(r, 1))
    }
    await child
    const all = await ids(new JsonFileAccountRegistry(file))
    expect(all.filter((id) => id.startsWith('child-'))).toHaveLength(childCount)
    expect(all.filter((id) => id.startsWith('here-'))).toHaveLength(n)
  }, 60_000)
})

describe('withFileLock', () => {
  it('runs one holder at a time', async () => {
    const lock = join(dir, 'x.lock')
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withFileLock(lock, async () => {
          inside++
          most = Math.max(most, inside)
          await new Promise((r) => setTimeout(r, 10))
          inside--
        })
      )
    )
    expect(most).toBe(1)
    await expect(fs.stat(lock)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('takes over a lock a dead process left behind', async () => {
    const lock = join(dir, 'x.lock')
    await fs.writeFile(lock, 'dead-process\n')
    const old = new Date(Date.now() - 60_000)
    await fs.utimes(lock, old, old)
    const started = Date.now()
    expect(await withFileLock(lock, async () => 'ran', { staleMs: 10_000 })).toBe('ran')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('gives up on a live lock with plain words instead of hanging', async () => {
    const lock = join(dir, 'x.lock')
    await fs.writeFile(lock, 'someone-else\n')
    await expect(
      withFileLock(lock, async () => 'ran', { timeoutMs: 200, what: 'the list of linked accounts' })
    ).rejects.toThrow(/busy with the list of linked accounts.*Try again/)
    // Not ours: left alone.
    expect(await fs.readFile(lock, 'utf8')).toBe('someone-else\n')
  })

  it('a holder that takes longer than the stale time keeps its lock (heartbeat)', async () => {
    const lock = join(dir, 'x.lock')
    const order: string[] = []
    const first = withFileLock(
      lock,
      async () => {
        order.push('first in')
        await new Promise((r) => setTimeout(r, 400))
        order.push('first out')
      },
      { staleMs: 150 }
    )
    await new Promise((r) => setTimeout(r, 20))
    const second = withFileLock(lock, async () => void order.push('second'), { staleMs: 150 })
    await Promise.all([first, second])
    expect(order).toEqual(['first in', 'first out', 'second'])
  })
})
