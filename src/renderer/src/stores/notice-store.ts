/**
 * Toasts: notices from main (`app:notice`) and short confirmations from the renderer.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { Notice } from '@shared/models/app-info'

/** A toast on screen. */
export interface Toast extends Notice {
  /** Auto-dismiss delay in ms; errors stay until dismissed. */
  timeoutMs: number | null
}

/** State of the toast stack. */
export interface NoticeState {
  toasts: Toast[]
}

/** How long informational toasts stay. */
const INFO_TOAST_MS = 6000
const MAX_TOASTS = 4

/** The notice store (vanilla; React reads it through `useNoticeStore`). */
export const noticeStore = createStore<NoticeState>(() => ({ toasts: [] }))

const timers = new Map<string, ReturnType<typeof setTimeout>>()
let counter = 0

/** Shows a toast; returns its id. A notice with an id already shown replaces it. */
export function pushNotice(notice: Omit<Notice, 'id'> & { id?: string }): string {
  const id = notice.id ?? `ui-${Date.now()}-${++counter}`
  const timeoutMs = notice.level === 'error' ? null : INFO_TOAST_MS
  const toast: Toast = { id, level: notice.level, message: notice.message, timeoutMs }
  noticeStore.setState((state) => ({
    toasts: [...state.toasts.filter((t) => t.id !== id), toast].slice(-MAX_TOASTS)
  }))
  clearTimer(id)
  if (timeoutMs !== null) {
    timers.set(
      id,
      setTimeout(() => dismissNotice(id), timeoutMs)
    )
  }
  return id
}

/** Removes a toast. */
export function dismissNotice(id: string): void {
  clearTimer(id)
  noticeStore.setState((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }))
}

/** Clears every toast and timer (tests, window reload). */
export function resetNotices(): void {
  for (const id of timers.keys()) clearTimer(id)
  noticeStore.setState({ toasts: [] })
}

function clearTimer(id: string): void {
  const timer = timers.get(id)
  if (timer !== undefined) clearTimeout(timer)
  timers.delete(id)
}

/** Reads the notice store from React. */
export function useNoticeStore<T>(selector: (state: NoticeState) => T): T {
  return useStore(noticeStore, selector)
}
