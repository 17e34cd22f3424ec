import type { AppErrorDto } from '../errors'

/** What every IPC call resolves to: a value, or an error as data (never a thrown Error). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorDto }

/** Wraps a value as a successful result. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value }
}

/** Wraps an error DTO as a failed result. */
export function fail<T = never>(error: AppErrorDto): IpcResult<T> {
  return { ok: false, error }
}
