/**
 * Printers: every printer of every linked Obico account, kept by id, plus what the page is doing
 * with them (commands in flight, selection, which printer page is open).
 *
 * Built so that only changed printers re-render: `printers:changed` carries only the printers whose
 * data changed, each is stored under its id as a new object, and every other entry keeps its
 * identity. Cards select `byId[id]` and are memoised, so an unchanged printer's card is skipped.
 * `ids` and `accountIds` get a new array only when membership changes, so the dashboard itself
 * re-renders only when a printer or an account comes or goes.
 *
 * Newer wins, as everywhere (docs/decisions/0008): the view and each change carry a revision, and
 * anything at or below the revision the store holds is ignored.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { OperationId } from '@shared/ipc/contract'
import {
  DEFAULT_PRINTER_PREFERENCES,
  type AccountPrinters,
  type AlertVerdict,
  type CommandReceipt,
  type PrinterCommand,
  type PrinterPreferences,
  type PrinterPreferencesPatch,
  type PrinterSettingsPatch,
  type PrinterSummary,
  type PrintersChange,
  type PrintersView
} from '@shared/models/printer'
import type { Snapshot } from '@shared/snapshot'
import { api } from '../lib/api'
import { errorText } from '../lib/error-text'
import { toUiError, type UiError } from '../lib/ui-error'
import type { PrintersById } from '../features/printers/order'
import { navigate } from './navigation-store'
import { pushNotice } from './notice-store'

/** What the Printers screen shows. */
export type PrintersPage =
  | { kind: 'dashboard' }
  | { kind: 'printer'; printerId: string }
  | { kind: 'history'; accountId: string; printerId?: string }

/** Loading state of the watch. */
export type PrintersStatus =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: UiError }

/** A command outcome the page learnt itself (main's answer), shown until main's data says more. */
export interface LocalCommandNote {
  operationId: OperationId
  command: PrinterCommand
  state: 'sending' | 'failed' | 'rejected'
  message?: string
}

/** State of the printers store. */
export interface PrintersState {
  status: PrintersStatus
  /** The revision of the newest view or change applied (0 before main answered). */
  revision: number
  accountsById: Record<string, AccountPrinters>
  /** Account ids in main's order; a new array only when accounts come or go. */
  accountIds: string[]
  byId: Record<string, PrinterSummary>
  /** Printer ids in main's order; a new array only when printers come or go. */
  ids: string[]
  /**
   * What ordering and grouping read of each printer (name, account); a new object only when a
   * printer comes, goes, is renamed or moves account, so the dashboard's subscription is one
   * identity check per push rather than a pass over every printer.
   */
  placement: PrintersById
  openAlerts: number
  preferences: PrinterPreferences
  page: PrintersPage
  /** Printers ticked for a group pause or cancel. */
  selected: Record<string, true>
  /** Commands from this page, by printer, from before main answers until main's data shows them. */
  commands: Record<string, LocalCommandNote>
  /** Alert actions in flight, by printer. */
  busy: Record<string, 'acknowledging' | 'muting' | 'saving'>
  /** The printer whose card should take focus when the dashboard shows again. */
  returnFocusTo: string | null
}

const INITIAL: PrintersState = {
  status: { kind: 'idle' },
  revision: 0,
  accountsById: {},
  accountIds: [],
  byId: {},
  ids: [],
  placement: {},
  openAlerts: 0,
  preferences: structuredClone({ ...DEFAULT_PRINTER_PREFERENCES }),
  page: { kind: 'dashboard' },
  selected: {},
  commands: {},
  busy: {},
  returnFocusTo: null
}

/** The printers store. */
export const printersStore = createStore<PrintersState>(() => INITIAL)

/** The lease of this page's `printers:watch`, once main granted it. */
let printersLease: string | undefined
/** Counts watch starts, so a stop during a slow start releases the lease it then gets. */
let watchGeneration = 0

/**
 * Starts watching (the Printers screen is open): main pushes changes and polls at the fast rate.
 * Also loads the order and layout preferences.
 */
export function startWatchingPrinters(): Promise<void> {
  if (printersLease) return Promise.resolve()
  // A start already under way, with no stop since, is this start: two watches would cost main a
  // second lease and the page a second view.
  if (starting && starting.generation === watchGeneration) return starting.done
  const generation = ++watchGeneration
  const done = watchPrinters(generation).finally(() => {
    if (starting?.generation === generation) starting = undefined
  })
  starting = { generation, done }
  return done
}

