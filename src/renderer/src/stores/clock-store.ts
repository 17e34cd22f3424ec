/**
 * A shared clock for "5 min ago" and "finishes at 14:05": one timer for the whole page, read only
 * by the small components that print relative times, so a tick never re-renders a whole card.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'

/** How often relative times are brought up to date. */
const TICK_MS = 30_000

/** The clock store: `now` in epoch milliseconds. */
export const clockStore = createStore<{ now: number }>(() => ({ now: Date.now() }))

let timer: ReturnType<typeof setInterval> | undefined
let users = 0

/** Starts ticking while at least one caller needs it; returns the stop function. */
export function startClock(): () => void {
  users++
  if (users === 1) {
    clockStore.setState({ now: Date.now() })
    timer = setInterval(() => clockStore.setState({ now: Date.now() }), TICK_MS)
  }
  return () => {
    users--
    if (users === 0 && timer !== undefined) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

/** The current time, updated every tick. */
export function useNow(): Date {
  const now = useStore(clockStore, (s) => s.now)
  return new Date(now)
}
