import { useState, type FormEvent, type ReactNode } from 'react'
import type { PasswordSignInRequest } from '@shared/ipc/contract'
import { Field } from './Field'

interface Props {
  supportsRegistration: boolean
  serverLabel: string
  disabled: boolean
  busy: boolean
  /** Checks the panel's shared inputs (server address) first; false stops and keeps the password. */
  precheck?: () => boolean
  onSubmit: (request: Omit<PasswordSignInRequest, 'profileKey' | 'serverUrl'>) => Promise<boolean>
}

type Mode = 'sign-in' | 'register'

/**
 * Username + password sign-in (Zebbra has no third-party OAuth, only a password grant:
 * providers.md §4.2), with a "Create account" variant. The password is sent once, never stored,
 * and the field is emptied whenever it is sent.
 *
 * Test ids: `username-input`, `password-input`, `sign-in-button`, `mode-sign-in`, `mode-register`,
 * `first-name-input`, `last-name-input`, `email-input`.
 */
export function PasswordForm(props: Props): ReactNode {
  const [mode, setMode] = useState<Mode>('sign-in')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [firstName, setFirstName] = useState('')
  const [lastName, setLastName] = useState('')
  const [email, setEmail] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const found: Record<string, string> = {}
    if (username.trim() === '') found.username = 'Enter your username (usually your email address).'
    if (password === '') found.password = 'Enter your password.'
    if (mode === 'register') {
      if (firstName.trim() === '') found.firstName = 'Enter your first name.'
      if (lastName.trim() === '') found.lastName = 'Enter your last name.'
    }
    setErrors(found)
    const sharedOk = props.precheck ? props.precheck() : true
    if (Object.keys(found).length > 0 || !sharedOk) return
    const secret = password
    // Cleared before the request goes out: the password must not stay in the window's state.
    setPassword('')
    await props.onSubmit({
      username: username.trim(),
      password: secret,
      register:
        mode === 'register'
          ? {
              firstName: firstName.trim(),
              lastName: lastName.trim(),
              ...(email.trim() ? { email: email.trim() } : {})
            }
          : undefined
    })
  }

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate>
      {props.supportsRegistration && (
        <div className="segmented" role="radiogroup" aria-label="Sign in or create an account">
          {(['sign-in', 'register'] as const).map((m) => (
            <label key={m} className="segment">
              <input
                type="radio"
                name="password-mode"
                checked={mode === m}
                onChange={() => setMode(m)}
                data-testid={`mode-${m}`}
              />
              <span>{m === 'sign-in' ? 'Sign in' : 'Create account'}</span>
            </label>
          ))}
        </div>
      )}
      <Field
        label="Username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        autoComplete="username"
        error={errors.username}
        testId="username-input"
      />
      <Field
        label="Password"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
        error={errors.password}
        hint={`Sent once to ${props.serverLabel} to sign in. Printdock never stores your password; it keeps only the sign-in token it gets back.`}
        testId="password-input"
      />
      {mode === 'register' && (
        <>
          <Field
            label="First name"
            value={firstName}
            onChange={(e) => setFirstName(e.target.value)}
            autoComplete="given-name"
            error={errors.firstName}
            testId="first-name-input"
          />
          <Field
            label="Last name"
            value={lastName}
            onChange={(e) => setLastName(e.target.value)}
            autoComplete="family-name"
            error={errors.lastName}
            testId="last-name-input"
          />
          <Field
            label="Email (optional)"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            testId="email-input"
          />
        </>
      )}
      <button
        type="submit"
        className="button primary"
        disabled={props.disabled}
        data-testid="sign-in-button"
      >
        {props.busy
          ? 'Signing in…'
          : mode === 'register'
            ? 'Create account and sign in'
            : 'Sign in'}
      </button>
    </form>
  )
}
