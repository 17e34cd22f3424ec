import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = resolve(__dirname, '../../bin/printdock.mjs')

describe('printdock piped into a reader that stops early (`| head -1`)', () => {
  it('exits quietly with the command status, without an EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'link', '--help'], {
      env: { ...process.env, PRINTDOCK_HOME: mkdtempSync(join(tmpdir(), 'printdock-pipe-')) },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // Read the first chunk, then close our end like `head` does.
    await new Promise<void>((done) => child.stdout.once('data', () => done()))
    child.stdout.destroy()
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)))
    expect(stderr).not.toContain('EPIPE')
    expect(stderr).not.toContain('Unhandled')
    expect(code).toBe(0)
  }, 60_000)
})
