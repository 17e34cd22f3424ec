import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { assertNever } from '@shared/assert-never'
import type { ScreenId } from '@shared/models/settings'
import { Toasts } from './components/Toasts'
import { PrintersScreen } from './features/printers/PrintersScreen'
import { handleScreenShortcut } from './features/shell/shortcuts'
import { Sidebar } from './features/shell/Sidebar'
import { focusScreenHeading, useNavigationStore } from './stores/navigation-store'
import { useSettingsStore } from './stores/settings-store'

// The Printers screen is what the app opens on, so it is in the first chunk; the others load when
// first shown (issue 9: the dashboard must paint within 500 ms, and every screen's code compiled at
// start-up delays it). Their chunks are small and local, so the wait is a frame or two.
const FilesScreen = lazy(() => import('./features/files/FilesScreen'))
const RepairScreen = lazy(() => import('./features/repair/RepairScreen'))
const AccountsScreen = lazy(() => import('./features/accounts/AccountsScreen'))
const FirstRunScreen = lazy(() => import('./features/first-run/FirstRunScreen'))

function screenFor(id: ScreenId): ReactNode {
  switch (id) {
    case 'printers':
      return <PrintersScreen />
    case 'files':
      return <FilesScreen />
    case 'repair':
      return <RepairScreen />
    case 'accounts':
      return <AccountsScreen />
    default:
      return assertNever(id, 'screen')
  }
}

/** What a lazily loaded screen shows for the frame or two its code takes to arrive. */
function ScreenLoading(): ReactNode {
  return (
    <p className="screen-loading" role="status" aria-busy="true">
      Opening…
    </p>
  )
}

/**
 * The app shell: skip link, sidebar, the current screen and toasts; or the welcome screen until
 * the user has been through it once. Marks `<html data-app-state="ready">` once settings are in.
 */
export function App(): ReactNode {
  const status = useSettingsStore((s) => s.status.kind)
  const firstRunDone = useSettingsStore((s) => s.settings.firstRunDone)
  const screen = useNavigationStore((s) => s.screen)

  useEffect(() => {
    if (status !== 'loading') document.documentElement.dataset.appState = 'ready'
  }, [status])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => void handleScreenShortcut(event)
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  if (status === 'loading') {
    return (
      <main className="starting" aria-busy="true">
        <p role="status">Starting Printdock…</p>
      </main>
    )
  }

  if (!firstRunDone) {
    return (
      <>
        <Suspense fallback={<ScreenLoading />}>
          <FirstRunScreen />
        </Suspense>
        <Toasts />
      </>
    )
  }

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault()
          focusScreenHeading()
        }}
      >
        Skip to content
      </a>
      <Sidebar />
      <main id="main" className="content" aria-labelledby="screen-title" data-screen={screen}>
        <Suspense fallback={<ScreenLoading />}>{screenFor(screen)}</Suspense>
      </main>
    </div>
  )
}
