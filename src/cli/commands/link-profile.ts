/** Which provider profile `printdock link <provider>` means. */
import { PROVIDER_PROFILES } from '../../main/core/providers/profiles'
import { CliError } from '../cli-error'
import { ExitCode } from '../exit-codes'

/** The profile keys `link` accepts, besides the `obico` shorthand. */
export const PROFILE_KEYS = PROVIDER_PROFILES.map((profile) => profile.key)

/** `obico` is a convenience: the cloud without --server, a self-hosted server with one. */
export function resolveProfileKey(provider: string, server: string | undefined): string {
  const key = provider.trim().toLowerCase()
  if (key === 'obico') return server ? 'obico-self-hosted' : 'obico-cloud'
  if (!PROFILE_KEYS.includes(key)) {
    throw new CliError(
      ExitCode.Usage,
      `Unknown provider "${provider}". Choose one of: obico, ${PROFILE_KEYS.join(', ')}.`
    )
  }
  return key
}
