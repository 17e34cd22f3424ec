/**
 * `printdock repair` as a process against the Makeprintable fake. The account is linked with an
 * API key by `printdock link` in one process and used by `printdock repair` in the next, which
 * needs the real keychain (gnome-keyring over D-Bus, as in cli-link-keychain.test.ts); without a
 * Secret Service those tests skip (and fail by name in CI through reportMissingKeyring).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { startMakeprintableFake, type MakeprintableFake } from '../fakes/makeprintable'
import {
  provideSecretService,
  reportMissingKeyring
} from '../unit/core/vault/secret-service-fixture'
import { REPO_ROOT, runCli, startCli } from './cli-process'

const hasSecretTool = spawnSync('sh', ['-c', 'command -v secret-tool']).status === 0
const provided = hasSecretTool
  ? await provideSecretService()
  : { fixture: undefined, reason: 'secret-tool is not installed (apt-get install libsecret-tools)' }
const secretService = provided.fixture
const missingKeyring = secretService
  ? undefined
  : reportMissingKeyring('cli-repair', provided.reason)

const MESHES = join(REPO_ROOT, 'test/fixtures/meshes')
let fake: MakeprintableFake
let home: string
let env: NodeJS.ProcessEnv
let ticker: NodeJS.Timeout

beforeAll(async () => {
  fake = await startMakeprintableFake({ seed: 'empty' })
  // Makeprintable's fixes take seconds on the fake's clock; move it along while the CLI polls.
  ticker = setInterval(() => fake.clock.advance(5_000), 100)
})
afterAll(async () => {
  clearInterval(ticker)
  await fake.close()
  await secretService?.stop()
})
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'printdock-cli-repair-'))
  env = { ...(secretService?.env ?? process.env), PRINTDOCK_HOME: join(home, 'data') }
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

function model(name: string, as: string): string {
  const path = join(home, as)
  copyFileSync(join(MESHES, name), path)
  return path
}

async function link(): Promise<void> {
  const run = await runCli(
    ['link', 'makeprintable', '--server', fake.baseUrl, '--api-key', '-'],
    env,
    fake.user.apiKey
  )
  expect(run.stderr).not.toContain('memory')
  expect(run.code).toBe(ExitCode.Ok)
}

describe('the real keychain for printdock repair', () => {
  it.skipIf(!secretService && !missingKeyring)('has a Secret Service to test against', () => {
    if (missingKeyring) throw missingKeyring
  })
})

describe('printdock repair without an account', () => {
  it('without a linked account says how to link, exit 5', async () => {
    const run = await runCli(['repair', model('20mm-box_ascii.stl', 'box.stl')], env)
    expect(run.code).toBe(ExitCode.AuthFailed)
    expect(run.stderr).toContain('printdock link makeprintable')
  })

  it('rejects a bad option value as a usage error', async () => {
    const run = await runCli(['repair', 'x.stl', '--quality', 'ultra'], env)
    expect(run.code).toBe(ExitCode.Usage)
  })
})

describe.skipIf(!secretService)('printdock repair with a linked account (real keychain)', () => {
  it('repairs, shows progress, saves <name>-repaired.stl and exits 0', async () => {
    await link()
    const source = model('broken_conveyor_hole-degenerate_ascii.stl', 'conveyor.stl')
    const run = await startCli(['repair', source, '--quality', 'high'], env).done
    expect(run.stderr).toMatch(/Before: Needs repair, because/)
    expect(run.stderr).toMatch(/Uploading/)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout).toContain('Saved conveyor-repaired.stl')
    expect(run.stdout).toContain('Looks printable.')
    expect(existsSync(join(home, 'conveyor-repaired.stl'))).toBe(true)
  })

  it('refuses to overwrite without --force (exit 8), replaces with --force', async () => {
    await link()
    const source = model('broken_block_flipped-facet_ascii.stl', 'block.stl')
    const out = join(home, 'fixed.stl')
    writeFileSync(out, 'keep')
    const refused = await runCli(['repair', source, '--out', out], env)
    expect(refused.code).toBe(ExitCode.OutputExists)
    expect(readFileSync(out, 'utf8')).toBe('keep')
    const forced = await runCli(['repair', source, '--out', out, '--force', '--json'], env)
    expect(forced.code).toBe(ExitCode.Ok)
    const result = JSON.parse(forced.stdout) as {
      after: { entries: { report: { printable: boolean } }[] }
    }
    expect(result.after.entries[0]!.report.printable).toBe(true)
    expect(readFileSync(out, 'utf8')).not.toBe('keep')
  })

  it('a fix Makeprintable cannot do exits 11', async () => {
    await link()
    const run = await runCli(['repair', model('cube-and-sphere_thumbnail.3mf', 'parts.3mf')], env)
    expect(run.code).toBe(ExitCode.RepairFailed)
    expect(run.stderr).toContain('could not repair')
  })
})
