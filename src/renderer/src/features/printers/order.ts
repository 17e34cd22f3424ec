/**
 * The dashboard's order: the user's dragged order first, then printers they never placed, by name.
 * Pure functions, so the rules are tested without React.
 */
import type { AccountPrinters, PrinterSummary } from '@shared/models/printer'

/** What ordering and grouping need of each printer, by id. */
export type PrintersById = Readonly<Record<string, Pick<PrinterSummary, 'name' | 'accountId'>>>

/**
 * Natural name order ("Printer 2" before "Printer 10", case and accents ignored). One collator for
 * every comparison: `localeCompare` with options builds a new one per call, which made sorting a
 * 20-printer dashboard cost tens of milliseconds before its first paint (issue 9).
 */
let nameCollator: Intl.Collator | null = null
function compareNames(a: string, b: string): number {
  nameCollator ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
  return nameCollator.compare(a, b)
}

/**
 * Every printer id in dashboard order: those in `preferred` in that order, the rest after them by
 * name (then id, so two printers with one name keep a stable place).
 */
export function orderPrinterIds(
  ids: readonly string[],
  byId: PrintersById,
  preferred: readonly string[]
): string[] {
  const rank = new Map(preferred.map((id, index) => [id, index]))
  const placed = ids.filter((id) => rank.has(id))
  placed.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
  const rest = ids.filter((id) => !rank.has(id))
  rest.sort((a, b) => {
    const byName = compareNames(byId[a]?.name ?? '', byId[b]?.name ?? '')
    // Ids only break ties, so plain code-unit order does (and needs no collator).
    return byName !== 0 ? byName : a < b ? -1 : a > b ? 1 : 0
  })
  return [...placed, ...rest]
}

/** One account's section of the dashboard. */
export interface PrinterGroup {
  accountId: string
  printerIds: string[]
}

/**
 * Splits ordered ids into one group per account, in the order main lists the accounts (an account
 * with no printers still gets its group, so its banner has a place). Printers of an account main
 * no longer lists are dropped.
 */
export function groupByAccount(
  orderedIds: readonly string[],
  byId: PrintersById,
  accounts: readonly Pick<AccountPrinters, 'accountId'>[]
): PrinterGroup[] {
  const groups = new Map<string, string[]>(accounts.map((a) => [a.accountId, []]))
  for (const id of orderedIds) {
    const printer = byId[id]
    if (printer) groups.get(printer.accountId)?.push(id)
  }
  return [...groups].map(([accountId, printerIds]) => ({ accountId, printerIds }))
}

/**
 * The order to save after moving `id` by `offset` places among `visible` (its group, shown in
 * order). Ids in `saved` that are not on screen (an account that is away) keep their place at the
 * end, so coming back does not reshuffle them. Returns null when the move goes nowhere.
 */
export function moveBy(
  fullOrder: readonly string[],
  visible: readonly string[],
  id: string,
  offset: number,
  saved: readonly string[] = []
): string[] | null {
  const from = visible.indexOf(id)
  const to = Math.max(0, Math.min(visible.length - 1, from + offset))
  if (from === -1 || from === to) return null
  return moveTo(fullOrder, id, visible[to], to > from ? 'after' : 'before', saved)
}

/**
 * The order to save after dropping `id` before or after `target`. Returns null for a no-op.
 */
export function moveTo(
  fullOrder: readonly string[],
  id: string,
  target: string,
  where: 'before' | 'after',
  saved: readonly string[] = []
): string[] | null {
  if (id === target || !fullOrder.includes(id) || !fullOrder.includes(target)) return null
  const without = fullOrder.filter((x) => x !== id)
  const at = without.indexOf(target) + (where === 'after' ? 1 : 0)
  const next = [...without.slice(0, at), id, ...without.slice(at)]
  if (next.every((x, i) => x === fullOrder[i])) return null
  const away = saved.filter((x) => !fullOrder.includes(x))
  return [...next, ...away]
}
