import type { ReactNode } from 'react'
import { useNow } from '../../stores/clock-store'
import { formatFinishTime, formatLastSeen } from './format'

/** "5 min ago": the only part of a card the clock re-renders. */
export function LastSeen({ iso }: { iso: string | null }): ReactNode {
  const now = useNow()
  return (
    <time dateTime={iso ?? undefined} title={iso ? new Date(iso).toLocaleString() : undefined}>
      {formatLastSeen(iso, now)}
    </time>
  )
}

/** "14:05", "Tue 09:10": the clock time a print should finish. */
export function FinishTime({ iso }: { iso: string | null }): ReactNode {
  const now = useNow()
  const text = formatFinishTime(iso, now)
  if (!text || !iso) return null
  return <time dateTime={iso}>{text}</time>
}
