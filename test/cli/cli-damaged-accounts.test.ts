import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { runCli } from './cli-process'

/** A damaged `accounts.json` is reported and left alone by every command, never read as empty. */
let home: string
let dataDir: string
let env: NodeJS.ProcessEnv
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'printdock-cli-damaged-'))
  dataDir = join(home, 'data')
  mkdirSync(dataDir)
  env = {
    ...process.env,
    PRINTDOCK_HOME: dataDir,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus.sock')}`
  }
})
afterEach(() => {
  rmSync(home, { recursive: true, force: true })
})

describe('an accounts file that cannot be read', () => {
  const damaged = '{"version":1,"accounts":[{"id":"obico:https://app.obico.io#7",'

  it.each([[['accounts']], [['accounts', '--json']], [['unlink', 'someone', '--yes']]])(
    '%j fails with 1, names the file on stderr and leaves it byte for byte',
    async (args) => {
      const file = join(dataDir, 'accounts.json')
      writeFileSync(file, damaged)
      const run = await runCli(args, env)
      expect(run.code).toBe(ExitCode.Failure)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain(`can't read its list of linked accounts at ${file}`)
      expect(run.stderr).not.toContain('No linked accounts')
      expect(readFileSync(file, 'utf8')).toBe(damaged)
      expect(readdirSync(dataDir).filter((name) => name.startsWith('accounts'))).toEqual([
        'accounts.json'
      ])
    }
  )

  it('says plainly when accounts.json is a folder (no stack)', async () => {
    const file = join(dataDir, 'accounts.json')
    mkdirSync(file)
    const run = await runCli(['accounts'], env)
    expect(run.code).toBe(ExitCode.Failure)
    expect(run.stderr).toContain('it is a folder, not a file')
    expect(run.stderr).not.toMatch(/EISDIR|\n\s+at /)
    expect(statSync(file).isDirectory()).toBe(true)
  })
})

describe('an accounts file with one record this version does not understand', () => {
  it('lists the good accounts and reports the skipped one on stderr', async () => {
    const good = {
      id: 'obico:https://app.obico.io#7',
      provider: 'obico',
      profileKey: 'obico-cloud',
      serverOrigin: 'https://app.obico.io',
      userId: '7',
      displayName: 'maker@example.com',
      identity: [],
      credential: 'pasted-token',
      linkedAt: '2026-01-01T00:00:00.000Z',
      state: 'linked'
    }
    const fromNewerVersion = { ...good, id: 'printhub:https://p.example#1', provider: 'printhub' }
    const file = join(dataDir, 'accounts.json')
    const content = JSON.stringify({ version: 1, accounts: [good, fromNewerVersion] })
    writeFileSync(file, content)
    const run = await runCli(['accounts', '--json'], env)
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect((JSON.parse(run.stdout) as { id: string }[]).map((account) => account.id)).toEqual([
      good.id
    ])
    expect(run.stderr).toContain('skipped 1 saved account')
    expect(readFileSync(file, 'utf8')).toBe(content)
  })
})
