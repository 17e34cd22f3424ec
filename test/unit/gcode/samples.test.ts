import { resolve } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { HEAD_BYTES, readGcodeMetadata, TAIL_BYTES } from '../../../src/main/core/gcode'
import type { GcodeMetadata } from '../../../src/shared/models/gcode'

/**
 * Metadata of every G-code sample in test/fixtures/gcode (see its SOURCES.md), with the expected
 * values written out from the files' own comments.
 */

const fixture = (name: string): string => resolve(__dirname, '../../fixtures/gcode', name)

type Expected = Omit<
  GcodeMetadata,
  'preview' | 'bytesRead' | 'notGcodeReason' | 'kind' | 'obicoAccepts'
> & {
  preview: { mediaType: string; sourceFormat: string; width: number; height: number } | null
}

const NOTHING = {
  gcodeFlavor: null,
  estimatedTimeSeconds: null,
  filamentLengthMm: null,
  filamentWeightG: null,
  layerHeightMm: null,
  nozzleTemperatureC: null,
  bedTemperatureC: null,
  objectCount: null,
  thumbnails: [],
  preview: null,
  notes: []
}

const TEXT_SAMPLES: Record<string, Expected> = {
  'prusaslicer-2.6.0_mini-cube_png-thumbs.gcode': {
    ...NOTHING,
    fileSizeBytes: 641_092,
    slicer: { name: 'PrusaSlicer', version: '2.6.0' },
    estimatedTimeSeconds: 32 * 60 + 6, // "32m 6s"
    filamentLengthMm: 986.61,
    filamentWeightG: 3.01, // "; total filament used [g] = 3.01"
    layerHeightMm: 0.15,
    nozzleTemperatureC: 240, // "; temperature = 240" (first layer 230)
    bedTemperatureC: 90, // "; bed_temperature = 90" (first layer 85)
    objectCount: 1, // "; printing object Shape-Box id:0 copy 0"
    thumbnails: [
      { format: 'png', width: 16, height: 16, byteSize: 461 }, // 616 base64 characters
      { format: 'png', width: 220, height: 124, byteSize: 4836 } // 6448 base64 characters
    ],
    preview: { mediaType: 'image/png', sourceFormat: 'png', width: 220, height: 124 }
  },
  'prusaslicer-2.7.4_qoi-jpg-thumbs_synthetic.gcode': {
    ...NOTHING,
    fileSizeBytes: 5618,
    slicer: { name: 'PrusaSlicer', version: '2.7.4+win64' },
    estimatedTimeSeconds: 3600 + 47 * 60 + 12, // "1h 47m 12s" (normal mode, not silent)
    filamentLengthMm: 4021.37,
    filamentWeightG: 12,
    layerHeightMm: 0.2,
    nozzleTemperatureC: 210,
    bedTemperatureC: 60,
    objectCount: 2, // copies 0 and 1 of phone_stand.stl
    thumbnails: [
      { format: 'qoi', width: 24, height: 16, byteSize: 109 },
      { format: 'jpg', width: 32, height: 24, byteSize: 939 }
    ],
    preview: { mediaType: 'image/jpeg', sourceFormat: 'jpg', width: 32, height: 24 }
  },
  'superslicer-2.5.59_synthetic.gcode': {
    ...NOTHING,
    fileSizeBytes: 2339,
    slicer: { name: 'SuperSlicer', version: '2.5.59.8' },
    estimatedTimeSeconds: 86_400 + 2 * 3600 + 3 * 60 + 4, // "1d 2h 3m 4s"
    filamentLengthMm: 1750.75, // two extruders: 1500.25 + 250.5
    filamentWeightG: 5.31,
    layerHeightMm: 0.25,
    nozzleTemperatureC: 245, // "245,245": the first extruder's
    bedTemperatureC: 85,
    thumbnails: [{ format: 'png', width: 32, height: 24, byteSize: 159 }],
    preview: { mediaType: 'image/png', sourceFormat: 'png', width: 32, height: 24 }
  },
  'orcaslicer-2.1.1_synthetic.gcode': {
    ...NOTHING,
    fileSizeBytes: 5382,
    slicer: { name: 'OrcaSlicer', version: '2.1.1' },
    estimatedTimeSeconds: 58 * 60 + 30,
    filamentLengthMm: 3210.55,
    filamentWeightG: 9.58,
    layerHeightMm: 0.2,
    nozzleTemperatureC: 220,
    bedTemperatureC: 60, // High Temp Plate → hot_plate_temp
    objectCount: 3, // unique label ids 15, 16, 17
    thumbnails: [{ format: 'png', width: 32, height: 24, byteSize: 159 }],
    preview: { mediaType: 'image/png', sourceFormat: 'png', width: 32, height: 24 }
  },
  'bambustudio-01.09.07_synthetic.gcode': {
    ...NOTHING,
    fileSizeBytes: 2507,
    slicer: { name: 'Bambu Studio', version: '01.09.07.52' },
    estimatedTimeSeconds: 20 * 60 + 23, // "total estimated time: 20m 23s", not the model time
    filamentLengthMm: 2457, // 2336.91 + 120.09
    filamentWeightG: 7.44, // 7.08 + 0.36
    layerHeightMm: 0.16,
    nozzleTemperatureC: 230,
    bedTemperatureC: 65, // Textured PEI Plate → textured_plate_temp
    objectCount: 1,
    thumbnails: [{ format: 'png', width: 32, height: 24, byteSize: 159 }],
    preview: { mediaType: 'image/png', sourceFormat: 'png', width: 32, height: 24 }
  },
  'cura-steamengine_marlin.gcode': {
    ...NOTHING,
    fileSizeBytes: 30_831,
    slicer: { name: 'Cura', version: 'master' },
    gcodeFlavor: 'Marlin',
    estimatedTimeSeconds: 35,
    filamentLengthMm: 8.29066, // "0.00829066m, 0m"
    layerHeightMm: 0.1,
    nozzleTemperatureC: 205, // M109 S205
    bedTemperatureC: 60, // M190 S60
    objectCount: 2 // ;MESH:simpleTestCubeASCII.stl and ;MESH:simpleTestCubeBinary.stl
  },
  'cura-5.7_griffin_synthetic.gcode': {
    ...NOTHING,
    fileSizeBytes: 3736,
    slicer: { name: 'Cura', version: '5.7.0' },
    gcodeFlavor: 'Griffin',
    estimatedTimeSeconds: 5443,
    filamentLengthMm: 999.94, // 6379 mm³ of 2.85 mm filament
    nozzleTemperatureC: 215,
    bedTemperatureC: 60,
    objectCount: 2
  },
  'cura-legacy-2014_bp-case.gcode': {
    ...NOTHING,
    fileSizeBytes: 1_651_044,
    slicer: { name: 'Cura', version: null },
    layerHeightMm: 0.1, // ";Basic settings: Layer height: 0.1 …"
    nozzleTemperatureC: 220, // M109 T0 S220.000000; the M190 line is commented out
    notes: [
      'The slicer left placeholders unfilled (#P_TIME#, #F_AMNT#, #F_WGHT#, #F_COST#): the figures they stand for are unknown.'
    ]
  },
  'simplify3d-4.1.2_rrf.gcode': {
    ...NOTHING,
    fileSizeBytes: 598_988,
    slicer: { name: 'Simplify3D', version: '4.1.2' },
    estimatedTimeSeconds: 31 * 60, // "0 hours 31 minutes"
    filamentLengthMm: 4375.5,
    filamentWeightG: 13.16,
    layerHeightMm: 0.24,
    nozzleTemperatureC: 220, // Extruder 1 (Extruder 2 is 0: unused)
    bedTemperatureC: 65, // the heater flagged as heated bed
    objectCount: 1 // applyToModels,Marco Messteil
  },
  'ideamaker-3.6.1.gcode': {
    ...NOTHING,
    fileSizeBytes: 184_416,
    slicer: { name: 'ideaMaker', version: '3.6.1.4415' },
    estimatedTimeSeconds: 1004,
    filamentLengthMm: 239.3, // Material#1 239.3 + Material#2 0.0
    filamentWeightG: 0.71, // π/4 × 1.75² mm² × 239.3 mm × 1240 kg/m³
    layerHeightMm: 0.1, // ;HEIGHT: of ;LAYER:1 (the first layer is 0.25)
    nozzleTemperatureC: 200,
    bedTemperatureC: 45
  },
  'kisslicer-2.0.6.gcode': {
    ...NOTHING,
    fileSizeBytes: 22_020,
    slicer: { name: 'KISSlicer', version: '2.0.6' },
    estimatedTimeSeconds: 110, // "Calculated-during-export Build Time: 1.83 minutes"
    filamentLengthMm: 0.1,
    layerHeightMm: 0.25,
    nozzleTemperatureC: 250,
    bedTemperatureC: 80
  },
  'slic3r-1.2.9_rrf.gcode': {
    ...NOTHING,
    fileSizeBytes: 766_526,
    slicer: { name: 'Slic3r', version: '1.2.9' },
    filamentLengthMm: 1516.5, // "1482.1mm, 34.4mm (3.6cm3)"
    layerHeightMm: 0.3,
    nozzleTemperatureC: 195, // temperature = 0 in the config; G10 P0 S195 sets it
    bedTemperatureC: 57
  }
}

