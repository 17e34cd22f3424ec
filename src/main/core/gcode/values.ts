/**
 * Reading the values slicers write into comments. A value a slicer never filled in (`#P_TIME#`,
 * `{print_time}`, empty) is not a number: every reader here answers null for it rather than 0.
 */

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i

/** A whole value that is one decimal number (`0.15`, `215`, `.4`), else null. */
export function parseNumber(text: string | undefined): number | null {
  if (text === undefined) return null
  const trimmed = text.trim()
  if (!NUMBER.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

/** The first number of a list (`220,220`, `[0.4]`, `0.4;0.6`): one value per extruder. */
export function firstNumber(text: string | undefined): number | null {
  if (text === undefined) return null
  const first = text
    .trim()
    .replace(/^\[/, '')
    .split(/[,;\]]/)[0]
  return parseNumber(first)
}

/**
 * The sum of a per-extruder list (`986.61`, `1482.1mm, 34.4mm (3.6cm3)`), with an optional unit
 * after each item. Null when any item is not a number (an unfilled placeholder).
 */
export function sumNumbers(text: string | undefined, unit = ''): number | null {
  if (text === undefined) return null
  const items = text
    .replace(/\([^)]*\)/g, '')
    .split(/[,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
  if (items.length === 0) return null
  let sum = 0
  for (const item of items) {
    const value = parseNumber(unit && item.endsWith(unit) ? item.slice(0, -unit.length) : item)
    if (value === null) return null
    sum += value
  }
  return roundTo(sum, 9)
}

const UNIT_SECONDS: Record<string, number> = {
  d: 86_400,
  day: 86_400,
  days: 86_400,
  h: 3600,
  hour: 3600,
  hours: 3600,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1
}

/**
 * A duration as slicers write it: `1d 2h 3m 4s`, `32m 6s`, `0 hours 31 minutes`. Every word must
 * be a number with a unit, so placeholders and prose give null.
 */
export function parseDuration(text: string | undefined): number | null {
  if (text === undefined) return null
  const trimmed = text.trim()
  if (trimmed === '') return null
  const token = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/giy
  let total = 0
  let consumed = 0
  for (let match = token.exec(trimmed); match; match = token.exec(trimmed)) {
    const unit = UNIT_SECONDS[match[2].toLowerCase()]
    if (unit === undefined) return null
    total += Number(match[1]) * unit
    consumed = token.lastIndex
  }
  return consumed === trimmed.length ? Math.round(total) : null
}

/** Rounds away binary noise (`0.1 + 0.2`) without hiding a slicer's own precision. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/** Temperatures of 0 mean "not set by the slicer" (Slic3r leaves them to the firmware). */
export function temperature(value: number | null): number | null {
  return value !== null && value > 0 ? value : null
}

/** Placeholders a slicer left in the text (`#P_TIME#`), for a note to the user. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(/#[A-Z][A-Z_]*#/g) ?? [])]
}
