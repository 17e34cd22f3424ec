import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO_ROOT = resolve(__dirname, '../..')
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx')

/**
 * `npm run sandbox -- --json` as a process: stdout carries exactly one JSON line, even while the
 * servers answer requests and stop; everything else goes to stderr. (npm itself prints a banner
 * on stdout before any script runs unless it is silenced with `npm run -s`; that is npm's, so the
 * script is run here the way npm runs it, through tsx.)
 */
describe('npm run sandbox -- --json', () => {
  it('prints only the JSON summary on stdout, from start to stop', async () => {
    const child = spawn(TSX, ['test/fakes/cli.ts', '--json', '--base-port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: '1' }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const firstLine = new Promise<string>((resolveLine, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk
        if (stdout.includes('\n')) resolveLine(stdout.split('\n')[0]!)
      })
      child.on('close', () => reject(new Error(`exited early; stderr: ${stderr}`)))
    })
    const closed = new Promise<number | null>((resolveCode) => child.on('close', resolveCode))

    const summary = JSON.parse(await firstLine) as { obico: { baseUrl: string } }
    // Traffic and a stop: neither may add anything to stdout.
    await fetch(`${summary.obico.baseUrl}/api/v1/printers/`).then((response) => response.text())
    await fetch(`${summary.obico.baseUrl}/no/such/page`).then((response) => response.text())
    child.kill('SIGTERM')
    expect(await closed).toBe(0)

    expect(stdout.endsWith('\n')).toBe(true)
    expect(stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(JSON.parse(stdout)).toMatchObject({ obico: { baseUrl: summary.obico.baseUrl } })
    expect(stderr).toContain('Stopped.')
  })
})
