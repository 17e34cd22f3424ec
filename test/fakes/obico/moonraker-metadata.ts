/**
 * What the real Obico server stores as `metadata_json` for an uploaded G-code file.
 *
 * The server runs Moonraker's metadata extractor (obico-api.md §2.5, §7): it reads the first and
 * the last MiB of the file, picks a slicer from the head, and asks that slicer for a fixed list of
 * fields, keeping only those it found. This module reproduces what a client can observe of that,
 * written from the observed behaviour and the documented comment formats (not from Moonraker's
 * code), so that the fake's answers have the real keys and values:
 *
 * - `slicer` ("Unknown" when no slicer header is recognised) and, for a recognised slicer,
 *   `slicer_version`;
 * - `gcode_start_byte`: the byte offset of the line break just before the first G/M command line
 *   (Moonraker's quirk: not the line's first byte), and `gcode_end_byte`: the byte offset just
 *   past the last line that follows a G/M command word (usually the last command line itself);
 * - the parser fields in Moonraker's order. PrusaSlicer and its forks (SuperSlicer, OrcaSlicer,
 *   Bambu Studio), Slic3r, Cura and unknown files get their fields; Simplify3D, KISSlicer and
 *   ideaMaker are recognised by name only (the fake's tests and demo data never needed more).
 *
 * Thumbnails are left out: the fake stores none (`thumbnail1_url` stays null).
 */

/** Moonraker reads this much from each end of the file. */
export const MOONRAKER_READ_SIZE = 1024 * 1024

/** The bytes the extractor sees: the file's head and tail (they may overlap) and its size. */
export interface GcodeSample {
  head: Buffer
  tail: Buffer
  size: number
}

/** Moonraker's `(%F)`: an unsigned decimal, integer or not. */
const F = '([0-9]*\\.?[0-9]+)'

interface Texts {
  /** Latin-1 decodings: one character per byte, so string offsets are byte offsets. */
  header: string
  footer: string
  size: number
}

/** A captured Latin-1 substring back as the UTF-8 text it was. */
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8')
}

function findFloat(pattern: string, text: string): number | undefined {
  const match = new RegExp(pattern.replace('(%F)', F)).exec(text)
  return match ? Number(match[1]) : undefined
}

function findInt(pattern: string, text: string): number | undefined {
  const match = new RegExp(pattern.replace('(%D)', '([0-9]+)')).exec(text)
  return match ? Number(match[1]) : undefined
}

function findFloats(pattern: string, text: string): number[] {
  return [...text.matchAll(new RegExp(pattern.replace('(%F)', F), 'g'))].map((m) => Number(m[1]))
}

function findString(pattern: string, text: string): string | undefined {
  const match = new RegExp(pattern.replace('(%S)', '([^\\n]*)')).exec(text)
  return match ? utf8(match[1]).replace(/^"+|"+$/g, '') : undefined
}

const maxOf = (values: number[]): number | undefined =>
  values.length ? Math.max(...values) : undefined
const minOf = (values: number[]): number | undefined =>
  values.length ? Math.min(...values) : undefined
const sumOf = (values: number[]): number | undefined =>
  values.length ? values.reduce((a, b) => a + b, 0) : undefined

/** Byte offset of the line break before the first G/M command line, if any. */
function gcodeStartByte(t: Texts): number | undefined {
  const match = /\n[MG]\d+\s[^\n]*\n/.exec(t.header)
  return match ? match.index : undefined
}

/**
 * Byte offset just past the last `\n[MG]<digits><space>…\n` in the footer. The `\s` may be the
 * line break itself, so a bare `M84` line extends the match to the line after it.
 */
function gcodeEndByte(t: Texts): number | undefined {
  const re = /\n[MG]\d+\s[^\n]*\n/y
  let end: number | undefined
  // Tried at every line break (sticky), not only after the previous match: a match may begin at
  // the line break that ended the previous one.
  for (let at = t.footer.indexOf('\n'); at !== -1; at = t.footer.indexOf('\n', at + 1)) {
    re.lastIndex = at
    const match = re.exec(t.footer)
    if (match) end = Math.max(end ?? 0, at + match[0].length)
  }
  return end === undefined ? undefined : t.size - (t.footer.length - end)
}

/** Hours/minutes/seconds text (`1d 2h 3m 4s`) in seconds. */
function durationSeconds(text: string): number {
  let total = 0
  for (const [pattern, unit] of [
    [/(\d+)d/, 86_400],
    [/(\d+)h/, 3600],
    [/(\d+)m/, 60],
    [/(\d+)s/, 1]
  ] as const) {
    const match = pattern.exec(text)
    if (match) total += Number(match[1]) * unit
  }
  return total
}

