import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every SOURCES.md under test/fixtures records its folder's files with their SHA-256 (paths
 * relative to that SOURCES.md). A fixture edited by hand (or rewritten by a line-ending
 * conversion) would quietly test something other than what a user's file looks like, so the
 * hashes are checked, and every fixture must have its entry, copied or written for Printdock.
 */
const FIXTURES = join(process.cwd(), 'test/fixtures')
const entries = readdirSync(FIXTURES, { recursive: true, withFileTypes: true }).filter((entry) =>
  entry.isFile()
)
const relative = (folder: string, name: string): string =>
  join(folder, name).slice(FIXTURES.length + 1)
const recorded = new Map<string, string>()
for (const entry of entries.filter((e) => e.name === 'SOURCES.md')) {
  const sources = readFileSync(join(entry.parentPath, entry.name), 'utf8')
  for (const [, hash, file] of sources.matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)) {
    recorded.set(relative(entry.parentPath, file!), hash!)
  }
}
const fixtureFiles = entries
  .filter((entry) => entry.name !== 'SOURCES.md')
  .map((entry) => relative(entry.parentPath, entry.name))

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