/** The `printers:watch` call in flight, if any, and the generation that made it. */
let starting: { generation: number; done: Promise<void> } | undefined

async function watchPrinters(generation: number): Promise<void> {
  printersStore.setState({ status: { kind: 'loading' } })
  // Preferences load beside the watch but never hold it up: pushes start arriving as soon as main
  // has answered the watch, and the view must be in the store before them (a newer push would
  // otherwise make the view look old, and printers missing from the push would never show).
  const preferences = api.printers.getPreferences().then(
    (loaded) => {
      if (generation === watchGeneration) printersStore.setState({ preferences: loaded })
    },
    () => undefined
  )
  try {
    const watch = await api.printers.watch()
    if (generation !== watchGeneration) {
      // Stopped (or restarted) while the watch was starting: this lease is nobody's.
      await api.leases.release(watch.leaseId).catch(() => undefined)
      return
    }
    printersLease = watch.leaseId
    applyPrintersView(watch.snapshot)
    printersStore.setState({ status: { kind: 'ready' } })
  } catch (caught) {
    if (generation === watchGeneration) {
      printersStore.setState({ status: { kind: 'failed', error: toUiError(caught) } })
    }
  }
  await preferences
}

/** Ends the watch (the screen closed): main slows its polling when no window watches. */
export async function stopWatchingPrinters(): Promise<void> {
  watchGeneration++
  const lease = printersLease
  printersLease = undefined
  if (lease) await api.leases.release(lease).catch(() => undefined)
}

/** Applies a whole view (the watch's answer, a refresh), unless the store holds a newer one. */
export function applyPrintersView(snapshot: Snapshot<PrintersView>): void {
  printersStore.setState((state) => {
    if (snapshot.revision <= state.revision) return state
    const { printers, accounts, openAlerts } = snapshot.value
    const byId: Record<string, PrinterSummary> = {}
    for (const printer of printers) {
      const current = state.byId[printer.id]
      byId[printer.id] = current && current.revision === printer.revision ? current : printer
    }
    const ids = sameList(
      state.ids,
      printers.map((p) => p.id)
    )
    return {
      revision: snapshot.revision,
      byId,
      ids,
      placement: nextPlacement(state.placement, ids !== state.ids, printers, byId),
      ...accountsUpdate(state, accounts),
      openAlerts,
      ...dropGone(state, byId)
    }
  })
}

/** Applies a pushed change: only the changed printers get new objects. */
export function applyPrintersChange(change: PrintersChange): void {
  printersStore.setState((state) => {
    if (change.revision <= state.revision) return state
    const byId = { ...state.byId }
    let ids = state.ids
    for (const printer of change.changed) {
      if (!(printer.id in byId)) ids = [...ids, printer.id]
      byId[printer.id] = printer
    }
    if (change.removed.length > 0) {
      const gone = new Set(change.removed)
      for (const id of gone) delete byId[id]
      ids = ids.filter((id) => !gone.has(id))
    }
    return {
      revision: change.revision,
      byId,
      ids,
      placement: nextPlacement(
        state.placement,
        ids !== state.ids || change.removed.length > 0,
        change.changed,
        byId
      ),
      ...accountsUpdate(state, change.accounts),
      openAlerts: change.openAlerts,
      ...dropGone(state, byId)
    }
  })
}

/** Applies one printer main returned from an action, if it is newer than the one held. */
export function applyPrinter(printer: PrinterSummary): void {
  printersStore.setState((state) => {
    const current = state.byId[printer.id]
    if (!current || printer.revision <= current.revision) return state
    const byId = { ...state.byId, [printer.id]: printer }
    return { byId, placement: nextPlacement(state.placement, false, [printer], byId) }
  })
}

function accountsUpdate(
  state: PrintersState,
  accounts: AccountPrinters[]
): Pick<PrintersState, 'accountsById' | 'accountIds'> {
  const accountsById: Record<string, AccountPrinters> = {}
  for (const account of accounts) {
    const current = state.accountsById[account.accountId]
    // Same content → same object, so a banner or heading does not re-render for nothing.
    accountsById[account.accountId] =
      current && JSON.stringify(current) === JSON.stringify(account) ? current : account
  }
  return {
    accountsById,
    accountIds: sameList(
      state.accountIds,
      accounts.map((a) => a.accountId)
    )
  }
}

