import type { ReactNode } from 'react'
import { ObicoRegistrationGuide } from './ObicoRegistrationGuide'
import { defaultRedirectUri, obicoRegisterUrl } from './redirect'

interface Props {
  /** Normalised server origin, when the typed address is valid. */
  origin: string | null
  /** The redirect this link will use: the default, or the user's override. */
  redirectUri?: string
}

/**
 * How to register Printdock on a self-hosted Obico server: each server needs its own registration
 * (obico-api.md §5, #934), so the guide is offered to everyone, closed for those who did it once.
 */
export function SelfHostedGuide({
  origin,
  redirectUri = defaultRedirectUri('loopback')
}: Props): ReactNode {
  return (
    <ObicoRegistrationGuide
      registerUrl={origin ? obicoRegisterUrl(origin) : '<your server>/o/applications/register/'}
      registerUrlKnown={origin !== null}
      serverWords="your Obico server"
      redirectUri={redirectUri}
      defaultOpen={false}
      summary="First time with this server? Register Printdock on it (2 minutes)"
    />
  )
}
