import type { ReactNode } from 'react'
import { CopyButton } from '../../components/CopyButton'
import { defaultRedirectUri, obicoRegisterUrl } from './redirect'

interface Props {
  /** Normalised server origin, when the typed address is valid. */
  origin: string | null
  /** The redirect this link will use: the default, or the user's override. */
  redirectUri?: string
}

/**
 * How to register Printdock on a self-hosted Obico server, with the exact values to type.
 *
 * Any logged-in user can register an application at `/o/applications/register/`; a public client
 * with the authorization-code grant and a loopback redirect is what a desktop app needs
 * (obico-api.md §1.7). Test ids: `redirect-guide`, `redirect-uri`, `register-url`.
 */
export function SelfHostedGuide({
  origin,
  redirectUri = defaultRedirectUri('loopback')
}: Props): ReactNode {
  const registerUrl = origin ? obicoRegisterUrl(origin) : '<your server>/o/applications/register/'
  return (
    <details className="guide" data-testid="redirect-guide">
      <summary>First time with this server? Register Printdock on it (2 minutes)</summary>
      <ol>
        <li>
          Sign in to your Obico server in the browser, then open{' '}
          <code className="mono" data-testid="register-url">
            {registerUrl}
          </code>
          .
        </li>
        <li>
          Fill in:
          <dl className="guide-values">
            <dt>Name</dt>
            <dd>Printdock</dd>
            <dt>Client type</dt>
            <dd>Public</dd>
            <dt>Authorization grant type</dt>
            <dd>Authorization code</dd>
            <dt>Redirect uris</dt>
            <dd className="inline-row">
              <code className="mono" data-testid="redirect-uri">
                {redirectUri}
              </code>
              <CopyButton text={redirectUri} testId="copy-redirect-uri" />
            </dd>
          </dl>
          Type the redirect exactly as shown, without a port number: Printdock picks a free port
          each time, and Obico accepts any port for 127.0.0.1 as long as the rest matches.
        </li>
        <li>Save, then copy the Client id shown by Obico into the Client ID field here.</li>
      </ol>
    </details>
  )
}
