import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { startObicoFake, type ObicoFake } from '../fakes/obico'
import { REPO_ROOT, runCli } from './cli-process'

/**
 * The library commands as processes against the Obico fake, signed in the way a slicer's
 * post-processing script is: a token in PRINTDOCK_TOKEN, no keychain (the D-Bus address points at
 * nothing), stdin not a terminal.
 */

const FIXTURES = join(REPO_ROOT, 'test/fixtures/gcode')
const CURA = join(FIXTURES, 'cura-steamengine_marlin.gcode')
const BGCODE = join(FIXTURES, 'prusaslicer-2.8.1_mini-cube.bgcode')

let fake: ObicoFake
let home: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  fake = await startObicoFake({ seed: 'demo' })
  home = mkdtempSync(join(tmpdir(), 'printdock-cli-library-'))
})
afterAll(async () => {
  await fake.close()
  rmSync(home, { recursive: true, force: true })
})
beforeEach(() => {
  env = {
    ...process.env,
    PRINTDOCK_HOME: join(home, 'data'),
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus.sock')}`,
    PRINTDOCK_TOKEN: fake.createAdminToken(1),
    PRINTDOCK_SERVER: fake.baseUrl
  }
})

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('printdock ls', () => {
  it('lists the root folders and files, and says where the token came from', async () => {
    const run = await runCli(['ls'], env)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stderr).toMatch(
      /using the access token from PRINTDOCK_TOKEN for http:\/\/127\.0\.0\.1:\d+/
    )
    expect(run.stdout).toMatch(/^Calibration\/\s+0 folders, 2 files$/m)
    expect(run.stdout).toMatch(/^My Parts\/\s+1 folders, 0 files$/m)
    expect(run.stdout).toMatch(/^3DBenchy\.gcode\s/m)
    expect(run.stdout).not.toContain('keychain.gcode') // user 2's file
    expect(run.stdout + run.stderr).not.toContain(env.PRINTDOCK_TOKEN as string)
  })

  it('--json prints the folder as JSON only on stdout', async () => {
    const run = await runCli(['ls', 'My Parts/Brackets', '--json'], env)
    expect(run.code).toBe(ExitCode.Ok)
    const listing = JSON.parse(run.stdout) as {
      path: { name: string }[]
      files: { filename: string }[]
    }
    expect(listing.path.map((p) => p.name)).toEqual(['My Parts', 'Brackets'])
    expect(listing.files.map((f) => f.filename)).toEqual(['shelf bracket.gcode'])
  })

  it('a folder that is not there is named', async () => {
    const run = await runCli(['ls', 'Nope'], env)
    expect(run.code).toBe(ExitCode.Failure)
    expect(run.stderr).toMatch(/no folder “Nope” on the server/)
  })
})

describe('printdock upload', () => {
  it('uploads a real slicer file with plain progress lines (no terminal) and lists it back with its size', async () => {
    const before = sha(CURA)
    const run = await runCli(['upload', CURA, '--folder', 'From CLI'], env)
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(
      /^Uploaded cura-steamengine_marlin\.gcode to From CLI \(30 kB, id \d+\)\.$/m
    )
    expect(run.stderr).toMatch(/Uploading cura-steamengine_marlin\.gcode \(30 kB\)…/)
    expect(run.stderr).not.toContain('\r')
    const folder = fake.store.folders.find((f) => f.name === 'From CLI')!
    const stored = fake.store.files.find(
      (f) => f.parent_folder_id === folder.id && f.deleted === null
    )!
    expect(stored.num_bytes).toBe(statSync(CURA).size)
    expect(sha(CURA)).toBe(before)
  })

  it('a folder keeps its structure', async () => {
    const dir = join(home, 'Batch')
    mkdirSync(join(dir, 'Sub'), { recursive: true })
    copyFileSync(CURA, join(dir, 'a.gcode'))
    copyFileSync(CURA, join(dir, 'Sub', 'b.gcode'))
    writeFileSync(join(dir, 'notes.txt'), 'not G-code')
    const run = await runCli(['upload', dir], env)
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(/Uploaded a\.gcode to Batch /)
    expect(run.stdout).toMatch(/Uploaded b\.gcode to Batch\/Sub /)
    expect(run.stdout).not.toContain('notes.txt')
  })

  it('binary G-code is refused before sending, with the slicer setting to change', async () => {
    const count = fake.store.files.length
    const run = await runCli(['upload', BGCODE], env)
    expect(run.code).toBe(ExitCode.Failure)
    expect(run.stderr).toMatch(/binary G-code \(\.bgcode\).*Obico stores only text G-code/)
    expect(fake.store.files.length).toBe(count)
  })

  it('--print on a busy printer uploads, then says why it did not print', async () => {
    const run = await runCli(['upload', CURA, '--name', 'busy.gcode', '--print', 'Prusa MK3S'], env)
    expect(run.stdout).toMatch(/Uploaded busy\.gcode/)
    expect(run.stderr).toMatch(
      /Prusa MK3S cannot print right now \(This printer is busy with another print\.\)/
    )
    expect(run.code).toBe(ExitCode.Failure)
  })

  it('an unknown printer is refused before anything is sent', async () => {
    const count = fake.store.files.length
    const run = await runCli(['upload', CURA, '--print', 'Nonesuch'], env)
    expect(run.code).toBe(ExitCode.Failure)
    expect(run.stderr).toMatch(/No printer of this account is called “Nonesuch”.*Voron 2\.4/)
    expect(fake.store.files.length).toBe(count)
  })
})