/** Forgets selection and local notes of printers that are gone. */
function dropGone(
  state: PrintersState,
  byId: Record<string, PrinterSummary>
): Partial<PrintersState> {
  const keep = <T>(record: Record<string, T>): Record<string, T> | undefined => {
    const gone = Object.keys(record).filter((id) => !(id in byId))
    if (gone.length === 0) return undefined
    const next = { ...record }
    for (const id of gone) delete next[id]
    return next
  }
  const patch: Partial<PrintersState> = {}
  const selected = keep(state.selected)
  if (selected) patch.selected = selected
  const commands = keep(state.commands)
  if (commands) patch.commands = commands
  // Main's pending command supersedes a note about the same operation.
  const superseded = Object.entries(patch.commands ?? state.commands).filter(
    ([id, note]) => byId[id]?.pendingCommand?.operationId === note.operationId
  )
  if (superseded.length > 0) {
    const next = { ...(patch.commands ?? state.commands) }
    for (const [id] of superseded) delete next[id]
    patch.commands = next
  }
  return patch
}

/**
 * The placement after an update: the same object unless membership changed or one of the `touched`
 * printers has another name or account than the placement records.
 */
function nextPlacement(
  current: PrintersById,
  membershipChanged: boolean,
  touched: readonly PrinterSummary[],
  byId: Record<string, PrinterSummary>
): PrintersById {
  const moved = touched.some(
    (p) => current[p.id]?.name !== p.name || current[p.id]?.accountId !== p.accountId
  )
  if (!membershipChanged && !moved) return current
  const placement: Record<string, Pick<PrinterSummary, 'name' | 'accountId'>> = {}
  for (const [id, printer] of Object.entries(byId)) {
    placement[id] = { name: printer.name, accountId: printer.accountId }
  }
  return placement
}

function sameList(current: string[], next: string[]): string[] {
  return current.length === next.length && current.every((x, i) => x === next[i]) ? current : next
}

/**
 * Pauses, resumes or cancels one or more printers (the UI has confirmed first where needed). The
 * card says "Pausing…" from now on; main's answer and later pushes say whether it happened.
 * Never retried: a failure is shown, and the user decides.
 */
export async function sendCommand(printerIds: string[], command: PrinterCommand): Promise<void> {
  if (printerIds.length === 0) return
  const operationId = crypto.randomUUID()
  setCommandNotes(printerIds, { operationId, command, state: 'sending' })
  let receipts: CommandReceipt[]
  try {
    receipts = await api.printers.command(operationId, { printerIds, command })
  } catch (caught) {
    const message = errorText(toUiError(caught))
    setCommandNotes(printerIds, { operationId, command, state: 'failed', message })
    pushNotice({ level: 'error', message: `Nothing was sent. ${message}` })
    return
  }
  printersStore.setState((state) => {
    const commands = { ...state.commands }
    for (const receipt of receipts) {
      if (commands[receipt.printerId]?.operationId !== operationId) continue
      if (receipt.state === 'failed' || receipt.state === 'rejected') {
        commands[receipt.printerId] = {
          operationId,
          command,
          state: receipt.state,
          message: receipt.message
        }
      } else {
        // Main now tracks it in the printer's `pendingCommand`.
        delete commands[receipt.printerId]
      }
    }
    return { commands, selected: {} }
  })
}

function setCommandNotes(printerIds: string[], note: LocalCommandNote): void {
  printersStore.setState((state) => {
    const commands = { ...state.commands }
    for (const id of printerIds) commands[id] = note
    return { commands }
  })
}

/** Forgets a failed command's note (the user dismissed it). */
export function dismissCommandNote(printerId: string): void {
  printersStore.setState((state) => {
    if (!(printerId in state.commands)) return state
    const commands = { ...state.commands }
    delete commands[printerId]
    return { commands }
  })
}

