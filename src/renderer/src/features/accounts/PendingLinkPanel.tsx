import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { CopyButton } from '../../components/CopyButton'
import { errorText } from '../../lib/error-text'
import {
  cancelLink,
  completeLink,
  useAccountsStore,
  type PendingAttempt
} from '../../stores/accounts-store'
import { formatWhen } from './account-text'

interface Props {
  attempt: PendingAttempt
  /** Move focus here when the panel appears (right after the user started the link). */
  autoFocus?: boolean
}

/** Attempts whose panel already took focus once. */
const announced = new Set<string>()

/**
 * A link waiting for the user's approval in the browser.
 *
 * Shows the authorization URL (with Copy, for when the browser did not open), Cancel, and a field
 * to paste the callback URL when the browser could not hand it back (oauth-and-secrets.md §3.9,
 * "offer a manual fallback").
 */
export function PendingLinkPanel({ attempt, autoFocus }: Props): ReactNode {
  const busy = useAccountsStore((s) => s.busy[attempt.scope])
  const error = useAccountsStore((s) => s.errors[attempt.scope])
  const [callbackUrl, setCallbackUrl] = useState('')
  const [localError, setLocalError] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const headingId = useId()
  const inputId = useId()

  useEffect(() => {
    // Only the first time an attempt appears: coming back to Accounts later must not steal focus.
    if (!autoFocus || announced.has(attempt.attemptId)) return
    announced.add(attempt.attemptId)
    heading.current?.focus()
  }, [autoFocus, attempt.attemptId])

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const value = callbackUrl.trim()
    if (!looksLikeUrl(value)) {
      setLocalError(
        'That is not a whole address. Copy everything in the browser bar, then paste it here.'
      )
      return
    }
    setLocalError(null)
    if (await completeLink(attempt.scope, value)) setCallbackUrl('')
  }

  const shownError = localError ?? (error ? errorText(error) : null)

  return (
    <section className="pending" data-testid="pending-link" aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {attempt.demo ? 'Demo: linking ' : 'Linking '}
        {attempt.label}
      </h3>
      <p className="pending-status" role="status" data-testid="pending-status">
        <span className="spinner" aria-hidden="true" /> Waiting for you to approve in your browser…
      </p>
      <p className="hint">
        Server {attempt.serverOrigin}. Printdock stops waiting at {formatWhen(attempt.expiresAt)}.
      </p>
      <div className="auth-url">
        <label htmlFor={`${inputId}-auth`}>
          If the browser did not open, open this address yourself:
        </label>
        <div className="inline-row">
          <input
            id={`${inputId}-auth`}
            className="mono"
            type="text"
            readOnly
            value={attempt.authorizationUrl}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="auth-url"
          />
          <CopyButton text={attempt.authorizationUrl} testId="copy-auth-url" />
        </div>
      </div>
      <form className="callback-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={inputId}>Paste the callback URL</label>
        <p className="hint" id={`${inputId}-hint`}>
          If the browser shows an address starting with {attempt.redirectUri} but Printdock did not
          notice, copy that whole address here.
        </p>
        <div className="inline-row">
          <input
            id={inputId}
            className="mono"
            type="url"
            value={callbackUrl}
            onChange={(e) => setCallbackUrl(e.target.value)}
            placeholder={`${attempt.redirectUri}?code=…&state=…`}
            aria-describedby={`${inputId}-hint`}
            aria-invalid={shownError ? true : undefined}
            autoComplete="off"
            spellCheck={false}
            data-testid="callback-url-input"
          />
          <button
            type="submit"
            className="button"
            disabled={busy !== undefined || callbackUrl.trim() === ''}
            data-testid="complete-link-button"
          >
            {busy === 'completing' ? 'Finishing…' : 'Finish linking'}
          </button>
        </div>
      </form>
      {shownError && (
        <p className="error-text" role="alert" data-testid="link-error">
          {shownError}
        </p>
      )}
      <div className="pending-actions">
        <button
          type="button"
          className="button"
          onClick={() => void cancelLink(attempt.scope)}
          disabled={busy === 'cancelling'}
          data-testid="cancel-link-button"
        >
          {busy === 'cancelling' ? 'Cancelling…' : 'Cancel linking'}
        </button>
      </div>
    </section>
  )
}

/** Loose check for feedback only; main parses the URL properly (loopback or custom scheme). */
function looksLikeUrl(value: string): boolean {
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}
