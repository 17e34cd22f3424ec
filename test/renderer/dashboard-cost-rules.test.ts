/**
 * The small rules that keep the dashboard cheap to open and to update (issue 9): the flat-field
 * comparison the cards' head subscriptions use, and the guess of which cards are near the viewport
 * when the dashboard opens.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { sameFlatFields } from '../../src/renderer/src/stores/use-flat-fields'
import { cardsNearAtOpen } from '../../src/renderer/src/features/printers/visibility'

describe('sameFlatFields', () => {
  it('is true only when every field is the same value', () => {
    const head = { state: 'printing', name: 'Alpha', greyed: false }
    expect(sameFlatFields(head, { ...head })).toBe(true)
    expect(sameFlatFields(head, { ...head, name: 'Bravo' })).toBe(false)
    expect(sameFlatFields(head, { ...head, greyed: true })).toBe(false)
    // NaN is NaN, and +0 is not -0 (Object.is, as React compares).
    expect(sameFlatFields({ x: Number.NaN }, { x: Number.NaN })).toBe(true)
    expect(sameFlatFields({ x: 0 }, { x: -0 })).toBe(false)
  })

  it('is false before there is a previous value', () => {
    expect(sameFlatFields(undefined, { state: 'idle' })).toBe(false)
  })

  it('compares nested objects by identity, not content', () => {
    const job = { progress: 5 }
    expect(sameFlatFields({ job }, { job })).toBe(true)
    expect(sameFlatFields({ job }, { job: { progress: 5 } })).toBe(false)
  })
})

describe('cardsNearAtOpen', () => {
  const { innerWidth, innerHeight } = window
  const resize = (width: number, height: number): void => {
    Object.defineProperty(window, 'innerWidth', { value: width, configurable: true })
    Object.defineProperty(window, 'innerHeight', { value: height, configurable: true })
  }
  afterEach(() => resize(innerWidth, innerHeight))

  it('counts the columns the content box holds and the rows in the height and margin', () => {
    resize(1280, 720)
    // Content min(1280 − 220, 920) − 80 = 840 px → (840 + 12) / 302 → 2 columns;
    // (720 + 300) / 352 → 3 rows.
    expect(cardsNearAtOpen()).toBe(6)
    resize(1000, 1400)
    // 780 − 80 = 700 px → 2 columns; 1700 / 352 → 5 rows.
    expect(cardsNearAtOpen()).toBe(10)
    resize(800, 600)
    // 580 − 80 = 500 px → 1 column; 900 / 352 → 3 rows.
    expect(cardsNearAtOpen()).toBe(3)
  })

  it('counts at least one column in a window narrower than a card', () => {
    resize(300, 100)
    expect(cardsNearAtOpen()).toBe(2)
  })

  it('treats every card as near when the window has no size yet', () => {
    resize(0, 0)
    expect(cardsNearAtOpen()).toBe(Number.POSITIVE_INFINITY)
  })
})
