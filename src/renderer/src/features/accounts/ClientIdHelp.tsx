import type { ReactNode } from 'react'
import type { ProviderOption } from '@shared/models/account'
import { CopyButton } from '../../components/CopyButton'
import { ObicoRegistrationGuide } from './ObicoRegistrationGuide'
import { obicoRegisterUrl } from './redirect'
import { SelfHostedGuide } from './SelfHostedGuide'

interface Props {
  provider: ProviderOption
  /** The hosted service's origin (`defaultServerUrl`, normalised), when the profile has one. */
  defaultOrigin: string | null
  /** The typed server's origin, for self-hosted Obico. */
  origin: string | null
  /** The redirect this link will use: the default, or the user's override. */
  redirectUri: string
}

/**
 * Where a client ID (and secret) comes from, for a build that has none for this provider: one
 * sentence saying so, then what works (docs/decisions/0015).
 *
 * - Obico Cloud: the self-service registration on app.obico.io (any signed-in user may register an
 *   application at /o/applications/register/, obico-api.md §1.4, §1.7), with support's route, the
 *   one Obico's docs give app makers, as the alternative.
 * - Self-hosted Obico: the same registration on the user's server.
 * - Makeprintable, Octoblu, Omniport: their developer pages, in plain words (providers.md §1.2,
 *   §2.2, §3.7).
 *
 * Test ids: `client-id-notice`, `client-id-source`, and the guide's (ObicoRegistrationGuide).
 */
export function ClientIdHelp({ provider, defaultOrigin, origin, redirectUri }: Props): ReactNode {
  if (!provider.supportsOAuth) return null
  if (provider.key === 'obico-self-hosted') {
    return (
      <>
        <Notice>
          Every Obico server needs Printdock registered on it once; the steps below have the exact
          values.
        </Notice>
        <SelfHostedGuide origin={origin} redirectUri={redirectUri} />
      </>
    )
  }
  if (!provider.needsClientId) return null
  if (provider.key === 'obico-cloud' && defaultOrigin) {
    return (
      <>
        <Notice>
          This copy of Printdock has no Obico Cloud client ID built in, so register Printdock with
          Obico once (2 minutes) and paste the client ID it gives you.
        </Notice>
        <ObicoRegistrationGuide
          registerUrl={obicoRegisterUrl(defaultOrigin)}
          registerUrlKnown
          serverWords={new URL(defaultOrigin).host}
          redirectUri={redirectUri}
          defaultOpen
          summary={`Register Printdock on ${new URL(defaultOrigin).host}`}
          alternative={
            <p className="hint" data-testid="support-route">
              Can’t register there? Obico’s documentation asks app makers to e-mail support@obico.io
              with the app’s name (Printdock), its client type (public) and the redirect URI above;
              paste the client ID they send.
            </p>
          }
        />
      </>
    )
  }
  const source = SOURCES[provider.provider]
  if (!source) return null
  return (
    <>
      <Notice>
        This copy of Printdock has no {provider.label} client ID built in, so you bring the client
        ID and secret of an app of your own.
      </Notice>
      <div className="guide" data-testid="client-id-source">
        <p>{source}</p>
        <p className="inline-row">
          Redirect URI:{' '}
          <code className="mono" data-testid="redirect-uri">
            {redirectUri}
          </code>
          <CopyButton text={redirectUri} testId="copy-redirect-uri" />
        </p>
      </div>
    </>
  )
}

function Notice({ children }: { children: ReactNode }): ReactNode {
  return (
    <p className="client-id-notice" data-testid="client-id-notice">
      {children}
    </p>
  )
}

/** Where each service hands out client IDs and secrets, from its own developer material. */
const SOURCES: Partial<Record<ProviderOption['provider'], string>> = {
  // providers.md §1.2: "You must first create an app on makeprintable.com to get a client id and
  // secret"; the API key is on the account settings page.
  makeprintable:
    'Create an app on makeprintable.com (its API pages explain how) with the redirect URI below; ' +
    'the app’s page shows its client ID and secret. Or skip this and use the API key from your ' +
    'account settings further down.',
  // providers.md §2.2: an "OAuth Application" Thing; client ID = its UUID, secret = a device token.
  octoblu:
    'In Octoblu, add a Thing of type “OAuth Application”, give it the redirect URI below as its ' +
    'callback URL and let everyone discover it. Its UUID is the client ID; a token you make for it ' +
    'with “Generate Token” is the client secret.',
  // providers.md §3.7: apps are registered at /developer/add and approved by administrators.
  omniport:
    'Register an app on Channel i at channeli.in/developer/add with the redirect URI below and ' +
    'wait until its administrators approve it. The app’s page then shows its client ID and secret.'
}