function comparable(meta: GcodeMetadata): Expected {
  const { preview, bytesRead: _b, notGcodeReason: _r, kind: _k, obicoAccepts: _o, ...rest } = meta
  return {
    ...rest,
    preview: preview && {
      mediaType: preview.mediaType,
      sourceFormat: preview.sourceFormat,
      width: preview.width,
      height: preview.height
    }
  }
}

describe('readGcodeMetadata: the text G-code samples', () => {
  for (const [name, expected] of Object.entries(TEXT_SAMPLES)) {
    it(`reads ${name}`, async () => {
      const meta = await readGcodeMetadata(fixture(name))
      expect(meta.kind).toBe('gcode')
      expect(meta.obicoAccepts).toBe(true)
      expect(meta.notGcodeReason).toBeNull()
      expect(comparable(meta)).toEqual(expected)
      expect(meta.bytesRead).toBeLessThanOrEqual(
        Math.min(meta.fileSizeBytes, HEAD_BYTES + TAIL_BYTES)
      )
    })
  }

  it('never reads the whole of a sample larger than head + tail', async () => {
    const meta = await readGcodeMetadata(fixture('cura-legacy-2014_bp-case.gcode'))
    expect(meta.fileSizeBytes).toBeGreaterThan(HEAD_BYTES + TAIL_BYTES)
    expect(meta.bytesRead).toBe(HEAD_BYTES + TAIL_BYTES)
  })

  it('hands out the largest thumbnail as it is stored (PNG)', async () => {
    const meta = await readGcodeMetadata(fixture('prusaslicer-2.6.0_mini-cube_png-thumbs.gcode'))
    const png = Buffer.from(meta.preview?.base64 ?? '', 'base64')
    expect(png.length).toBe(4836)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([220, 124])
  })

  it('converts a QOI thumbnail to PNG pixel for pixel', async () => {
    // The synthetic file's QOI (24×16) is orange (#f4a261) with a teal (#264653) square from
    // (6,4) to (17,11). Drop the larger JPG so the QOI is the preview.
    const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const text = readFileSync(fixture('prusaslicer-2.7.4_qoi-jpg-thumbs_synthetic.gcode'), 'utf8')
    const withoutJpg = text.replace(/; thumbnail_JPG begin[\s\S]*?; thumbnail_JPG end\n/, '')
    const path = resolve(mkdtempSync(resolve(tmpdir(), 'printdock-qoi-')), 'qoi.gcode')
    writeFileSync(path, withoutJpg)
    const meta = await readGcodeMetadata(path)
    expect(meta.thumbnails).toEqual([{ format: 'qoi', width: 24, height: 16, byteSize: 109 }])
    expect(meta.preview).toMatchObject({
      mediaType: 'image/png',
      sourceFormat: 'qoi',
      width: 24,
      height: 16
    })
    const rgba = pngPixels(Buffer.from(meta.preview?.base64 ?? '', 'base64'))
    const pixel = (x: number, y: number) => [
      ...rgba.subarray((y * 24 + x) * 4, (y * 24 + x) * 4 + 4)
    ]
    expect(pixel(0, 0)).toEqual([0xf4, 0xa2, 0x61, 255])
    expect(pixel(23, 15)).toEqual([0xf4, 0xa2, 0x61, 255])
    expect(pixel(6, 4)).toEqual([0x26, 0x46, 0x53, 255])
    expect(pixel(17, 11)).toEqual([0x26, 0x46, 0x53, 255])
    expect(pixel(18, 11)).toEqual([0xf4, 0xa2, 0x61, 255])
  })
})

