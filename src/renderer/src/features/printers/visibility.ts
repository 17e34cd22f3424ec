/**
 * Which cards are on (or near) the screen, through one shared IntersectionObserver. A farm's
 * dashboard holds hundreds of cards; only those near the viewport render their full body, so an
 * update to every printer costs the work of the few that can be seen.
 */
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react'

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
 * Whether the element is near the viewport. Without IntersectionObserver (tests in jsdom) every
 * element counts as visible. Starts as not visible: the observer reports the first state at once.
 */
export function useNearViewport(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined')
  // The first answer before the first paint: cards on screen paint with their body at once instead
  // of a frame later, when the observer's first report arrives.
  useLayoutEffect(() => {
    const element = ref.current
    if (!element || typeof IntersectionObserver === 'undefined') return
    const box = element.getBoundingClientRect()
    const near = box.bottom > -MARGIN_PX && box.top < window.innerHeight + MARGIN_PX
    // Measuring layout is what a layout effect is for; the state follows what was measured.
    if (near) setVisible(true)
  }, [ref])
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
