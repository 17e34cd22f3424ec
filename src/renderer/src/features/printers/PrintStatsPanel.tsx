import { useEffect, useId, useState, type ReactNode } from 'react'
import type { PrintStats, StatsGrouping } from '@shared/models/printer'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError } from '../../lib/ui-error'
import { formatDuration } from './format'

/** The user's IANA time zone (Obico groups periods in it). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** How far back each grouping looks, in days. */
const RANGE_DAYS: Record<StatsGrouping, number> = {
  day: 30,
  week: 7 * 12,
  month: 365,
  year: 365 * 5
}
const RANGE_WORDS: Record<StatsGrouping, string> = {
  day: 'the last 30 days',
  week: 'the last 12 weeks',
  month: 'the last 12 months',
  year: 'the last 5 years'
}

/** `YYYY-MM-DD` of a local calendar day. */
export function calendarDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The dates of a grouping's range, ending today. */
export function statsRange(
  groupBy: StatsGrouping,
  today: Date
): { fromDate: string; toDate: string } {
  const from = new Date(today)
  from.setDate(from.getDate() - RANGE_DAYS[groupBy] + 1)
  return { fromDate: calendarDate(from), toDate: calendarDate(today) }
}

/** A period's label on the chart: "Mar 4", "Mar 2026", "2026". */
function periodLabel(date: string, groupBy: StatsGrouping): string {
  const [y, m, d] = date.split('-').map(Number)
  const at = new Date(y, (m ?? 1) - 1, d ?? 1)
  if (groupBy === 'year') return String(y)
  if (groupBy === 'month')
    return at.toLocaleDateString(undefined, { month: 'short', year: 'numeric' })
  return at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
}

type Loaded =
  { kind: 'loading' } | { kind: 'ready'; stats: PrintStats } | { kind: 'failed'; message: string }

/**
 * Totals and a prints-per-period chart from Obico's `prints/stats/`, by day, week, month or year.
 * The chart is plain SVG (no library in the way) with the numbers also in a table for screen
 * readers.
 */
export function PrintStatsPanel({
  accountId,
  printerId
}: {
  accountId: string
  printerId?: string
}): ReactNode {
  const [groupBy, setGroupBy] = useState<StatsGrouping>('day')
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const groupId = useId()

  useEffect(() => {
    let current = true
    const { fromDate, toDate } = statsRange(groupBy, new Date())
    api.prints
      .stats({
        accountId,
        printerIds: printerId ? [printerId] : undefined,
        fromDate,
        toDate,
        timeZone: localTimeZone(),
        groupBy
      })
      .then((stats) => current && setLoaded({ kind: 'ready', stats }))
      .catch(
        (caught: unknown) =>
          current && setLoaded({ kind: 'failed', message: errorText(toUiError(caught)) })
      )
    return () => {
      current = false
    }
  }, [accountId, printerId, groupBy])

  return (
    <section className="print-stats" aria-labelledby={`${groupId}-title`} data-testid="print-stats">
      <div className="group-heading">
        <h2 id={`${groupId}-title`}>Stats for {RANGE_WORDS[groupBy]}</h2>
        <label className="inline-row">
          By{' '}
          <select
            value={groupBy}
            onChange={(e) => {
              setLoaded({ kind: 'loading' })
              setGroupBy(e.target.value as StatsGrouping)
            }}
            data-testid="stats-group"
          >
            <option value="day">day</option>
            <option value="week">week</option>
            <option value="month">month</option>
            <option value="year">year</option>
          </select>
        </label>
      </div>
      {loaded.kind === 'loading' && (
        <p role="status" aria-busy="true">
          Reading stats…
        </p>
      )}
      {loaded.kind === 'failed' && (
        <p className="error-text" role="alert">
          The stats could not be read. {loaded.message}
        </p>
      )}
      {loaded.kind === 'ready' && <StatsBody stats={loaded.stats} groupBy={groupBy} />}
    </section>
  )
}

function StatsBody({ stats, groupBy }: { stats: PrintStats; groupBy: StatsGrouping }): ReactNode {
  const max = Math.max(1, ...stats.periods.map((p) => p.printCount))
  const width = 640
  const height = 140
  const barWidth = stats.periods.length > 0 ? width / stats.periods.length : width
  return (
    <>
      <dl className="facts stats-totals" data-testid="stats-totals">
        <div>
          <dt>Prints</dt>
          <dd>{stats.totalPrintCount}</dd>
        </div>
        <div>
          <dt>Succeeded</dt>
          <dd>{stats.succeededPrintCount}</dd>
        </div>
        <div>
          <dt>Cancelled or failed</dt>
          <dd>{stats.cancelledPrintCount}</dd>
        </div>
        <div>
          <dt>Print time</dt>
          <dd>{formatDuration(stats.totalPrintTimeSeconds) ?? '—'}</dd>
        </div>
        <div>
          <dt>Longest</dt>
          <dd>{formatDuration(stats.longestPrintTimeSeconds) ?? '—'}</dd>
        </div>
        <div>
          <dt>Filament</dt>
          <dd>{(stats.totalFilamentUsedMm / 1000).toFixed(1)} m</dd>
        </div>
      </dl>
      {stats.periods.length === 0 ? (
        <p className="hint">No prints in this period.</p>
      ) : (
        <>
          <svg
            className="stats-chart"
            viewBox={`0 0 ${width} ${height + 18}`}
            role="img"
            aria-label={`Prints per ${groupBy}`}
            data-testid="stats-chart"
          >
            {stats.periods.map((period, i) => {
              const h = (period.printCount / max) * height
              return (
                <g key={period.date}>
                  <rect
                    className="stats-bar"
                    x={i * barWidth + 1}
                    y={height - h}
                    width={Math.max(1, barWidth - 2)}
                    height={h}
                  >
                    <title>{`${periodLabel(period.date, groupBy)}: ${period.printCount} prints`}</title>
                  </rect>
                  {(stats.periods.length <= 12 ||
                    i % Math.ceil(stats.periods.length / 8) === 0) && (
                    <text
                      className="stats-label"
                      x={i * barWidth + barWidth / 2}
                      y={height + 14}
                      textAnchor="middle"
                    >
                      {periodLabel(period.date, groupBy)}
                    </text>
                  )}
                </g>
              )
            })}
          </svg>
          <table className="visually-hidden">
            <caption>Prints per {groupBy}</caption>
            <tbody>
              {stats.periods.map((p) => (
                <tr key={p.date}>
                  <th scope="row">{periodLabel(p.date, groupBy)}</th>
                  <td>{p.printCount} prints</td>
                  <td>{formatDuration(p.printTimeSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  )
}
