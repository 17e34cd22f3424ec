import type { GcodeMetadata } from '../shared/models/gcode'

/**
 * `printdock inspect` for G-code: the metadata the library shows, as aligned lines. Figures the
 * file does not state are "not stated": Printdock never guesses them from the moves.
 */

const NOT_STATED = 'not stated'
const number = (n: number, digits = 2): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits })

function duration(seconds: number): string {
  const total = Math.round(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`
  return `${s} s`
}

const stated = <T>(value: T | null, show: (value: T) => string): string =>
  value === null ? NOT_STATED : show(value)

/** One G-code file's metadata as aligned lines under its name. */
export function describeGcodeMetadata(name: string, meta: GcodeMetadata): string {
  const kindWords = meta.kind === 'bgcode' ? 'binary G-code (.bgcode)' : 'G-code'
  const rows: [string, string][] = [
    ['kind', kindWords],
    ['size', `${number(meta.fileSizeBytes, 0)} bytes`],
    ['slicer', stated(meta.slicer, (s) => (s.version ? `${s.name} ${s.version}` : s.name))],
    ['print time', stated(meta.estimatedTimeSeconds, duration)],
    ['filament', stated(meta.filamentLengthMm, (mm) => `${number(mm / 1000)} m`)],
    ['filament weight', stated(meta.filamentWeightG, (g) => `${number(g)} g`)],
    ['layer height', stated(meta.layerHeightMm, (mm) => `${number(mm, 3)} mm`)],
    ['nozzle', stated(meta.nozzleTemperatureC, (c) => `${number(c, 0)} °C`)],
    ['bed', stated(meta.bedTemperatureC, (c) => `${number(c, 0)} °C`)],
    ['objects', stated(meta.objectCount, (n) => number(n, 0))],
    [
      'thumbnails',
      meta.thumbnails.length === 0
        ? 'none'
        : meta.thumbnails
            .map(
              (t) =>
                `${t.width}×${t.height} ${t.format.toUpperCase()} (${number(t.byteSize, 0)} bytes)`
            )
            .join('\n' + ' '.repeat(21))
    ]
  ]
  const lines = [name, ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(19)}${value}`)]
  if (!meta.obicoAccepts && meta.kind === 'bgcode') lines.push('  Obico takes only text G-code.')
  for (const note of meta.notes) lines.push(`  Note: ${note}`)
  return lines.join('\n')
}

/**
 * The metadata as JSON for scripts: everything except the preview image's bytes, which would
 * bury the figures (the thumbnails list says what is embedded).
 */
export function gcodeMetadataJson(meta: GcodeMetadata): string {
  const { preview, ...rest } = meta
  const shown = preview ? { ...preview, base64: undefined } : null
  return JSON.stringify({ ...rest, preview: shown }, null, 2)
}
