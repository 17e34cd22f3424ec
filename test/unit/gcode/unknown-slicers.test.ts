import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readGcodeMetadata } from '../../../src/main/core/gcode'

/** G-code from no slicer Printdock knows: only what the commands themselves state. */

const scratch = mkdtempSync(resolve(tmpdir(), 'printdock-unknown-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function metadataOf(text: string) {
  const path = resolve(scratch, `${Math.random().toString(36).slice(2)}.gcode`)
  writeFileSync(path, text)
  return readGcodeMetadata(path)
}

describe('G-code without a known slicer header', () => {
  it('takes temperatures from the first non-zero heating commands and nothing else', async () => {
    const meta = await metadataOf(
      '; my macro\nM140 S0\nM104 T0 S0\nM190 S55 ; bed\nM109 T0 S210\nG28\nG1 X1 Y1 E1\nM104 S0\n'
    )
    expect(meta).toMatchObject({
      kind: 'gcode',
      slicer: null,
      gcodeFlavor: null,
      estimatedTimeSeconds: null,
      filamentLengthMm: null,
      filamentWeightG: null,
      layerHeightMm: null,
      nozzleTemperatureC: 210,
      bedTemperatureC: 55,
      objectCount: null,
      thumbnails: [],
      notes: []
    })
  })

  it("counts Klipper's EXCLUDE_OBJECT_DEFINE objects", async () => {
    const meta = await metadataOf(
      [
        'EXCLUDE_OBJECT_DEFINE NAME=cube_1 CENTER=10,10 POLYGON=[[0,0],[20,0],[20,20]]',
        'EXCLUDE_OBJECT_DEFINE NAME=cube_2 CENTER=40,10',
        'EXCLUDE_OBJECT_DEFINE NAME=cube_3 CENTER=70,10',
        'G28',
        'EXCLUDE_OBJECT_START NAME=cube_1',
        'G1 X1 Y1 E1',
        ''
      ].join('\n')
    )
    expect(meta.objectCount).toBe(3)
  })

  it("takes Marlin's M486 T object total", async () => {
    const meta = await metadataOf('M486 T4\nG28\nM486 S0\nG1 X1 Y1 E1\nM486 S1\nG1 X2 Y1 E2\n')
    expect(meta.objectCount).toBe(4)
  })
})
