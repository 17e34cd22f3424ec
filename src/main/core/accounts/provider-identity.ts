import { adapterFor } from '../providers/profiles'
import type {
  AdapterContext,
  ProviderIdentity,
  ProviderProfile,
  ResolvedEndpoints
} from '../providers/provider-profile'
import type { AccountContext } from './account-context'

/** The per-call facts an adapter needs beyond the account's server and endpoints. */
type IdentityInput = Pick<
  AdapterContext,
  'credential' | 'accessToken' | 'tokenResponse' | 'clientId' | 'previousUserId'
>

/** What a provider adapter gets for one call, on the service's HTTP client. */
export function adapterContext(
  ctx: AccountContext,
  profile: ProviderProfile,
  serverOrigin: string,
  endpoints: ResolvedEndpoints,
  input: IdentityInput
): AdapterContext {
  return { http: ctx.http, profile, endpoints, serverOrigin, ...input }
}

/** Asks the provider who the credential belongs to (the adapter's identity call). */
export async function fetchIdentity(
  ctx: AccountContext,
  profile: ProviderProfile,
  serverOrigin: string,
  endpoints: ResolvedEndpoints,
  input: IdentityInput
): Promise<ProviderIdentity> {
  return adapterFor(profile.provider).fetchIdentity(
    adapterContext(ctx, profile, serverOrigin, endpoints, input)
  )
}
