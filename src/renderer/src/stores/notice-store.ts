/**
 * Toasts: notices from main (`app:notice`) and short confirmations from the renderer.
 *
 * Every toast goes away by itself, errors included (they stay longer), except a notice that needs
 * the user to act outside Printdock (`needsAction`), which stays until dismissed. Errors that
 * belong to a form are shown beside the form, not here. While the pointer rests on the stack or
 * focus is inside it, the clocks stop, so nobody loses a message they are reading (WCAG 2.2.1).
 * See docs/decisions/0016-accounts-list-and-toasts.md.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { Notice } from '@shared/models/app-info'

/** A toast on screen. */
export interface Toast extends Notice {
  /** Auto-dismiss delay in ms; null: stays until dismissed. */
  timeoutMs: number | null
}

/** State of the toast stack. */
export interface NoticeState {
  toasts: Toast[]
}

/** How long toasts stay, by level: long enough to read twice, errors longest. */
export const TOAST_MS = { info: 6000, warning: 10_000, error: 12_000 } as const
const MAX_TOASTS = 4

/** The notice store (vanilla; React reads it through `useNoticeStore`). */
export const noticeStore = createStore<NoticeState>(() => ({ toasts: [] }))

/** A running (or paused) auto-dismiss clock. */
interface Clock {
  timer: ReturnType<typeof setTimeout> | undefined
  remainingMs: number
  startedAt: number
}

const clocks = new Map<string, Clock>()
let held = false
let counter = 0

/** Shows a toast; returns its id. A notice with an id already shown replaces it. */
export function pushNotice(notice: Omit<Notice, 'id'> & { id?: string }): string {
  const id = notice.id ?? `ui-${Date.now()}-${++counter}`
  const timeoutMs = notice.needsAction ? null : TOAST_MS[notice.level]
  const toast: Toast = { id, level: notice.level, message: notice.message, timeoutMs }
  if (notice.needsAction) toast.needsAction = true
  noticeStore.setState((state) => ({
    toasts: [...state.toasts.filter((t) => t.id !== id), toast].slice(-MAX_TOASTS)
  }))
  clearClock(id)
  if (timeoutMs !== null) {
    const clock: Clock = { timer: undefined, remainingMs: timeoutMs, startedAt: Date.now() }
    clocks.set(id, clock)
    if (!held) run(id, clock)
  }
  return id
}

/** Removes a toast. */
export function dismissNotice(id: string): void {
  clearClock(id)
  noticeStore.setState((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }))
}

/** Stops every auto-dismiss clock (the user is reading or using the stack). */
export function holdNotices(): void {
  if (held) return
  held = true
  const now = Date.now()
  for (const clock of clocks.values()) {
    if (clock.timer === undefined) continue
    clearTimeout(clock.timer)
    clock.timer = undefined
    clock.remainingMs = Math.max(0, clock.remainingMs - (now - clock.startedAt))
  }
}

/** Restarts the clocks where they stopped. */
export function releaseNotices(): void {
  if (!held) return
  held = false
  for (const [id, clock] of clocks) run(id, clock)
}

/** Clears every toast and clock (tests, window reload). */
export function resetNotices(): void {
  for (const id of [...clocks.keys()]) clearClock(id)
  held = false
  noticeStore.setState({ toasts: [] })
}

function run(id: string, clock: Clock): void {
  clock.startedAt = Date.now()
  clock.timer = setTimeout(() => dismissNotice(id), clock.remainingMs)
}

function clearClock(id: string): void {
  const clock = clocks.get(id)
  if (clock?.timer !== undefined) clearTimeout(clock.timer)
  clocks.delete(id)
}

/** Reads the notice store from React. */
export function useNoticeStore<T>(selector: (state: NoticeState) => T): T {
  return useStore(noticeStore, selector)
}
