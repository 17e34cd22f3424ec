import { useId, useState, type ReactNode } from 'react'
import type { RedirectKind } from '@shared/models/account'
import { APP_OAUTH_REDIRECT_URI } from '@shared/redirects'
import { Field } from './Field'
import { checkRedirectOverride, defaultRedirectUri, type RedirectCheck } from './redirect'

/** State of one "Advanced: redirect URI" disclosure, shared by the link form and Re-link. */
export interface RedirectOverride {
  open: boolean
  toggle: () => void
  value: string
  setValue: (value: string) => void
  /** Marks the field as visited, so a wrong value is said before submitting. */
  touch: () => void
  check: RedirectCheck
  /** The profile's default redirect URI, shown as the placeholder. */
  defaultUri: string
  /** Whether an empty field keeps the account's earlier redirect (Re-link) rather than the default. */
  keepsEarlier: boolean
  /** The plain-words problem to show, once the field was visited or a submit was tried. */
  error: string | null
  /** The redirect the attempt will register: the valid override while open, else the default. */
  effectiveUri: string
  /**
   * What to send as `redirectUri`: `undefined` for nothing, `null` when the typed value is wrong
   * and nothing may be sent. Marks the field visited so the error shows.
   */
  forRequest: () => string | undefined | null
}

/**
 * The state behind `RedirectDisclosure`.
 *
 * A new link sends the override only when it differs from the profile's default, so the account
 * does not pin a redirect the user never chose. A re-link sends any valid value, the default
 * included: main keeps an account's earlier override when none is sent (start-link.ts), so typing
 * the default is how a user goes back to it.
 */
export function useRedirectOverride(
  defaultKind: RedirectKind,
  options: { relink?: boolean } = {}
): RedirectOverride {
  const [open, setOpen] = useState(false)
  const [value, setValue] = useState('')
  const [touched, setTouched] = useState(false)
  const defaultUri = defaultRedirectUri(defaultKind)
  const check = checkRedirectOverride(value)
  const relink = options.relink === true
  return {
    open,
    toggle: () => setOpen((wasOpen) => !wasOpen),
    value,
    setValue,
    touch: () => setTouched(true),
    check,
    defaultUri,
    keepsEarlier: relink,
    error: open && touched && check.kind === 'invalid' ? check.reason : null,
    effectiveUri: open && check.kind === 'valid' ? check.uri : defaultUri,
    forRequest: () => {
      // Closed, whatever was typed inside is ignored: what the user sees is what gets sent.
      if (!open) return undefined
      setTouched(true)
      if (check.kind === 'empty') return undefined
      if (check.kind === 'invalid') return null
      if (!relink && check.uri === defaultUri) return undefined
      return check.uri
    }
  }
}

interface Props {
  state: RedirectOverride
}

/**
 * "Advanced: redirect URI": a collapsed disclosure (a button with `aria-expanded`) around an
 * override of where the browser returns after consent, for servers where the user registered a
 * different redirect than Printdock's default. The field is checked like main checks it
 * (`checkRedirectOverride`).
 *
 * Test ids: `redirect-toggle`, `redirect-panel`, `redirect-override-input` (+ `-error`),
 * `redirect-explainer`.
 */
export function RedirectDisclosure({ state }: Props): ReactNode {
  const panelId = useId()
  const { check } = state
  const emptyHint = state.keepsEarlier
    ? `Leave empty to keep the redirect this account was linked with (normally ${state.defaultUri}).`
    : `Leave empty to use ${state.defaultUri}.`
  return (
    <div className="redirect-override">
      <button
        type="button"
        className="button ghost small"
        aria-expanded={state.open}
        aria-controls={panelId}
        onClick={state.toggle}
        data-testid="redirect-toggle"
      >
        <span className="chevron" aria-hidden="true">
          {state.open ? '▾' : '▸'}
        </span>{' '}
        Advanced: redirect URI
      </button>
      <div id={panelId} hidden={!state.open} data-testid="redirect-panel">
        {state.open && (
          <>
            <Field
              label="Redirect URI"
              type="url"
              inputMode="url"
              value={state.value}
              placeholder={state.defaultUri}
              onChange={(e) => state.setValue(e.target.value)}
              onBlur={state.touch}
              error={state.error}
              spellCheck={false}
              autoComplete="off"
              hint={check.kind === 'valid' ? `Printdock will use ${check.uri}.` : emptyHint}
              testId="redirect-override-input"
            />
            <p className="hint" data-testid="redirect-explainer">
              The server must have exactly this address registered for your client.{' '}
              <span className="mono">{APP_OAUTH_REDIRECT_URI}</span> is Printdock&apos;s own (custom
              scheme): the browser hands it to the app, or you paste it back. A loopback address
              such as <span className="mono">http://127.0.0.1/your/path</span> is answered by
              Printdock on a free port each time, so register it without a port, on a server that
              accepts any port for it.
            </p>
          </>
        )}
      </div>
    </div>
  )
}
