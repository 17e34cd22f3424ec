import { lazy, Suspense, useEffect, useId, useState, type ReactNode } from 'react'
import type { PrintFilter, PrintPage, PrintRecord } from '@shared/models/printer'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ScreenHeading } from '../../components/ScreenHeading'
import { api } from '../../lib/api'
import { errorText } from '../../lib/error-text'
import { toUiError } from '../../lib/ui-error'
import { focusScreenHeading } from '../../stores/navigation-store'
import { pushNotice } from '../../stores/notice-store'
import { openPrinterPage, showDashboard, usePrintersStore } from '../../stores/printers-store'
import { useShallow } from 'zustand/react/shallow'
import { formatDuration } from './format'
import { PrintStatsPanel, localTimeZone } from './PrintStatsPanel'

/** Obico's failure-prediction timeline of a print (issue 12); uPlot loads only when opened. */
const PredictionTimelineView = lazy(() => import('./timeline/PredictionTimelineView'))

const PAGE_SIZE = 20

const OUTCOME_LABEL: Record<PrintRecord['outcome'], string> = {
  printing: 'Printing',
  paused: 'Paused',
  finished: 'Finished',
  cancelled: 'Cancelled'
}

type Loaded =
  { kind: 'loading' } | { kind: 'ready'; page: PrintPage } | { kind: 'failed'; message: string }

/**
 * Print history and stats of one account, or of one printer in it: pages of prints (Obico gives no
 * total, so "Newer" and "Older"), filters, and bulk delete after a confirmation naming the count.
 */
