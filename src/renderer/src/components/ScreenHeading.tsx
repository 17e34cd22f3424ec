import { useEffect, useRef, type ReactNode } from 'react'
import { focusHandled, useNavigationStore } from '../stores/navigation-store'

interface Props {
  children: ReactNode
  /** Short line under the heading. */
  lead?: ReactNode
}

/**
 * The `<h1>` of a screen. Takes focus when navigation asks for it (shortcuts, skip link), so screen
 * reader and keyboard users land at the top of the new screen.
 */
export function ScreenHeading({ children, lead }: Props): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null)
  const focusPending = useNavigationStore((s) => s.focusPending)
  useEffect(() => {
    if (!focusPending) return
    heading.current?.focus()
    focusHandled()
  }, [focusPending])
  return (
    <header className="screen-header">
      <h1 ref={heading} tabIndex={-1} id="screen-title">
        {children}
      </h1>
      {lead && <p className="lead">{lead}</p>}
    </header>
  )
}
