import { useState, type FormEvent, type ReactNode } from 'react'
import { Field } from './Field'

interface Props {
  kind: 'access-token' | 'api-key'
  /** Where this secret comes from, for this service; default: the kind's general words. */
  hint?: string
  disabled: boolean
  busy: boolean
  /**
   * Checks the panel's shared inputs (server address) before the secret is taken; false stops the
   * submit and keeps what was typed, so a wrong address does not cost the user the key.
   */
  precheck?: () => boolean
  /** Links with the secret; resolves false when that failed (the panel shows the error). */
  onSubmit: (secret: string) => Promise<boolean>
}

const TEXT = {
  'access-token': {
    title: 'Paste an access token',
    label: 'Access token',
    hint: 'A token the service or its administrator made for your account. It is kept in your system keychain, never shown again.',
    button: 'Link with token',
    inputId: 'token-input',
    buttonId: 'link-with-token-button'
  },
  'api-key': {
    title: 'Use an API key',
    label: 'API key',
    hint: 'Find it on your account settings page at the provider. It is kept in your keychain, never shown again.',
    button: 'Link with API key',
    inputId: 'api-key-input',
    buttonId: 'link-with-api-key-button'
  }
} as const

/**
 * Link with a secret the user already has. The field is a password field and is emptied whenever
 * the secret is sent, so it does not linger in the window.
 */
export function SecretForm({ kind, hint, disabled, busy, precheck, onSubmit }: Props): ReactNode {
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const text = TEXT[kind]
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const value = secret.trim()
    // Both checks run, so every problem shows at once.
    const sharedOk = precheck ? precheck() : true
    setError(value === '' ? `Enter the ${text.label.toLowerCase()}.` : null)
    if (value === '' || !sharedOk) return
    setSecret('')
    await onSubmit(value)
  }
  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate>
      <h4>{text.title}</h4>
      <Field
        label={text.label}
        type="password"
        className="mono"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        hint={hint ?? text.hint}
        error={error}
        testId={text.inputId}
      />
      <button type="submit" className="button" disabled={disabled} data-testid={text.buttonId}>
        {busy ? 'Checking…' : text.button}
      </button>
    </form>
  )
}