/** "It failed" / "Not a failure" on the current alert. */
export function acknowledgeAlert(printerId: string, verdict: AlertVerdict): Promise<boolean> {
  return printerAction(printerId, 'acknowledging', () =>
    api.printers.acknowledgeAlert(printerId, verdict)
  )
}

/** Mutes alerts for the current print. The UI offers it only while a print is current. */
export function muteAlerts(printerId: string): Promise<boolean> {
  return printerAction(printerId, 'muting', () => api.printers.mute(printerId, true))
}

/** Saves printer settings (name, action on failure, sensitivity, pause behaviour). */
export function savePrinterSettings(
  printerId: string,
  patch: PrinterSettingsPatch
): Promise<boolean> {
  return printerAction(printerId, 'saving', () => api.printers.updateSettings(printerId, patch))
}

async function printerAction(
  printerId: string,
  kind: PrintersState['busy'][string],
  call: () => Promise<PrinterSummary>
): Promise<boolean> {
  if (printersStore.getState().busy[printerId]) return false
  printersStore.setState((state) => ({ busy: { ...state.busy, [printerId]: kind } }))
  try {
    applyPrinter(await call())
    return true
  } catch (caught) {
    const name = printersStore.getState().byId[printerId]?.name ?? 'the printer'
    pushNotice({
      level: 'error',
      message: `${ACTION_FAILED[kind]} ${name}. ${errorText(toUiError(caught))}`
    })
    return false
  } finally {
    printersStore.setState((state) => {
      const busy = { ...state.busy }
      delete busy[printerId]
      return { busy }
    })
  }
}

const ACTION_FAILED: Record<PrintersState['busy'][string], string> = {
  acknowledging: 'The alert could not be answered for',
  muting: 'Alerts could not be muted for',
  saving: 'Settings were not saved for'
}

/** Counts preference saves, so only the newest answer is applied. */
let latestPreferenceSave = 0

/** Changes the order or layout: applied at once, saved through main, undone if saving fails. */
export async function updatePrinterPreferences(patch: PrinterPreferencesPatch): Promise<void> {
  const save = ++latestPreferenceSave
  const before = printersStore.getState().preferences
  printersStore.setState({
    preferences: { ...before, ...patch, notify: { ...before.notify, ...patch.notify } }
  })
  try {
    const saved = await api.printers.updatePreferences(patch)
    if (save === latestPreferenceSave) printersStore.setState({ preferences: saved })
  } catch (caught) {
    if (save === latestPreferenceSave) printersStore.setState({ preferences: before })
    pushNotice({
      level: 'error',
      message: `The printer layout was not saved. ${errorText(toUiError(caught))}`
    })
  }
}

/** Ticks or unticks a printer for a group command. */
export function toggleSelected(printerId: string, selected: boolean): void {
  printersStore.setState((state) => {
    const next = { ...state.selected }
    if (selected) next[printerId] = true
    else delete next[printerId]
    return { selected: next }
  })
}

/** Unticks every printer. */
export function clearSelection(): void {
  printersStore.setState({ selected: {} })
}

/** Opens a printer's page. */
export function openPrinterPage(printerId: string): void {
  printersStore.setState({ page: { kind: 'printer', printerId }, returnFocusTo: printerId })
}

/** Opens an account's (or one printer's) print history. */
export function openHistory(accountId: string, printerId?: string): void {
  printersStore.setState({ page: { kind: 'history', accountId, printerId } })
}

/** Back to the dashboard; the card the user came from takes focus. */
export function showDashboard(): void {
  printersStore.setState({ page: { kind: 'dashboard' } })
}

/** The card focus went back to has taken it. */
export function returnFocusHandled(): void {
  printersStore.setState({ returnFocusTo: null })
}

/** A desktop notification was clicked: show that printer's page. */
export function handlePrinterOpen(printerId: string): void {
  navigate('printers')
  openPrinterPage(printerId)
}

/** Retries reading every account (the banner's "Try again"). */
export async function refreshPrinters(): Promise<void> {
  try {
    applyPrintersView(await api.printers.refresh())
  } catch (caught) {
    pushNotice({
      level: 'error',
      message: `Printers could not be read. ${errorText(toUiError(caught))}`
    })
  }
}

/** Reads the printers store from React. */
export function usePrintersStore<T>(selector: (state: PrintersState) => T): T {
  return useStore(printersStore, selector)
}
