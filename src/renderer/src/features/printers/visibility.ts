/**
 * Which cards are on (or near) the screen, through one shared IntersectionObserver. A farm's
 * dashboard holds hundreds of cards; only those near the viewport render their full body, so an
 * update to every printer costs the work of the few that can be seen.
 */
import { useEffect, useState, type RefObject } from 'react'
import { DASHBOARD_GEOMETRY } from './dashboard-geometry'

/** How far outside the viewport a card still counts as visible (renders before it scrolls in). */
const MARGIN_PX = 300
const MARGIN = `${MARGIN_PX}px 0px`

type Listener = (visible: boolean) => void
const listeners = new Map<Element, Listener>()
let observer: IntersectionObserver | null = null

function sharedObserver(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting)
    },
    { rootMargin: MARGIN }
  )
  return observer
}

/**
 * How many cards, counted from the top of the dashboard, can be near the viewport when it opens:
 * the columns the content box holds at this window width, times the rows that fit in the window's
 * height and the margin. Every figure errs toward more cards: too many costs a few full cards that
 * the observer soon turns back into heads; too few would paint heads where bodies belong.
 */
export function cardsNearAtOpen(): number {
  if (typeof window === 'undefined' || !window.innerWidth) return Number.POSITIVE_INFINITY
  const g = DASHBOARD_GEOMETRY
  const content = Math.min(window.innerWidth - g.sidebarPx, g.contentMaxPx) - g.contentPaddingXPx
  const columns = Math.max(
    1,
    Math.floor((content + g.gridGapPx) / (g.cardMinWidthPx + g.gridGapPx))
  )
  const rows = Math.ceil((window.innerHeight + MARGIN_PX) / (g.cardMinHeightPx + g.gridGapPx))
  return columns * rows
}

/**
 * Whether the element is near the viewport. Without IntersectionObserver (tests in jsdom) every
 * element counts as visible. Starts from `initiallyNear` (the dashboard's guess from the card's
 * place, see `cardsNearAtOpen`) rather than measuring: a measurement in a layout effect forces a
 * layout of the whole dashboard and a second render before the first paint, which was most of the
 * time to a painted dashboard (issue 9). The observer's first report, right after that paint,
 * corrects the guess.
 */
export function useNearViewport(ref: RefObject<Element | null>, initiallyNear: boolean): boolean {
  const [visible, setVisible] = useState(
    () => initiallyNear || typeof IntersectionObserver === 'undefined'
  )
  useEffect(() => {
    const element = ref.current
    const io = sharedObserver()
    if (!element || !io) return
    listeners.set(element, setVisible)
    io.observe(element)
    return () => {
      io.unobserve(element)
      listeners.delete(element)
    }
  }, [ref])
  return visible
}
