/** `printdock inspect` as a process: the built CLI and its built mesh worker. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GCODE_PLACEHOLDER } from '../../src/cli/commands/inspect'
import { ExitCode } from '../../src/cli/exit-codes'
import type { MeshInspection } from '../../src/shared/models/mesh'
import { REPO_ROOT, runCli } from './cli-process'

const MESHES = join(REPO_ROOT, 'test/fixtures/meshes')
let home: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'printdock-cli-inspect-'))
  env = { ...process.env, PRINTDOCK_HOME: join(home, 'data') }
})
afterAll(() => rmSync(home, { recursive: true, force: true }))

describe('printdock inspect', () => {
  it('prints a clean model as printable and exits 0', async () => {
    const run = await runCli(['inspect', join(MESHES, '20mm-box_ascii.stl')], env)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(/triangles:\s+12\n/)
    expect(run.stdout).toMatch(/size:\s+20 × 20 × 20 mm/)
    expect(run.stdout).toMatch(/volume:\s+8 cm³/)
    expect(run.stdout).toContain('Looks printable.')
  })

  it('says why a broken model needs repair and exits 10', async () => {
    const run = await runCli(
      ['inspect', join(MESHES, 'broken_conveyor_hole-degenerate_ascii.stl')],
      env
    )
    expect(run.code).toBe(ExitCode.NeedsRepair)
    expect(run.stdout).toMatch(/open edges:\s+3 \(1 hole\)/)
    expect(run.stdout).toMatch(/degenerate triangles:\s+34/)
    expect(run.stdout).toContain('Needs repair, because')
  })

  it('--json prints the report as data', async () => {
    const run = await runCli(
      ['inspect', join(MESHES, 'broken_block_flipped-facet_ascii.stl'), '--json'],
      env
    )
    expect(run.code).toBe(ExitCode.NeedsRepair)
    const parsed = JSON.parse(run.stdout) as MeshInspection
    expect(parsed.entries[0]!.report).toMatchObject({ inconsistentFaces: 1, printable: false })
  })

  it('tells G-code from a mesh by content, whatever the name', async () => {
    const path = join(home, 'looks-like-a-model.stl')
    writeFileSync(path, ';FLAVOR:Marlin\nG28\nG1 X10 Y10 Z0.2 F3000\nM104 S200\n')
    const run = await runCli(['inspect', path], env)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout.trim()).toBe(GCODE_PLACEHOLDER)
  })

  it('refuses a file that is not a model, and a missing file, with exit 7', async () => {
    const notes = join(home, 'notes.stl')
    writeFileSync(notes, 'not a model at all\n')
    const bad = await runCli(['inspect', notes], env)
    expect(bad.code).toBe(ExitCode.BadFile)
    expect(bad.stderr).toContain('not a 3D model')
    const missing = await runCli(['inspect', join(home, 'nope.stl')], env)
    expect(missing.code).toBe(ExitCode.BadFile)
    expect(missing.stderr).toContain('Cannot read')
  })

  it('--help documents the exit codes for needing and failing repair', async () => {
    const run = await runCli(['inspect', '--help'], env)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(/10\s+inspect: the model needs repair/)
    expect(run.stdout).toMatch(/11\s+repair: the repair failed/)
  })
})
