import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * test/fixtures/SOURCES.md promises byte-for-byte copies of public files, with their SHA-256.
 * A fixture edited by hand (or rewritten by a line-ending conversion) would quietly test
 * something other than what a user's file looks like, so the hashes are checked, and every
 * fixture must have its entry.
 */
const FIXTURES = join(process.cwd(), 'test/fixtures')
const sources = readFileSync(join(FIXTURES, 'SOURCES.md'), 'utf8')
const recorded = new Map(
  [...sources.matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)].map(([, hash, file]) => [file!, hash!])
)
const fixtureFiles = readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
  .map((entry) => join(entry.parentPath, entry.name).slice(FIXTURES.length + 1))

describe('test/fixtures', () => {
  it('lists a SHA-256 for every fixture file, and only for files that exist', () => {
    expect(fixtureFiles.length).toBeGreaterThan(0)
    expect([...recorded.keys()].sort()).toEqual([...fixtureFiles].sort())
  })

  it.each(fixtureFiles)('%s is the byte-exact copy SOURCES.md records', (file) => {
    const hash = createHash('sha256')
      .update(readFileSync(join(FIXTURES, file)))
      .digest('hex')
    expect(hash).toBe(recorded.get(file))
  })
})
