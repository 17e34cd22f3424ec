/**
 * Facts that change on nearly every status push (progress, elapsed and remaining time, layer,
 * temperatures, the failure gauge) are written into their DOM node by a store subscription rather
 * than by re-rendering the components around them: zustand's "transient updates".
 *
 * Why (issue 9): a farm's dashboard takes a push a second that changes every printer, and
 * re-rendering the visible cards' parts for it was most of each update's cost and all of its
 * spread (the 95th percentile). React still renders the structure (which facts a printer has,
 * the file name, the state); the subscription only rewrites what a fact shows, and only when
 * that text or value changed.
 *
 * A live node is left empty by React (no children, no attributes the binding writes), so React
 * and the binding never write the same thing.
 */
import { useLayoutEffect, type RefObject } from 'react'
import type { PrinterSummary } from '@shared/models/printer'
import { printersStore } from '../../stores/printers-store'

/**
 * What a live node shows, read from its printer: a string or number compared with `Object.is`,
 * so a push that leaves it the same touches nothing. Module-level functions, so the subscription
 * is made once per node.
 */
export type ReadFact<T extends string | number | null> = (printer: PrinterSummary) => T

/** Writes a value into the node. */
export type WriteFact<E extends Element, T> = (element: E, value: T) => void

/**
 * Binds the node behind `ref` to `read(printer)`: written before the first paint (a layout
 * effect), then again from the store whenever a push changes it.
 */
export function useLiveFact<E extends Element, T extends string | number | null>(
  ref: RefObject<E | null>,
  printerId: string,
  read: ReadFact<T>,
  write: WriteFact<E, T>
): void {
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    let printer = printersStore.getState().byId[printerId]
    let shown: T | undefined
    const show = (): void => {
      if (!printer) return
      const value = read(printer)
      if (shown !== undefined && Object.is(value, shown)) return
      shown = value
      write(element, value)
    }
    show()
    return printersStore.subscribe((state) => {
      const next = state.byId[printerId]
      if (next === printer) return
      printer = next
      show()
    })
  }, [ref, printerId, read, write])
}

/** The usual write: the node's text ("—" for unknown). */
export function writeText(element: Element, value: string | number | null): void {
  element.textContent = value === null ? '—' : String(value)
}