/** The field readers of one slicer family, in Moonraker's output order. */
type Fields = Partial<Record<string, (t: Texts) => unknown>>

const UNKNOWN_FIELDS: Fields = {
  object_height: (t) => maxOf(findFloats('G1\\sZ(%F)\\s', t.footer)),
  first_layer_height: (t) => minOf(findFloats('G1\\sZ(%F)\\s', t.header)),
  first_layer_extr_temp: (t) => findFloat('M109 S(%F)', t.header),
  first_layer_bed_temp: (t) => findFloat('M190 S(%F)', t.header),
  chamber_temp: (t) => findFloat('M191 S(%F)', t.header)
}

function prusaLayerHeight(t: Texts): number | undefined {
  return findFloat('; layer_height = (%F)', t.footer)
}

const PRUSA_FIELDS: Fields = {
  layer_count: (t) => findInt('; total layers count = (%D)', t.footer),
  object_height: (t) => {
    const marked = [...t.footer.matchAll(/;BEFORE_LAYER_CHANGE\n(?:[^\n]*\n)?;(\d+\.?\d*)/g)]
    if (marked.length) return Math.max(...marked.map((m) => Number(m[1])))
    return maxOf(findFloats('G1\\sZ(%F)\\sF', t.footer))
  },
  estimated_time: (t) => {
    const line = /;\sestimated\sprinting\stime[^\n]*/.exec(t.footer)
    return line ? durationSeconds(line[0]) : undefined
  },
  nozzle_diameter: (t) => findFloat(';\\snozzle_diameter\\s=\\s(%F)', t.footer),
  layer_height: prusaLayerHeight,
  first_layer_height: (t) => {
    const percent = findFloat('; first_layer_height = (%F)%', t.footer)
    if (percent === undefined) return findFloat('; first_layer_height = (%F)', t.footer)
    const layer = prusaLayerHeight(t)
    return layer === undefined ? undefined : Math.round((percent / 100) * layer * 1e6) / 1e6
  },
  first_layer_extr_temp: (t) => findFloat('; first_layer_temperature = (%F)', t.footer),
  first_layer_bed_temp: (t) => findFloat('; first_layer_bed_temperature = (%F)', t.footer),
  chamber_temp: (t) => findFloat('; chamber_temperature = (%F)', t.footer),
  filament_name: (t) => findString(';\\sfilament_settings_id\\s=\\s(%S)', t.footer),
  filament_type: (t) => findString(';\\sfilament_type\\s=\\s(%S)', t.footer),
  filament_total: (t) => {
    const line = findString('filament\\sused\\s\\[mm\\]\\s=\\s(%S)\\n', t.footer)
    return line === undefined ? undefined : sumOf(findFloats('(%F)', line))
  },
  filament_weight_total: (t) => findFloat('total\\sfilament\\sused\\s\\[g\\]\\s=\\s(%F)', t.footer)
}

const SLIC3R_FIELDS: Fields = {
  ...PRUSA_FIELDS,
  estimated_time: () => undefined,
  filament_total: (t) => {
    const metres = findFloat(';\\sfilament_length_m\\s=\\s(%F)', t.footer)
    return metres === undefined ? undefined : metres * 1000
  },
  filament_weight_total: (t) => findFloat(';\\sfilament\\smass_g\\s=\\s(%F)', t.footer)
}

const SLIC3R_PE_FIELDS: Fields = {
  ...PRUSA_FIELDS,
  filament_total: (t) => findFloat('filament\\sused\\s=\\s(%F)mm', t.footer)
}

const CURA_FIELDS: Fields = {
  layer_count: (t) => findInt(';LAYER_COUNT:(%D)', t.header),
  object_height: (t) => findFloat(';MAXZ:(%F)', t.header),
  estimated_time: (t) => maxOf(findFloats(';TIME:(%F)', t.header)),
  nozzle_diameter: (t) => findFloat(';Nozzle\\sdiameter\\s=\\s(%F)', t.header),
  layer_height: (t) => findFloat(';Layer\\sheight:\\s(%F)', t.header),
  first_layer_height: (t) => findFloat(';MINZ:(%F)', t.header),
  first_layer_extr_temp: (t) => findFloat('M109 S(%F)', t.header),
  first_layer_bed_temp: (t) => findFloat('M190 S(%F)', t.header),
  chamber_temp: (t) => findFloat('M191 S(%F)', t.header),
  filament_name: (t) => findString(';Filament\\sname\\s=\\s(%S)', t.header),
  filament_type: (t) => findString(';Filament\\stype\\s=\\s(%S)', t.header),
  filament_total: (t) => {
    const line = findString(';Filament\\sused:\\s(%S)\\n', t.header)
    const metres = line === undefined ? [] : findFloats('(%F)', line)
    return metres.length ? metres.reduce((sum, m) => sum + m * 1000, 0) : undefined
  },
  filament_weight_total: (t) => {
    const line = findString(';Filament\\sweight\\s=\\s\\[(%S)\\]', t.header)
    return line === undefined ? undefined : sumOf(findFloats('(%F)', line))
  }
}

