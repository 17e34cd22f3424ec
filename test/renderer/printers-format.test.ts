import { describe, expect, it } from 'vitest'
import {
  commandNote,
  formatDuration,
  formatFinishTime,
  formatLastSeen,
  formatPercent,
  formatTemperature,
  listNames
} from '../../src/renderer/src/features/printers/format'
import {
  groupByAccount,
  moveBy,
  moveTo,
  orderPrinterIds
} from '../../src/renderer/src/features/printers/order'

describe('printer formatting', () => {
  it.each([
    [null, null],
    [-5, null],
    [40, '40 s'],
    [59.6, '1 min'],
    [720, '12 min'],
    [3900, '1 h 05 min'],
    [36_000, '10 h 00 min']
  ])('duration %s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })

  it.each([
    [{ actual: 214.6, target: 215 }, '215 / 215 °C'],
    [{ actual: 38.2, target: null }, '38 °C'],
    [{ actual: 24, target: 0 }, '24 °C'],
    [{ actual: null, target: 60 }, null],
    [null, null]
  ])('temperature %j → %s', (reading, text) => {
    expect(formatTemperature(reading)).toBe(text)
  })

  it.each([
    [null, null],
    [42.9, '42 %'],
    [100, '100 %'],
    [140, '100 %']
  ])('percent %s → %s', (value, text) => {
    expect(formatPercent(value)).toBe(text)
  })

  it('last seen reads relative, then as a date', () => {
    const now = new Date('2026-12-03T12:00:00Z')
    expect(formatLastSeen(null, now)).toBe('never')
    expect(formatLastSeen('2026-12-03T11:59:30Z', now)).toBe('just now')
    expect(formatLastSeen('2026-12-03T11:55:00Z', now)).toBe('5 min ago')
    expect(formatLastSeen('2026-12-03T09:00:00Z', now)).toBe('3 h ago')
    expect(formatLastSeen('2026-11-30T09:00:00Z', now, 'en-GB')).toMatch(/30 Nov/)
  })

  it('the finish time is a clock time today and names the day otherwise', () => {
    const now = new Date(2026, 11, 3, 10, 0)
    expect(formatFinishTime(new Date(2026, 11, 3, 14, 5).toISOString(), now, 'en-GB')).toBe('14:05')
    expect(formatFinishTime(new Date(2026, 11, 4, 9, 10).toISOString(), now, 'en-GB')).toBe(
      'Fri 09:10'
    )
    expect(formatFinishTime(null, now)).toBeNull()
  })

  it.each([
    ['pause', 'awaiting-confirmation', undefined, 'progress', 'Pausing…'],
    ['resume', 'sending', undefined, 'progress', 'Resuming…'],
    ['cancel', 'awaiting-confirmation', undefined, 'progress', 'Cancelling…'],
    [
      'pause',
      'not-confirmed',
      undefined,
      'warning',
      'The printer has not confirmed the pause. It may be offline.'
    ],
    ['pause', 'failed', 'Obico did not answer.', 'error', 'Obico did not answer.'],
    [
      'cancel',
      'rejected',
      undefined,
      'error',
      'Obico refused the cancellation: nothing is printing.'
    ]
  ] as const)('command %s in state %s reads as %s', (command, state, message, tone, text) => {
    expect(commandNote(command, state, message)).toEqual({ tone, text })
  })

  it('a confirmed command needs no words', () => {
    expect(commandNote('pause', 'confirmed')).toBeNull()
  })

  it('lists names in plain English', () => {
    expect(listNames(['A'])).toBe('A')
    expect(listNames(['A', 'B'])).toBe('A and B')
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C')
  })
})

describe('dashboard order', () => {
  const byId = {
    a: { name: 'Zeta', accountId: 'x' },
    b: { name: 'alpha', accountId: 'x' },
    c: { name: 'Mid 10', accountId: 'y' },
    d: { name: 'Mid 9', accountId: 'y' }
  }

  it('puts placed printers first in the saved order, the rest by name', () => {
    expect(orderPrinterIds(['a', 'b', 'c', 'd'], byId, ['c', 'a'])).toEqual(['c', 'a', 'b', 'd'])
    // Natural order: "Mid 9" before "Mid 10"; case does not matter.
    expect(orderPrinterIds(['a', 'b', 'c', 'd'], byId, [])).toEqual(['b', 'd', 'c', 'a'])
  })

  it('groups by account in the order main lists accounts, keeping empty accounts', () => {
    const groups = groupByAccount(['c', 'a', 'b', 'd'], byId, [
      { accountId: 'y' },
      { accountId: 'x' },
      { accountId: 'z' }
    ])
    expect(groups).toEqual([
      { accountId: 'y', printerIds: ['c', 'd'] },
      { accountId: 'x', printerIds: ['a', 'b'] },
      { accountId: 'z', printerIds: [] }
    ])
  })

  it('moves within a group and keeps saved ids of absent printers at the end', () => {
    const full = ['c', 'd', 'a', 'b']
    expect(moveBy(full, ['a', 'b'], 'b', -1, ['gone'])).toEqual(['c', 'd', 'b', 'a', 'gone'])
    expect(moveBy(full, ['a', 'b'], 'a', -1)).toBeNull()
    expect(moveBy(full, ['c', 'd'], 'c', 5)).toEqual(['d', 'c', 'a', 'b'])
  })

  it('drops before or after a target, and ignores a drop on itself', () => {
    expect(moveTo(['a', 'b', 'c'], 'c', 'a', 'before')).toEqual(['c', 'a', 'b'])
    expect(moveTo(['a', 'b', 'c'], 'a', 'c', 'after')).toEqual(['b', 'c', 'a'])
    expect(moveTo(['a', 'b', 'c'], 'a', 'a', 'after')).toBeNull()
    expect(moveTo(['a', 'b', 'c'], 'a', 'b', 'before')).toBeNull()
  })
})
