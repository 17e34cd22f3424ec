import { describe, expect, it } from 'vitest'
import {
  firstNumber,
  parseDuration,
  parseNumber,
  placeholdersIn,
  sumNumbers
} from '../../../src/main/core/gcode/values'

describe('comment values', () => {
  it('reads durations the ways slicers write them', () => {
    expect(parseDuration('32m 6s')).toBe(1926)
    expect(parseDuration('1d 2h 3m 4s')).toBe(93_784)
    expect(parseDuration('0 hours 31 minutes')).toBe(1860)
    expect(parseDuration('1 hour 2 minutes 3 sec')).toBe(3723)
    expect(parseDuration('20s')).toBe(20)
  })

  it('gives null for placeholders, prose and empty values, never 0', () => {
    expect(parseDuration('#P_TIME#')).toBeNull()
    expect(parseDuration('{print_time}')).toBeNull()
    expect(parseDuration('')).toBeNull()
    expect(parseDuration('about 3 fortnights')).toBeNull()
    expect(parseNumber('#F_AMNT#')).toBeNull()
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('12abc')).toBeNull()
    expect(sumNumbers('#F_AMNT#m', 'm')).toBeNull()
    expect(sumNumbers('1.5, #X#')).toBeNull()
  })

  it('reads numbers, lists and per-extruder sums', () => {
    expect(parseNumber('0.15')).toBe(0.15)
    expect(parseNumber('.4')).toBe(0.4)
    expect(firstNumber('220,215')).toBe(220)
    expect(firstNumber('[0.4]')).toBe(0.4)
    expect(sumNumbers('1482.1mm, 34.4mm (3.6cm3)', 'mm')).toBe(1516.5)
    expect(sumNumbers('0.1;0.2')).toBe(0.3)
  })

  it('lists the placeholders a slicer left', () => {
    expect(
      placeholdersIn(';Print time: #P_TIME#\n;Filament used: #F_AMNT#m #F_WGHT#g #P_TIME#')
    ).toEqual(['#P_TIME#', '#F_AMNT#', '#F_WGHT#'])
  })
})
