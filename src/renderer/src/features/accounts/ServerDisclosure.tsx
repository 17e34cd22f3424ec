import { useId, type ReactNode } from 'react'

interface Props {
  open: boolean
  onToggle: () => void
  /** The provider's default server origin, said while the disclosure is closed. */
  defaultOrigin: string
  children: ReactNode
}

/**
 * "Use a different server": a collapsed disclosure (a button with `aria-expanded`, so Enter and
 * Space work) around the server address of a hosted provider. Closed, the default server is used
 * and whatever was typed inside is ignored: what the user sees is what gets sent.
 *
 * Test ids: `other-server-toggle`, `other-server-panel`, `default-server-note`.
 */
export function ServerDisclosure({ open, onToggle, defaultOrigin, children }: Props): ReactNode {
  const panelId = useId()
  return (
    <div className="subform">
      {!open && (
        <p className="hint" data-testid="default-server-note">
          Printdock uses {defaultOrigin}.
        </p>
      )}
      <button
        type="button"
        className="button ghost small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={onToggle}
        data-testid="other-server-toggle"
      >
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>{' '}
        Use a different server
      </button>
      <div id={panelId} hidden={!open} data-testid="other-server-panel">
        {open && children}
      </div>
    </div>
  )
}
