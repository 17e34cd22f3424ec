import type { ReactNode } from 'react'

interface Props {
  title: string
  children?: ReactNode
  action?: ReactNode
  testId?: string
}

/** An honest empty state: what is missing, why, and the one step that fixes it. */
export function EmptyState({ title, children, action, testId }: Props): ReactNode {
  return (
    <section className="empty-state" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </section>
  )
}
