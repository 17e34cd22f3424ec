/** How the Files screen writes sizes, dates and durations. */
import { errorText } from '../../lib/error-text'

export function formatSize(bytes: number | null): string {
  if (bytes === null) return '—'
  const mib = 1024 * 1024
  if (bytes >= 1024 * mib) return `${(bytes / (1024 * mib)).toFixed(1)} GB`
  if (bytes >= mib) return `${(bytes / mib).toFixed(1)} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`
  return `${bytes} B`
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

export function formatFilament(mm: number | null): string {
  if (mm === null) return '—'
  return mm >= 1000 ? `${(mm / 1000).toFixed(2)} m` : `${Math.round(mm)} mm`
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date)
}

/** Error words for the library: main's own message for library codes (it names the file and the limit). */
export function libraryErrorText(error: { code: string; message?: string }): string {
  if (error.code.startsWith('library/') && error.message) return error.message
  return errorText(error)
}
