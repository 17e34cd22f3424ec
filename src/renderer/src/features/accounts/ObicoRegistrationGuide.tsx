import type { ReactNode } from 'react'
import { CopyButton } from '../../components/CopyButton'

interface Props {
  /** Where to register: `<origin>/o/applications/register/`, or a placeholder for no address yet. */
  registerUrl: string
  /** Whether `registerUrl` is a real address the user can copy. */
  registerUrlKnown: boolean
  /** The server in words: "app.obico.io", "your Obico server". */
  serverWords: string
  /** The redirect this link will use: the default, or the user's override. */
  redirectUri: string
  /** The guide starts open where the user cannot link without it. */
  defaultOpen: boolean
  summary: string
  /** Another way to get a client ID, after the steps (Obico Cloud: ask support). */
  alternative?: ReactNode
}

/**
 * How to register Printdock on an Obico server, with the exact values to type.
 *
 * Any signed-in user can register an application at `/o/applications/register/` on every Obico
 * server, app.obico.io included; a public client with the authorization-code grant and a loopback
 * redirect registered without a port is what a desktop app needs (obico-api.md §1.3, §1.4, §1.7).
 * The field names are those of django-oauth-toolkit's form. Test ids: `redirect-guide`,
 * `register-url`, `copy-register-url`, `redirect-uri`, `copy-redirect-uri`, `guide-value-<field>`.
 */
export function ObicoRegistrationGuide(props: Props): ReactNode {
  const { registerUrl, redirectUri } = props
  return (
    <details className="guide" data-testid="redirect-guide" open={props.defaultOpen || undefined}>
      <summary>{props.summary}</summary>
      <ol>
        <li>
          Sign in to {props.serverWords} in your browser, then open{' '}
          <span className="inline-row">
            <code className="mono" data-testid="register-url">
              {registerUrl}
            </code>
            {props.registerUrlKnown && <CopyButton text={registerUrl} testId="copy-register-url" />}
          </span>
        </li>
        <li>
          Fill in:
          <dl className="guide-values">
            <dt>Name</dt>
            <dd data-testid="guide-value-name">Printdock</dd>
            <dt>Client type</dt>
            <dd data-testid="guide-value-client-type">Public</dd>
            <dt>Authorization grant type</dt>
            <dd data-testid="guide-value-grant-type">Authorization code</dd>
            <dt>Redirect uris</dt>
            <dd className="inline-row">
              <code className="mono" data-testid="redirect-uri">
                {redirectUri}
              </code>
              <CopyButton text={redirectUri} testId="copy-redirect-uri" />
            </dd>
          </dl>
          Leave the other fields as they are. Type the redirect exactly as shown, without a port
          number: Printdock picks a free port each time, and Obico accepts any port for 127.0.0.1 as
          long as the rest matches.
        </li>
        <li>Save, then copy the Client id Obico shows into the Client ID field below.</li>
      </ol>
      {props.alternative}
    </details>
  )
}
