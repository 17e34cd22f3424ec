import type { FocusEvent, ReactNode } from 'react'
import { dismissNotice, holdNotices, releaseNotices, useNoticeStore } from '../stores/notice-store'

const LEVEL_LABEL = { info: 'Info', warning: 'Warning', error: 'Problem' } as const

interface Props {
  /**
   * In the sidebar, below the navigation: in the page's flow, so a toast never covers a form.
   * Otherwise (the welcome screen, which has no sidebar) floating at the bottom of the window.
   */
  docked?: boolean
}

/**
 * The toast stack, newest last. Errors are announced assertively (role="alert"), the rest politely.
 * Each toast has a close button; they also go away by themselves (see notice-store.ts), with the
 * clocks stopped while the pointer or focus is on the stack.
 */
export function Toasts({ docked = false }: Props): ReactNode {
  const toasts = useNoticeStore((s) => s.toasts)
  const onBlur = (event: FocusEvent<HTMLDivElement>): void => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) releaseNotices()
  }
  return (
    <div
      className={docked ? 'toasts docked' : 'toasts floating'}
      aria-label="Notifications"
      role="region"
      data-testid="toasts"
      onMouseEnter={holdNotices}
      onMouseLeave={releaseNotices}
      onFocus={holdNotices}
      onBlur={onBlur}
    >
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
            className="button ghost small toast-close"
            aria-label={`Dismiss: ${toast.message}`}
            title="Dismiss"
            onClick={() => dismissNotice(toast.id)}
            data-testid="toast-close"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
