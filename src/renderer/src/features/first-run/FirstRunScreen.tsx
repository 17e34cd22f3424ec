import { useState, type ReactNode } from 'react'
import { assertNever } from '@shared/assert-never'
import type { ProviderOption, SecretStorageKind } from '@shared/models/account'
import { errorText } from '../../lib/error-text'
import { startDemo, useAccountsStore } from '../../stores/accounts-store'
import { focusScreenHeading, restoreScreen } from '../../stores/navigation-store'
import { updateSettings, useSettingsStore } from '../../stores/settings-store'

/**
 * Welcome screen, shown until the user links, tries the demo or skips.
 *
 * Test ids: `first-run`, `first-run-link`, `first-run-demo`, `first-run-skip`, `first-run-error`.
 */
export function FirstRunScreen(): ReactNode {
  const demoBusy = useAccountsStore((s) => s.busy.demo === 'starting')
  const demoError = useAccountsStore((s) => s.errors.demo)
  const [leaving, setLeaving] = useState(false)

  const secretStorage = useSettingsStore((s) => s.appInfo?.secretStorage.kind)
  const providers = useAccountsStore((s) => s.providers)

  /**
   * Leaves for the shell. Focus lands on the new screen's heading (the welcome screen and the
   * button just pressed are gone); the demo's waiting panel takes focus by itself instead.
   */
  const leave = async (to: 'accounts' | 'printers', focusHeading = true): Promise<void> => {
    setLeaving(true)
    restoreScreen(to)
    if (focusHeading) focusScreenHeading()
    await updateSettings({ firstRunDone: true, lastScreen: to })
  }

  const tryDemo = async (): Promise<void> => {
    if (await startDemo()) await leave('accounts', false)
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
        <ul className="first-run-points" data-testid="first-run-points">
          <li>{servicesPoint(providers)}</li>
          <li>Sign-ins happen in your browser; Printdock never sees your password there.</li>
          {secretStorage && <li>{storagePoint(secretStorage)}</li>}
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

/**
 * The services this build links, by name: Obico first (where printers live), then the others as
 * main lists them. Before the list arrives, the services Printdock is built for.
 */
function servicesPoint(providers: readonly ProviderOption[]): string {
  const others = [
    ...new Set(
      providers
        .filter((provider) => provider.provider !== 'obico' && provider.provider !== 'generic')
        .map((provider) => provider.label.replace(/\s*\(.*\)$/, ''))
    )
  ]
  const named = others.length > 0 ? others : ['Makeprintable', 'Octoblu', 'Omniport', 'Zebbra']
  const generic = providers.length === 0 || providers.some((p) => p.provider === 'generic')
  const rest = generic ? [...named, 'any standard OAuth 2.0 server'] : named
  return `Obico Cloud or your own Obico server, plus ${listInWords(rest)}. Several accounts at once are fine.`
}

/** Where tokens go, promised only as far as this computer allows. */
function storagePoint(kind: SecretStorageKind): string {
  switch (kind) {
    case 'keychain':
      return 'Tokens stay in your system keychain, never in plain files.'
    case 'safe-storage':
      return 'No system keychain was found: tokens are saved encrypted on this computer, never in plain files.'
    case 'memory':
      return "No keychain was found on this computer, so you'll be signed out when Printdock quits."
    default:
      return assertNever(kind, 'storage kind')
  }
}

/** "a, b and c". */
function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

export default FirstRunScreen
