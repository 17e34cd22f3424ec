import { useEffect, type ReactNode } from 'react'
import { assertNever } from '@shared/assert-never'
import type { ScreenId } from '@shared/models/settings'
import { Toasts } from './components/Toasts'
import { AccountsScreen } from './features/accounts/AccountsScreen'
import { FilesScreen } from './features/files/FilesScreen'
import { FirstRunScreen } from './features/first-run/FirstRunScreen'
import { PrintersScreen } from './features/printers/PrintersScreen'
import { RepairScreen } from './features/repair/RepairScreen'
import { handleScreenShortcut } from './features/shell/shortcuts'
import { Sidebar } from './features/shell/Sidebar'
import { focusScreenHeading, useNavigationStore } from './stores/navigation-store'
import { useSettingsStore } from './stores/settings-store'

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
        <FirstRunScreen />
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
        {screenFor(screen)}
      </main>
    </div>
  )
}
