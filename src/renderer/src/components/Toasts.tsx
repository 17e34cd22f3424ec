import type { ReactNode } from 'react'
import { dismissNotice, useNoticeStore } from '../stores/notice-store'

const LEVEL_LABEL = { info: 'Info', warning: 'Warning', error: 'Problem' } as const

/**
 * The toast stack. Errors are announced assertively (role="alert"), the rest politely.
 */
export function Toasts(): ReactNode {
  const toasts = useNoticeStore((s) => s.toasts)
  return (
    <div className="toasts" aria-label="Notifications" role="region">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.level}`}
          role={toast.level === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-level={toast.level}
        >
          <span className="toast-level">{LEVEL_LABEL[toast.level]}</span>
          <span className="toast-message">{toast.message}</span>
          <button
            type="button"
            className="button ghost small"
            aria-label={`Dismiss: ${toast.message}`}
            onClick={() => dismissNotice(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
