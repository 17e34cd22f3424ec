/**
 * The sidebar's entry to Obico's JusPrin assistant (issue 12): shown only when a linked Obico
 * account's server has JusPrin (`GET /jusprin/api/`; an older server has none). Opens the drawer,
 * which loads lazily.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { api } from '../../lib/api'
import { useAccountsStore } from '../../stores/accounts-store'

const AssistantDrawer = lazy(() => import('./AssistantDrawer'))

export function AssistantLauncher(): ReactNode {
  const accounts = useAccountsStore((s) => s.accounts.value)
  const obicoIds = accounts
    .filter((a) => a.provider === 'obico' && a.state === 'linked')
    .map((a) => a.id)
  const key = obicoIds.join('\n')
  const [offered, setOffered] = useState<string[]>([])
  const [open, setOpen] = useState(false)

  useEffect(() => {
    let current = true
    const ids = key ? key.split('\n') : []
    void Promise.all(
      ids.map((id) =>
        api.assistant
          .status(id, navigator.language)
          .then((status) => (status.offered ? id : null))
          .catch(() => null)
      )
    ).then((found) => {
      if (current) setOffered(found.filter((id): id is string => id !== null))
    })
    return () => {
      current = false
    }
  }, [key])

  if (offered.length === 0) return null
  return (
    <>
      <button
        type="button"
        className="button assistant-launcher"
        aria-expanded={open}
        data-testid="assistant-open"
        onClick={() => setOpen(true)}
      >
        Assistant
      </button>
      {/* On the body: the sidebar's stacking context must not put the main screen above it. */}
      {open &&
        createPortal(
          <Suspense fallback={null}>
            <AssistantDrawer accountIds={offered} onClose={() => setOpen(false)} />
          </Suspense>,
          document.body
        )}
    </>
  )
}
