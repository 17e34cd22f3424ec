import { LOOPBACK_REDIRECT_URI } from '@shared/redirects'

/**
 * The loopback redirect URI users register on a self-hosted Obico server.
 *
 * Registered without a port: Printdock listens on a free port each time, and Obico's
 * django-oauth-toolkit accepts any port for a loopback IP registered without one, while the path must
 * match exactly (obico-api.md §1.3; RFC 8252 §7.3). `localhost` is not treated as loopback there,
 * hence the IP literal (obico-api.md §5, DOT #1416).
 *
 * The value comes from src/shared/redirects.ts, the one main uses; a pending link shows main's
 * actual `redirectUri`, port included.
 */
export const DEFAULT_LOOPBACK_REDIRECT = LOOPBACK_REDIRECT_URI

/** Where a signed-in user registers an application on an Obico server (obico-api.md §1.7). */
export function obicoRegisterUrl(origin: string): string {
  return `${origin}/o/applications/register/`
}