describe('the README’s post-processing line (PrusaSlicer and OrcaSlicer)', () => {
  it('runs as the slicer runs it: the temporary G-code path appended, the real name in SLIC3R_PP_OUTPUT_NAME; it uploads and prints', async () => {
    // What the slicer hands a post-processing script: a temporary copy of the output.
    const temp = join(home, 'slicer-tmp.gcode.pp')
    copyFileSync(CURA, temp)
    // The README's line for PrusaSlicer/OrcaSlicer, split as the slicer splits it, plus the path.
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const line = /<!-- slicer-line -->\n```\n(.+)\n```/.exec(readme)?.[1]
    expect(line, 'README holds the line between the markers').toBeDefined()
    const args = (line as string).match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''))
    expect(args[0]).toBe('printdock')
    const replaced = args.slice(1).map((a) => (a === 'Prusa MK4' ? 'Voron 2.4' : a))
    const run = await runCli([...replaced, temp], {
      ...env,
      SLIC3R_PP_OUTPUT_NAME: '/home/maker/prints/bracket_0.2mm_PLA.gcode'
    })
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(/Uploaded bracket_0\.2mm_PLA\.gcode to From slicer /)
    expect(run.stdout).toMatch(/Sent “bracket_0\.2mm_PLA\.gcode” to Voron 2\.4/)
    const voron = fake.printers.list().find((p) => p.name === 'Voron 2.4')!
    expect(fake.store.print(voron.current_print_id)?.filename).toBe('bracket_0.2mm_PLA.gcode')
    const folder = fake.store.folders.find((f) => f.name === 'From slicer')!
    const stored = fake.store.files.find((f) => f.filename === 'bracket_0.2mm_PLA.gcode')
    expect(stored).toMatchObject({ parent_folder_id: folder.id, num_bytes: statSync(CURA).size })
  })
})

describe('printdock mkdir, mv, rm', () => {
  it('mkdir creates missing parents; a duplicate under another spelling is refused before the server', async () => {
    expect((await runCli(['mkdir', 'Jigs/Drill guides'], env)).code).toBe(ExitCode.Ok)
    const jigs = fake.store.folders.find((f) => f.name === 'Jigs')!
    expect(
      fake.store.folders.some((f) => f.name === 'Drill guides' && f.parent_folder_id === jigs.id)
    ).toBe(true)
    const clash = await runCli(['mv', 'Jigs', 'My_Parts'], env)
    expect(clash.code).toBe(ExitCode.Failure)
    expect(clash.stderr).toMatch(/too close to the folder “My Parts”/)
  })

  it('mv moves a file into a folder, and renames one', async () => {
    expect((await runCli(['mv', 'cable clip.gcode', 'Jigs'], env)).code).toBe(ExitCode.Ok)
    const jigs = fake.store.folders.find((f) => f.name === 'Jigs')!
    expect(fake.store.files.find((f) => f.filename === 'cable clip.gcode')?.parent_folder_id).toBe(
      jigs.id
    )
    const renamed = await runCli(['mv', 'Jigs/cable clip.gcode', 'Jigs/clip v2.gcode'], env)
    expect(renamed.code, renamed.stderr).toBe(ExitCode.Ok)
    expect(
      fake.store.files.some((f) => f.filename === 'clip v2.gcode' && f.parent_folder_id === jigs.id)
    ).toBe(true)
  })

  it('rm without a terminal needs --yes and says what would go, folder contents counted', async () => {
    const asked = await runCli(['rm', 'Jigs'], env)
    expect(asked.code).toBe(ExitCode.NeedsConfirmation)
    expect(asked.stderr).toMatch(/Jigs\/ with 1 file and 1 folder inside/)
    expect(fake.store.folders.some((f) => f.name === 'Jigs')).toBe(true)
    const done = await runCli(['rm', 'Jigs', '--yes'], env)
    expect(done.code).toBe(ExitCode.Ok)
    expect(fake.store.folders.some((f) => f.name === 'Jigs')).toBe(false)
  })
})
