import { useEffect, type ReactNode } from 'react'
import { errorText } from '../../lib/error-text'
import { loadHistory, useRepairStore } from './repair-store'

const STATUS_WORDS = {
  queued: 'Queued',
  fixing: 'Repairing',
  done: 'Done',
  failed: 'Failed',
  unknown: 'Unknown'
} as const

/**
 * Past repairs of the linked Makeprintable account, from its API, with their downloads.
 *
 * Test ids: `past-repairs`, `past-repair`, `past-repairs-refresh`.
 */
export function PastRepairs(): ReactNode {
  const history = useRepairStore((s) => s.history)
  const error = useRepairStore((s) => s.historyError)
  const jobs = useRepairStore((s) => s.jobs)
  // Reload when a job ends (its repair joins the list).
  const finished = jobs.value.filter((j) => j.phase === 'done' || j.phase === 'failed').length
  useEffect(() => {
    void loadHistory()
  }, [finished])
  return (
    <section
      className="section past-repairs"
      data-testid="past-repairs"
      aria-labelledby="past-repairs-heading"
    >
      <div className="inline-row">
        <h2 id="past-repairs-heading">Past repairs</h2>
        <button
          type="button"
          className="button small"
          onClick={() => void loadHistory()}
          data-testid="past-repairs-refresh"
        >
          Refresh
        </button>
      </div>
      {error && <p className="error-text">{error.message || errorText(error)}</p>}
      {history && history.length === 0 && <p className="hint">No repairs yet.</p>}
      {history && history.length > 0 && (
        <table className="past-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Downloads</th>
            </tr>
          </thead>
          <tbody>
            {history.map((repair) => (
              <tr key={repair.fixId} data-testid="past-repair">
                <td>{repair.name}</td>
                <td>
                  {STATUS_WORDS[repair.status]}
                  {repair.status === 'fixing' && repair.progress !== null
                    ? ` (${repair.progress}%)`
                    : ''}
                </td>
                <td>{repair.createdAt ? new Date(repair.createdAt).toLocaleString() : '—'}</td>
                <td>
                  {repair.downloads.length === 0
                    ? '—'
                    : repair.downloads.map((d) => (
                        <a key={d.url} href={d.url} target="_blank" rel="noreferrer">
                          {d.type.toUpperCase()}
                        </a>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