describe('readGcodeMetadata: Prusa binary G-code', () => {
  it('reads the metadata and QOI thumbnails of the .bgcode sample and says Obico will refuse it', async () => {
    const meta = await readGcodeMetadata(fixture('prusaslicer-2.8.1_mini-cube.bgcode'))
    expect(meta.kind).toBe('bgcode')
    expect(meta.obicoAccepts).toBe(false)
    expect(comparable(meta)).toEqual({
      ...NOTHING,
      fileSizeBytes: 26_843,
      slicer: { name: 'PrusaSlicer', version: '2.8.1' }, // Producer=PrusaSlicer 2.8.1
      estimatedTimeSeconds: 3 * 60 + 41, // "3m 41s" (print metadata, deflated)
      filamentLengthMm: 252.22,
      filamentWeightG: 0.75,
      layerHeightMm: 0.2,
      nozzleTemperatureC: 225,
      bedTemperatureC: 60,
      objectCount: 1, // objects_info: Shape-Box
      thumbnails: [
        { format: 'qoi', width: 16, height: 16, byteSize: 274 },
        { format: 'qoi', width: 313, height: 173, byteSize: 10_809 }
      ],
      preview: { mediaType: 'image/png', sourceFormat: 'qoi', width: 313, height: 173 },
      notes: [expect.stringContaining('Obico stores only text G-code')]
    })
    // Small enough to come in whole with the first read, and read only once.
    expect(meta.bytesRead).toBe(26_843)
    const png = Buffer.from(meta.preview?.base64 ?? '', 'base64')
    expect(pngPixels(png).length).toBe(313 * 173 * 4)
  })

  it('stops at the first G-code block: what follows is never read', async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const sample = readFileSync(fixture('prusaslicer-2.8.1_mini-cube.bgcode'))
    const path = resolve(mkdtempSync(resolve(tmpdir(), 'printdock-bgcode-')), 'long.bgcode')
    // 8 MiB of further bytes after the sample's G-code block: a long print's G-code.
    writeFileSync(path, Buffer.concat([sample, Buffer.alloc(8 * 1024 * 1024, 0x5a)]))
    const meta = await readGcodeMetadata(path)
    expect(meta.kind).toBe('bgcode')
    expect(meta.estimatedTimeSeconds).toBe(221)
    expect(meta.thumbnails).toHaveLength(2)
    expect(meta.bytesRead).toBe(HEAD_BYTES)
  })

  it('reports a damaged block in plain words instead of figures it cannot trust', async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const damaged = Buffer.from(readFileSync(fixture('prusaslicer-2.8.1_mini-cube.bgcode')))
    damaged[200] ^= 0xff // inside the printer metadata block (bytes 90..703)
    const path = resolve(mkdtempSync(resolve(tmpdir(), 'printdock-bgcode-')), 'damaged.bgcode')
    writeFileSync(path, damaged)
    const meta = await readGcodeMetadata(path)
    expect(meta.kind).toBe('bgcode')
    expect(meta.obicoAccepts).toBe(false)
    expect(meta.thumbnails).toEqual([])
    expect(meta.notes).toEqual([
      expect.stringContaining('Obico stores only text G-code'),
      'A block of the binary G-code fails its checksum: the file is damaged.'
    ])
  })
})

/** RGBA pixels of a PNG written by Printdock (one IDAT, filter 0 on every row). */
function pngPixels(png: Buffer): Uint8Array {
  const width = png.readUInt32BE(16)
  const height = png.readUInt32BE(20)
  let at = 8
  const idat: Buffer[] = []
  while (at < png.length) {
    const length = png.readUInt32BE(at)
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT')
      idat.push(png.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  expect(raw.length).toBe((width * 4 + 1) * height)
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0)
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4)
  }
  return rgba
}
