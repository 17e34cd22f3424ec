/**
 * `useShallow` for selectors that return a small object of plain values, without its cost.
 *
 * zustand's `shallow` compares objects through `Object.entries` and a Map, which is a few
 * microseconds a call; a farm dashboard runs one such selector per card on every push (200 cards,
 * a push a second), and that comparison alone was about a millisecond of each update (issue 9).
 * The selectors this serves always return the same keys, so comparing `next`'s keys is enough.
 */
import { useRef } from 'react'

/** True when every field of `next` is `Object.is` the same field of `previous`. */
export function sameFlatFields<T extends object>(previous: T | undefined, next: T): boolean {
  if (previous === undefined) return false
  for (const key in next) {
    if (!Object.is(previous[key], next[key])) return false
  }
  return true
}

/**
 * Both null, or the same fields both ways, for objects decoded anew from each push (an alert, a
 * pending command): both ways, so an optional field such as a message that comes or goes counts.
 */
export function sameFlatOrBothNull<T extends object>(a: T | null, b: T | null): boolean {
  return a === b || (a !== null && b !== null && sameFlatFields(a, b) && sameFlatFields(b, a))
}

/** Wraps a selector so it returns the previous object while its fields are unchanged. */
export function useFlatFields<S, T extends object>(selector: (state: S) => T): (state: S) => T {
  return useStableSelection(selector, sameFlatFields)
}

/**
 * Wraps a selector so it returns the previous value while `same(previous, next)` holds: the
 * component re-renders only when something it renders changed.
 */
export function useStableSelection<S, T>(
  selector: (state: S) => T,
  same: (previous: T, next: T) => boolean
): (state: S) => T {
  const previous = useRef<T | undefined>(undefined)
  return (state) => {
    const next = selector(state)
    if (previous.current !== undefined && same(previous.current, next)) return previous.current
    previous.current = next
    return next
  }
}
