import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { focusableIn } from './focusable'

interface Props {
  title: string
  children: ReactNode
  confirmLabel: string
  cancelLabel?: string
  /** Styles the confirm button as destructive. */
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
  confirmTestId?: string
  testId?: string
}

/**
 * A modal confirmation.
 *
 * Focus starts on Cancel (the safe choice), Tab and Shift+Tab stay inside, Escape cancels, and focus
 * goes back to the element that opened it. Built without `<dialog>.showModal()` so it behaves the
 * same in jsdom tests.
 */
export function ConfirmDialog(props: Props): ReactNode {
  const titleId = useId()
  const bodyId = useId()
  const panel = useRef<HTMLDivElement>(null)
  const cancelButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    cancelButton.current?.focus()
    return () => {
      if (opener && opener.isConnected) opener.focus()
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      props.onCancel()
      return
    }
    if (event.key !== 'Tab' || !panel.current) return
    const items = focusableIn(panel.current)
    if (items.length === 0) return
    const first = items[0]
    const last = items[items.length - 1]
    const active = document.activeElement
    if (event.shiftKey && (active === first || !panel.current.contains(active))) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || !panel.current.contains(active))) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && props.onCancel()}
    >
      <div
        ref={panel}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid={props.testId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div id={bodyId} className="dialog-body">
          {props.children}
        </div>
        <div className="dialog-actions">
          <button ref={cancelButton} type="button" className="button" onClick={props.onCancel}>
            {props.cancelLabel ?? 'Cancel'}
          </button>
          <button
            type="button"
            className={props.danger ? 'button danger' : 'button primary'}
            onClick={props.onConfirm}
            disabled={props.busy}
            data-testid={props.confirmTestId}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