/** A slicer Moonraker recognises: how to spot it in the head, and what it then reads. */
interface SlicerRule {
  name: string
  identity: RegExp
  fields: Fields
  version?: (match: RegExpExecArray, header: string) => string
}

/** Checked in order; the first match wins (Moonraker's order). */
const SLICERS: SlicerRule[] = [
  { name: 'PrusaSlicer', identity: /PrusaSlicer\s([^\n]*)\son/, fields: PRUSA_FIELDS },
  { name: 'SuperSlicer', identity: /SuperSlicer\s([^\n]*)\son/, fields: PRUSA_FIELDS },
  { name: 'OrcaSlicer', identity: /OrcaSlicer\s([^\n]*)\son/, fields: PRUSA_FIELDS },
  { name: 'BambuStudio', identity: /BambuStudio[^ ]*\s([^\n]*)\n/, fields: PRUSA_FIELDS },
  { name: 'Slic3r PE', identity: /Slic3r\sPrusa\sEdition\s([^\n]*)\son/, fields: SLIC3R_PE_FIELDS },
  { name: 'Slic3r', identity: /Slic3r\s(\d[^\n]*)\son/, fields: SLIC3R_FIELDS },
  { name: 'Cura', identity: /Cura_SteamEngine\s([^\n]*)/, fields: CURA_FIELDS },
  { name: 'Simplify3D', identity: /Simplify3D\(R\)\sVersion\s([^\n]*)/, fields: {} },
  {
    name: 'KISSlicer',
    identity: /;\sKISSlicer/,
    fields: {},
    version: (_m, header) => /;\sversion\s([^\n]*)/.exec(header)?.[1].replace(/ /g, '-') ?? '?'
  },
  { name: 'IdeaMaker', identity: /\sideaMaker\s([^\n]*),/, fields: {} }
]

/** Moonraker's field order (the keys of `metadata_json` after slicer and version). */
const FIELD_ORDER = [
  'gcode_start_byte',
  'gcode_end_byte',
  'layer_count',
  'object_height',
  'estimated_time',
  'nozzle_diameter',
  'layer_height',
  'first_layer_height',
  'first_layer_extr_temp',
  'first_layer_bed_temp',
  'chamber_temp',
  'filament_name',
  'filament_type',
  'filament_total',
  'filament_weight_total'
] as const

/** The metadata object the real server stores (as a JSON string) for a file with this sample. */
export function moonrakerMetadata(sample: GcodeSample): Record<string, unknown> {
  const t: Texts = {
    header: sample.head.subarray(0, MOONRAKER_READ_SIZE).toString('latin1'),
    footer: sample.tail.subarray(-MOONRAKER_READ_SIZE).toString('latin1'),
    size: sample.size
  }
  const metadata: Record<string, unknown> = {}
  let fields = UNKNOWN_FIELDS
  metadata.slicer = 'Unknown'
  for (const rule of SLICERS) {
    const match = rule.identity.exec(t.header)
    if (!match) continue
    metadata.slicer = rule.name
    metadata.slicer_version = utf8(rule.version ? rule.version(match, t.header) : match[1])
    fields = rule.fields
    break
  }
  const readers: Fields = {
    gcode_start_byte: gcodeStartByte,
    gcode_end_byte: gcodeEndByte,
    ...fields
  }
  for (const key of FIELD_ORDER) {
    const value = readers[key]?.(t)
    if (value !== undefined) metadata[key] = value
  }
  return metadata
}

/** The whole-file convenience for small in-memory contents (seed data, tests). */
export function moonrakerMetadataOf(content: Buffer): Record<string, unknown> {
  return moonrakerMetadata({
    head: content.subarray(0, MOONRAKER_READ_SIZE),
    tail: content.subarray(-MOONRAKER_READ_SIZE),
    size: content.length
  })
}
