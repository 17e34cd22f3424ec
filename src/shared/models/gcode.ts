import { z } from 'zod'

/**
 * What Printdock knows about a G-code file before sending it anywhere: read locally from a bounded
 * head and tail of the file (src/main/core/gcode, decision 0021). Every figure is null when the
 * file does not state it; Printdock never guesses one from the moves.
 */

/** The slicers whose comment dialects Printdock reads. */
export const SLICER_NAMES = [
  'PrusaSlicer',
  'SuperSlicer',
  'OrcaSlicer',
  'Bambu Studio',
  'Cura',
  'Simplify3D',
  'ideaMaker',
  'KISSlicer',
  'Slic3r',
  'Slic3r Prusa Edition'
] as const

export const SlicerNameSchema = z.enum(SLICER_NAMES)
export type SlicerName = z.infer<typeof SlicerNameSchema>

/** Image formats slicers embed as thumbnails (PrusaSlicer writes all three). */
export const ThumbnailFormatSchema = z.enum(['png', 'jpg', 'qoi'])
export type ThumbnailFormat = z.infer<typeof ThumbnailFormatSchema>

/** One embedded thumbnail, described (its bytes travel only for the preview). */
export const GcodeThumbnailSchema = z.object({
  format: ThumbnailFormatSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Size of the decoded image as the slicer stored it. */
  byteSize: z.number().int().positive()
})
export type GcodeThumbnail = z.infer<typeof GcodeThumbnailSchema>

/**
 * The largest thumbnail, ready for an `<img src="data:…">`: PNG and JPG as stored, QOI (which no
 * browser shows) converted to PNG. Base64 because it crosses IPC and the CLI's JSON as text.
 */
export const GcodePreviewSchema = z.object({
  mediaType: z.enum(['image/png', 'image/jpeg']),
  sourceFormat: ThumbnailFormatSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  base64: z.string().min(1)
})
export type GcodePreview = z.infer<typeof GcodePreviewSchema>

/** 'gcode' is text G-code; 'bgcode' is Prusa's binary G-code; anything else is 'not-gcode'. */
export const GcodeKindSchema = z.enum(['gcode', 'bgcode', 'not-gcode'])
export type GcodeKind = z.infer<typeof GcodeKindSchema>

const nullableNumber = z.number().finite().nullable()

export const GcodeMetadataSchema = z.object({
  kind: GcodeKindSchema,
  fileSizeBytes: z.number().int().nonnegative(),
  /** For 'not-gcode': why, in plain words. Null otherwise. */
  notGcodeReason: z.string().nullable(),
  /** Obico stores only text G-code; false for binary G-code and for anything that is not G-code. */
  obicoAccepts: z.boolean(),
  slicer: z.object({ name: SlicerNameSchema, version: z.string().nullable() }).nullable(),
  /** The firmware flavour a slicer names (Cura's `;FLAVOR:Marlin` or `Griffin`), else null. */
  gcodeFlavor: z.string().nullable(),
  estimatedTimeSeconds: nullableNumber,
  filamentLengthMm: nullableNumber,
  filamentWeightG: nullableNumber,
  layerHeightMm: nullableNumber,
  /** The nozzle temperature for the print (after the first layer where the slicer distinguishes). */
  nozzleTemperatureC: nullableNumber,
  bedTemperatureC: nullableNumber,
  objectCount: z.number().int().nonnegative().nullable(),
  thumbnails: z.array(GcodeThumbnailSchema),
  preview: GcodePreviewSchema.nullable(),
  /** Plain-language remarks: unfilled placeholders, skipped thumbnails, why Obico refuses a file. */
  notes: z.array(z.string()),
  /** How many bytes of the file were read (bounded; never the whole of a large file). */
  bytesRead: z.number().int().nonnegative()
})
export type GcodeMetadata = z.infer<typeof GcodeMetadataSchema>
