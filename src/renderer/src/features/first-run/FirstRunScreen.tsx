import { useState, type ReactNode } from 'react'
import { errorText } from '../../lib/error-text'
import { startDemo, useAccountsStore } from '../../stores/accounts-store'
import { restoreScreen } from '../../stores/navigation-store'
import { updateSettings } from '../../stores/settings-store'

/**
 * Welcome screen, shown until the user links, tries the demo or skips.
 *
 * Test ids: `first-run`, `first-run-link`, `first-run-demo`, `first-run-skip`, `first-run-error`.
 */
export function FirstRunScreen(): ReactNode {
  const demoBusy = useAccountsStore((s) => s.busy.demo === 'starting')
  const demoError = useAccountsStore((s) => s.errors.demo)
  const [leaving, setLeaving] = useState(false)

  const leave = async (to: 'accounts' | 'printers'): Promise<void> => {
    setLeaving(true)
    restoreScreen(to)
    await updateSettings({ firstRunDone: true, lastScreen: to })
  }

  const tryDemo = async (): Promise<void> => {
    if (await startDemo()) await leave('accounts')
  }

  return (
    <main className="first-run" data-testid="first-run" aria-labelledby="welcome-title">
      <div className="first-run-card">
        <h1 id="welcome-title" tabIndex={-1}>
          Welcome to Printdock
        </h1>
        <p className="lead">
          Keep an eye on your printers, your G-code library and mesh repairs from one calm window.
          Start by linking the account your printers live in.
        </p>
        <ul className="first-run-points">
          <li>Obico Cloud or your own Obico server, several accounts at once.</li>
          <li>Sign-ins happen in your browser; Printdock never sees your password there.</li>
          <li>Tokens stay in your system keychain, never in plain files.</li>
        </ul>
        <div className="first-run-actions">
          <button
            type="button"
            className="button primary"
            disabled={leaving}
            onClick={() => void leave('accounts')}
            data-testid="first-run-link"
          >
            Link an account
          </button>
          <button
            type="button"
            className="button"
            disabled={leaving || demoBusy}
            onClick={() => void tryDemo()}
            data-testid="first-run-demo"
          >
            {demoBusy ? 'Starting the demo…' : 'Try the demo'}
          </button>
          <button
            type="button"
            className="button ghost"
            disabled={leaving}
            onClick={() => void leave('printers')}
            data-testid="first-run-skip"
          >
            Skip for now
          </button>
        </div>
        {demoError && (
          <p className="error-text" role="alert" data-testid="first-run-error">
            The demo could not start. {errorText(demoError)}
          </p>
        )}
      </div>
    </main>
  )
}
