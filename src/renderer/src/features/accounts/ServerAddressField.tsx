import type { ReactNode } from 'react'
import type { ServerUrlCheck } from '../../lib/server-url'
import { Field } from './Field'

interface Props {
  value: string
  /** What `checkServerUrl` made of `value`. */
  check: ServerUrlCheck
  /** The plain-words problem to show, once the user has left the field or tried to submit. */
  error: string | null
  placeholder: string
  /** The hint while the field is empty or invalid. */
  idleHint: string
  onChange: (value: string) => void
  onBlur: () => void
}

/**
 * A server address input with the normalised origin Printdock will use, and a warning when that
 * origin is plain http on another computer (RFC 9700 §2.6; oauth-and-secrets.md §3.1).
 *
 * Test ids: `server-url-input`, `server-url-input-error`, `http-warning`.
 */
export function ServerAddressField(props: Props): ReactNode {
  const { check } = props
  return (
    <>
      <Field
        label="Server address"
        type="url"
        inputMode="url"
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
        spellCheck={false}
        autoComplete="url"
        error={props.error}
        hint={
          check.kind === 'valid'
            ? `Printdock will use ${check.origin}.${check.notes.length ? ' ' + check.notes.join(' ') : ''}`
            : props.idleHint
        }
        testId="server-url-input"
      />
      {check.kind === 'valid' && check.insecure && (
        <p className="warning" role="alert" data-testid="http-warning">
          <strong>Not encrypted.</strong> This server uses plain http on another computer, so tokens
          would travel unencrypted over the network. Use an https address if your server has one.
        </p>
      )}
    </>
  )
}
