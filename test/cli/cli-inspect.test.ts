/** `printdock inspect` as a process: the built CLI and its built mesh worker. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import type { GcodeMetadata } from '../../src/shared/models/gcode'
import type { MeshInspection } from '../../src/shared/models/mesh'
import { REPO_ROOT, runCli } from './cli-process'

const MESHES = join(REPO_ROOT, 'test/fixtures/meshes')
const GCODE = join(REPO_ROOT, 'test/fixtures/gcode')
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
    expect(run.stdout).toMatch(/kind:\s+G-code\n/)
    expect(run.stdout).toMatch(/slicer:\s+not stated/)
    expect(run.stdout).not.toContain('triangles')
  })

  it("prints a slicer's G-code metadata with its thumbnails' sizes and formats", async () => {
    const run = await runCli(
      ['inspect', join(GCODE, 'prusaslicer-2.6.0_mini-cube_png-thumbs.gcode')],
      env
    )
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(/slicer:\s+PrusaSlicer 2\.6\.0\n/)
    expect(run.stdout).toMatch(/print time:\s+32 min 06 s\n/)
    expect(run.stdout).toMatch(/filament:\s+0\.99 m\n/)
    expect(run.stdout).toMatch(/nozzle:\s+240 °C\n/)
    expect(run.stdout).toMatch(/bed:\s+90 °C\n/)
    expect(run.stdout).toMatch(/objects:\s+1\n/)
    expect(run.stdout).toContain('16×16 PNG (461 bytes)')
    expect(run.stdout).toContain('220×124 PNG (4,836 bytes)')
  })

  it('--json gives G-code metadata as data, without the preview image bytes', async () => {
    const run = await runCli(
      ['inspect', join(GCODE, 'prusaslicer-2.6.0_mini-cube_png-thumbs.gcode'), '--json'],
      env
    )
    expect(run.code).toBe(ExitCode.Ok)
    const parsed = JSON.parse(run.stdout) as GcodeMetadata
    expect(parsed).toMatchObject({
      kind: 'gcode',
      estimatedTimeSeconds: 32 * 60 + 6,
      slicer: { name: 'PrusaSlicer', version: '2.6.0' },
      preview: { width: 220, height: 124, mediaType: 'image/png' }
    })
    expect(parsed.preview).not.toHaveProperty('base64')
    expect(parsed.thumbnails).toHaveLength(2)
  })

  it('reads binary G-code and says Obico takes only text G-code', async () => {
    const run = await runCli(['inspect', join(GCODE, 'prusaslicer-2.8.1_mini-cube.bgcode')], env)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(/kind:\s+binary G-code \(\.bgcode\)/)
    expect(run.stdout).toMatch(/slicer:\s+PrusaSlicer 2\.8\.1/)
    expect(run.stdout).toContain('QOI')
    expect(run.stdout).toContain('Obico takes only text G-code.')
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
