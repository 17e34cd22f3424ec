import type { ProviderId, ProviderOption } from '../../../shared/models/account'
import { genericAdapter, genericProfile } from './generic'
import { makeprintableAdapter, makeprintableProfile } from './makeprintable'
import { obicoAdapter, obicoCloudProfile, obicoSelfHostedProfile } from './obico'
import { octobluAdapter, octobluProfile } from './octoblu'
import { omniportAdapter, omniportProfile } from './omniport'
import type {
  EndpointName,
  ProfileCapabilities,
  ProviderAdapter,
  ProviderProfile,
  ResolvedEndpoints
} from './provider-profile'
import { normalizeServerUrl } from './server-url'
import { zebbraAdapter, zebbraProfile } from './zebbra'

/**
 * The provider profiles Printdock ships, in the order the Accounts screen lists them, and pure
 * helpers over them.
 */

/** Every profile, in display order. */
export const PROVIDER_PROFILES: readonly ProviderProfile[] = [
  obicoCloudProfile,
  obicoSelfHostedProfile,
  makeprintableProfile,
  octobluProfile,
  omniportProfile,
  zebbraProfile,
  genericProfile
]

const ADAPTERS: Record<ProviderId, ProviderAdapter> = {
  obico: obicoAdapter,
  makeprintable: makeprintableAdapter,
  octoblu: octobluAdapter,
  omniport: omniportAdapter,
  zebbra: zebbraAdapter,
  generic: genericAdapter
}

/** The profile with this key, or undefined. */
export function getProfile(key: string): ProviderProfile | undefined {
  return PROVIDER_PROFILES.find((profile) => profile.key === key)
}

/** The quirk adapter of a provider. */
export function adapterFor(provider: ProviderId): ProviderAdapter {
  return ADAPTERS[provider]
}

/** A capability name as the query spells it. */
export type CapabilityName = keyof ProfileCapabilities

/** Filters for `selectProfiles`. Every given filter must hold. */
export interface ProfileQuery {
  /** Words matched (all of them, case-insensitively) against key, label and description. */
  text?: string
  provider?: ProviderId
  /** Every listed capability must be supported. */
  supports?: CapabilityName[]
  /** Only profiles that need (true) or do not need (false) a server URL. */
  needsServerUrl?: boolean
}

/** The profiles matching a query, in display order. Pure. */
export function selectProfiles(
  query: ProfileQuery = {},
  profiles: readonly ProviderProfile[] = PROVIDER_PROFILES
): ProviderProfile[] {
  const words = (query.text ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
  return profiles.filter((profile) => {
    if (query.provider !== undefined && profile.provider !== query.provider) return false
    if (query.needsServerUrl !== undefined && profile.server.required !== query.needsServerUrl)
      return false
    if (query.supports?.some((capability) => !profile.capabilities[capability])) return false
    if (words.length > 0) {
      const haystack = `${profile.key} ${profile.label} ${profile.description}`.toLowerCase()
      if (!words.every((word) => haystack.includes(word))) return false
    }
    return true
  })
}

/** Client IDs known without asking the user: build-time variables or settings, keyed by profile or provider. */
export type ClientIdSource = Record<string, string>

/** Reads `PRINTDOCK_<PROVIDER>_CLIENT_ID` variables into a ClientIdSource keyed by profile key. */
export function clientIdsFromEnv(env: Record<string, string | undefined>): ClientIdSource {
  const out: ClientIdSource = {}
  for (const profile of PROVIDER_PROFILES) {
    const name = profile.client.envVar
    const value = name ? env[name]?.trim() : undefined
    if (value) out[profile.key] = value
  }
  return out
}

/**
 * The client ID to use: what the user typed, else a configured one for the profile, else for the
 * provider. Profiles whose client must be registered by the user (self-hosted) skip configured IDs
 * unless they are keyed by the profile itself.
 */
export function resolveClientId(
  profile: ProviderProfile,
  userInput: string | undefined,
  configured: ClientIdSource = {}
): string | undefined {
  const typed = userInput?.trim()
  if (typed) return typed
  const byProfile = configured[profile.key]?.trim()
  if (byProfile) return byProfile
  if (profile.client.userMustSupplyId) return undefined
  return configured[profile.provider]?.trim() || undefined
}

/** The option the Accounts screen shows for a profile. */
export function toProviderOption(
  profile: ProviderProfile,
  configured: ClientIdSource = {}
): ProviderOption {
  const option: ProviderOption = {
    key: profile.key,
    provider: profile.provider,
    label: profile.label,
    description: profile.description,
    needsServerUrl: profile.server.required,
    needsClientId:
      profile.capabilities.oauth &&
      profile.client.idRequired &&
      resolveClientId(profile, undefined, configured) === undefined,
    clientSecret: profile.capabilities.oauth ? profile.client.secret : 'none',
    supportsOAuth: profile.capabilities.oauth,
    supportsPastedToken: profile.capabilities.pastedToken,
    supportsApiKey: profile.capabilities.apiKey,
    supportsPassword: profile.capabilities.password,
    supportsRegistration: profile.capabilities.registration,
    defaultRedirect: profile.redirect.defaultKind,
    offersOtherServer:
      !profile.server.required &&
      profile.server.defaultUrl !== undefined &&
      profile.server.otherServersAllowed !== false
  }
  if (profile.server.defaultUrl) option.defaultServerUrl = profile.server.defaultUrl
  return option
}

/** True when `serverOrigin` is the profile's hosted service (its `server.defaultUrl`). */
export function isDefaultServer(profile: ProviderProfile, serverOrigin: string): boolean {
  return (
    profile.server.defaultUrl !== undefined &&
    normalizeServerUrl(profile.server.defaultUrl).origin === serverOrigin
  )
}

/**
 * Absolute endpoint URLs for an account on `serverOrigin`. The hosted service's split hosts apply
 * only on its default origin; `overrides` (generic OAuth) win over everything.
 */
export function resolveEndpoints(
  profile: ProviderProfile,
  serverOrigin: string,
  overrides: Partial<Record<EndpointName, string>> = {},
  apiOrigin?: string
): ResolvedEndpoints {
  const isDefaultHost = isDefaultServer(profile, serverOrigin)
  const out: ResolvedEndpoints = {}
  for (const [name, path] of Object.entries(profile.endpoints) as [EndpointName, string][]) {
    const hosted = isDefaultHost ? profile.defaultHostEndpoints?.[name] : undefined
    const onApi = profile.apiServer?.endpoints.includes(name)
    const base = onApi
      ? (apiOrigin ?? (isDefaultHost ? profile.apiServer!.defaultUrl : serverOrigin))
      : serverOrigin
    out[name] = hosted ?? new URL(path, base + '/').toString()
  }
  for (const [name, url] of Object.entries(overrides) as [EndpointName, string | undefined][]) {
    if (url) out[name] = url
  }
  return out
}

/**
 * The provider label shown on an account: the profile's on its hosted service, the service's plain
 * name on another server ("Obico", not "Obico (self-hosted)"). Never the host: every account shows
 * its server beside the label, and "Obico (127.0.0.1:5340) · http://127.0.0.1:5340" said it twice
 * (issue 8), with nested brackets in sentences that put the label in brackets.
 */
export function providerLabelFor(profile: ProviderProfile, serverOrigin: string): string {
  if (isDefaultServer(profile, serverOrigin)) return profile.label
  return profile.provider === 'obico' ? 'Obico' : profile.label
}
