import type { ReactNode } from 'react'
import type { UploadItem } from '@shared/models/library'
import { api } from '../../lib/api'
import { pushNotice } from '../../stores/notice-store'
import { useUploadsStore } from '../../stores/uploads-store'
import { toUiError } from '../../lib/ui-error'
import { formatSize, libraryErrorText } from './format'

const STATE_WORDS: Record<UploadItem['state'], string> = {
  queued: 'Waiting',
  checking: 'Checking',
  uploading: 'Uploading',
  confirming: 'Confirming',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled'
}

function timeLeft(seconds: number | null): string {
  if (seconds === null) return ''
  if (seconds < 60) return `${seconds} s left`
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s left`
}

function act(action: () => Promise<unknown>): void {
  action().catch((caught: unknown) =>
    pushNotice({ level: 'error', message: libraryErrorText(toUiError(caught)) })
  )
}

/** The upload queue: every upload of this app (main's queue), with progress, cancel and retry. */
export function UploadQueuePanel(): ReactNode {
  const items = useUploadsStore((s) => s.uploads.value)
  if (items.length === 0) return null
  const finished = items.some((i) => ['done', 'failed', 'cancelled'].includes(i.state))
  return (
    <section
      className="upload-queue"
      aria-labelledby="upload-queue-title"
      data-testid="upload-queue"
    >
      <div className="upload-queue-head">
        <h2 id="upload-queue-title">Uploads</h2>
        {finished && (
          <button
            type="button"
            className="button small"
            onClick={() => act(() => api.uploads.clearFinished())}
          >
            Clear finished
          </button>
        )}
      </div>
      <ul className="upload-list">
        {items.map((item) => {
          const percent =
            item.sizeBytes > 0 ? Math.floor((item.sentBytes / item.sizeBytes) * 100) : 0
          const active = ['queued', 'checking', 'uploading', 'confirming'].includes(item.state)
          return (
            <li
              key={item.id}
              className={`upload-item upload-${item.state}`}
              data-testid="upload-item"
              data-state={item.state}
            >
              <div className="upload-line">
                <span className="upload-name">
                  {[...item.folderPath, item.filename].join(' / ')}
                </span>
                <span className="upload-state">{STATE_WORDS[item.state]}</span>
              </div>
              {(item.state === 'uploading' || item.state === 'confirming') && (
                <>
                  <progress
                    max={100}
                    value={percent}
                    aria-label={`${item.filename}: ${percent}%`}
                    data-testid="upload-progress"
                  />
                  <div className="upload-meta">
                    {percent}% of {formatSize(item.sizeBytes)}
                    {item.bytesPerSecond ? ` · ${formatSize(item.bytesPerSecond)}/s` : ''}
                    {item.secondsLeft !== null ? ` · ${timeLeft(item.secondsLeft)}` : ''}
                  </div>
                </>
              )}
              {item.problem && item.state === 'failed' && (
                <p className="error-text" role="alert">
                  {libraryErrorText(item.problem)}
                </p>
              )}
              {item.printOutcome && <p className="upload-meta">{item.printOutcome}</p>}
              <div className="upload-actions">
                {active && (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => act(() => api.uploads.cancel(item.id))}
                  >
                    Cancel<span className="visually-hidden"> {item.filename}</span>
                  </button>
                )}
                {(item.state === 'failed' || item.state === 'cancelled') &&
                  item.problem?.retryable !== false && (
                    <button
                      type="button"
                      className="button small"
                      onClick={() => act(() => api.uploads.retry(item.id))}
                    >
                      Retry<span className="visually-hidden"> {item.filename}</span>
                    </button>
                  )}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
