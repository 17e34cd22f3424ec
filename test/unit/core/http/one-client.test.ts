import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The app and the CLI make outgoing requests only through core/http, so every request has a
 * deadline, a size cap and errors without secrets (docs/decisions/0007-one-http-client.md). This
 * test finds any other way out: axios elsewhere, the global fetch, or node:http(s) clients.
 */

const ROOT = join(__dirname, '../../../..')
const HOME = 'src/main/core/http/'

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).replace(/\\/g, '/'))
}

/** Ways out that bypass the client: axios, the global fetch, node:http(s) client calls. */
const WAYS_OUT = [
  /from 'axios'/,
  // The global fetch; Electron's `net.fetch` (file URLs of the app protocol) is a method call.
  /(?<![.\w])fetch\(/,
  /from 'node:https'/,
  /\b(request|get)\b[^}]*\} from 'node:http'/
]

/** Lines that open a request without the client, by file. */
function offenders(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => WAYS_OUT.some((pattern) => pattern.test(line)))
      .map((line) => `${file}: ${line.trim()}`)
  )
}

describe('one HTTP client', () => {
  it('no code in main or the CLI opens a request except through core/http', () => {
    const files = [...sources('src/main'), ...sources('src/cli')].filter(
      (file) => !file.startsWith(HOME)
    )
    expect(files.length).toBeGreaterThan(50)
    expect(offenders(files)).toEqual([])
  })

  it('the check sees each way out', () => {
    // The patterns must match what they guard against, or the test above proves nothing.
    const lines = [
      "import axios from 'axios'",
      'const r = await fetch(url)',
      "import { request } from 'node:https'",
      "import { get, createServer } from 'node:http'"
    ]
    for (const [i, line] of lines.entries()) expect(WAYS_OUT[i].test(line)).toBe(true)
    expect(WAYS_OUT.some((pattern) => pattern.test('await net.fetch(url)'))).toBe(false)
    expect(offenders(['src/main/core/http/http-client.ts'])).not.toEqual([])
  })
})