export function PrintHistory({
  accountId,
  printerId
}: {
  accountId: string
  printerId?: string
}): ReactNode {
  const account = usePrintersStore((s) => s.accountsById[accountId])
  const printers = usePrintersStore(
    useShallow((s) =>
      s.ids
        .filter((id) => s.byId[id]?.accountId === accountId)
        .map((id) => `${id}\u0000${s.byId[id]?.name}`)
    )
  )
  const [printerFilter, setPrinterFilter] = useState(printerId ?? '')
  const [filter, setFilter] = useState<PrintFilter | ''>('')
  const [fromDate, setFromDate] = useState('')
  const [toDate, setToDate] = useState('')
  const [start, setStart] = useState(0)
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const [ticked, setTicked] = useState<Set<number>>(new Set())
  const [confirming, setConfirming] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [timelineOf, setTimelineOf] = useState<PrintRecord | null>(null)
  const ids = { printer: useId(), filter: useId(), from: useId(), to: useId() }

  useEffect(() => focusScreenHeading(), [])

  const datesOk = (fromDate === '') === (toDate === '') && (fromDate === '' || fromDate <= toDate)
  // Bumped to read the same page again (after a delete, "Try again").
  const [reloads, setReloads] = useState(0)
  useEffect(() => {
    if (!datesOk) return
    let current = true
    api.prints
      .list({
        accountId,
        printerIds: printerFilter ? [printerFilter] : undefined,
        filter: filter || undefined,
        ...(fromDate && toDate ? { fromDate, toDate, timeZone: localTimeZone() } : {}),
        start,
        limit: PAGE_SIZE
      })
      .then((page) => current && setLoaded({ kind: 'ready', page }))
      .catch(
        (caught: unknown) =>
          current && setLoaded({ kind: 'failed', message: errorText(toUiError(caught)) })
      )
    return () => {
      current = false
    }
  }, [accountId, printerFilter, filter, fromDate, toDate, start, datesOk, reloads])

  const reload = (): void => {
    setLoaded({ kind: 'loading' })
    setReloads((n) => n + 1)
  }

  const changeFilter = (apply: () => void): void => {
    apply()
    goTo(0)
  }

  /** Shows page `at` (the effect reads it once `start` changes). */
  const goTo = (at: number): void => {
    setLoaded({ kind: 'loading' })
    setStart(at)
    setTicked(new Set())
  }

  const deleteTicked = async (): Promise<void> => {
    setConfirming(false)
    setDeleting(true)
    try {
      const { deleted } = await api.prints.delete(accountId, [...ticked])
      pushNotice({
        level: 'info',
        message: deleted === 1 ? 'Deleted 1 print.' : `Deleted ${deleted} prints.`
      })
      setTicked(new Set())
      reload()
    } catch (caught) {
      pushNotice({
        level: 'error',
        message: `Nothing was deleted. ${errorText(toUiError(caught))}`
      })
    } finally {
      setDeleting(false)
    }
  }

  const printerName = printerFilter
    ? printers.find((p) => p.startsWith(`${printerFilter}\u0000`))?.split('\u0000')[1]
    : undefined
  const prints = loaded.kind === 'ready' ? loaded.page.prints : []
  const allTicked = prints.length > 0 && prints.every((p) => ticked.has(p.id))
  return (
    <div className="print-history" data-testid="print-history">
      <button
        type="button"
        className="button ghost small back"
        onClick={showDashboard}
        data-testid="history-back"
      >
        ← All printers
      </button>
      <ScreenHeading
        lead={account ? `${account.displayName} (${account.providerLabel})` : undefined}
      >
        {printerName ? `Print history of ${printerName}` : 'Print history'}
      </ScreenHeading>

      <PrintStatsPanel accountId={accountId} printerId={printerFilter || undefined} />

      <h2>Prints</h2>
      <div className="history-filters">
        <div className="field">
          <label htmlFor={ids.printer}>Printer</label>
          <select
            id={ids.printer}
            value={printerFilter}
            onChange={(e) => changeFilter(() => setPrinterFilter(e.target.value))}
            data-testid="history-printer"
          >
            <option value="">All printers</option>
            {printers.map((entry) => {
              const [id, name] = entry.split('\u0000')
              return (
                <option key={id} value={id}>
                  {name}
                </option>
              )
            })}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.filter}>Show</label>
          <select
            id={ids.filter}
            value={filter}
            onChange={(e) => changeFilter(() => setFilter(e.target.value as PrintFilter | ''))}
            data-testid="history-filter"
          >
            <option value="">All prints</option>
            <option value="finished">Finished</option>
            <option value="cancelled">Cancelled</option>
            <option value="need-alert-overwrite">Alerts waiting for an answer</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input
            id={ids.from}
            type="date"
            value={fromDate}
            onChange={(e) => changeFilter(() => setFromDate(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input
            id={ids.to}
            type="date"
            value={toDate}
            onChange={(e) => changeFilter(() => setToDate(e.target.value))}
          />
        </div>
      </div>
      {!datesOk && (
        <p className="field-error">Give both dates, the first no later than the second.</p>
      )}

      {loaded.kind === 'failed' && (
        <div className="error-box" role="alert">
          <p>The print history could not be read. {loaded.message}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {loaded.kind === 'loading' && (
        <p role="status" aria-busy="true">
          Reading prints…
        </p>
      )}
      {loaded.kind === 'ready' && prints.length === 0 && <p className="hint">No prints match.</p>}
      {prints.length > 0 && (
        <>
          <div className="inline-row history-actions">
            <button
              type="button"
              className="button small danger-outline"
              disabled={ticked.size === 0 || deleting}
              onClick={() => setConfirming(true)}
              data-testid="history-delete"
            >
              {deleting
                ? 'Deleting…'
                : ticked.size > 0
                  ? `Delete ${ticked.size} selected`
                  : 'Delete selected'}
            </button>
          </div>
          <div className="table-scroll">
            <table className="history-table" data-testid="history-table">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select every print on this page"
                      checked={allTicked}
                      onChange={(e) =>
                        setTicked(e.target.checked ? new Set(prints.map((p) => p.id)) : new Set())
                      }
                    />
                  </th>
                  <th scope="col">File</th>
                  <th scope="col">Printer</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Started</th>
                  <th scope="col">Print time</th>
                  <th scope="col">Filament</th>
                </tr>
              </thead>
              <tbody>
                {prints.map((print) => (
                  <tr key={print.id} data-testid="history-row">
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${print.fileName}`}
                        checked={ticked.has(print.id)}
                        onChange={(e) =>
                          setTicked((current) => {
                            const next = new Set(current)
                            if (e.target.checked) next.add(print.id)
                            else next.delete(print.id)
                            return next
                          })
                        }
                      />
                    </td>
                    <th scope="row">{print.fileName}</th>
                    <td>
                      {print.printerId && print.printerName ? (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => openPrinterPage(print.printerId ?? '')}
                        >
                          {print.printerName}
                        </button>
                      ) : (
                        (print.printerName ?? 'Deleted printer')
                      )}
                    </td>
                    <td>
                      {OUTCOME_LABEL[print.outcome]}
                      {print.alertedAt && !print.alertVerdict ? ' · alert unanswered' : ''}
                      {print.alertVerdict === 'failed' ? ' · failed' : ''}
                      {print.hasPrediction && (
                        <>
                          {' · '}
                          <button
                            type="button"
                            className="link-button"
                            data-testid="history-timeline"
                            aria-label={`Failure-prediction timeline of ${print.fileName}`}
                            onClick={() => setTimelineOf(print)}
                          >
                            Timeline
                          </button>
                        </>
                      )}
                    </td>
                    <td>{print.startedAt ? new Date(print.startedAt).toLocaleString() : '—'}</td>
                    <td>{formatDuration(print.printTimeSeconds) ?? '—'}</td>
                    <td>
                      {print.filamentUsedMm !== null
                        ? `${(print.filamentUsedMm / 1000).toFixed(2)} m`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {timelineOf && (
        <Suspense fallback={<p className="hint">Loading the chart…</p>}>
          <PredictionTimelineView
            key={`${timelineOf.accountId}#${timelineOf.id}`}
            accountId={timelineOf.accountId}
            printId={timelineOf.id}
            fileName={timelineOf.fileName}
            onClose={() => setTimelineOf(null)}
          />
        </Suspense>
      )}
      <nav className="inline-row pager" aria-label="Pages of prints">
        <button
          type="button"
          className="button small"
          disabled={start === 0}
          onClick={() => goTo(Math.max(0, start - PAGE_SIZE))}
          data-testid="history-newer"
        >
          Newer
        </button>
        <span className="hint">
          {prints.length > 0 ? `Prints ${start + 1}–${start + prints.length}` : ''}
        </span>
        <button
          type="button"
          className="button small"
          disabled={loaded.kind !== 'ready' || !loaded.page.hasMore}
          onClick={() => goTo(start + PAGE_SIZE)}
          data-testid="history-older"
        >
          Older
        </button>
      </nav>
      {confirming && (
        <ConfirmDialog
          title={ticked.size === 1 ? 'Delete 1 print?' : `Delete ${ticked.size} prints?`}
          confirmLabel="Delete"
          danger
          testId="history-delete-dialog"
          confirmTestId="history-delete-confirm"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void deleteTicked()}
        >
          <p>
            {prints
              .filter((p) => ticked.has(p.id))
              .map((p) => p.fileName)
              .slice(0, 5)
              .join(', ')}
            {ticked.size > 5 ? ` and ${ticked.size - 5} more` : ''} will be removed from the history
            on the Obico server, with their timelapses.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}
