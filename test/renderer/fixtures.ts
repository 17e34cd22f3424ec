/**
 * Test data for renderer tests: provider choices and accounts shaped like main's summaries.
 */
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '@shared/models/account'

const base = {
  needsServerUrl: false,
  needsClientId: false,
  supportsOAuth: false,
  supportsPastedToken: false,
  supportsApiKey: false,
  supportsPassword: false,
  supportsRegistration: false,
  clientSecret: 'none' as const,
  defaultRedirect: 'loopback' as const,
  offersOtherServer: false
}

/**
 * The seven provider choices main offers, with main's `needsServerUrl`/`defaultServerUrl` flags
 * (src/main/core/providers/*.ts): only self-hosted Obico and generic OAuth have no default server.
 */
export const PROVIDERS: ProviderOption[] = [
  {
    ...base,
    key: 'obico-cloud',
    provider: 'obico',
    label: 'Obico Cloud',
    description: 'app.obico.io: printers, AI failure detection, G-code library.',
    supportsOAuth: true,
    clientSecret: 'optional',
    defaultServerUrl: 'https://app.obico.io'
    // No "different server": Obico (self-hosted) is the way to another Obico.
  },
  {
    ...base,
    key: 'obico-self-hosted',
    provider: 'obico',
    label: 'Obico (self-hosted)',
    description: 'Your own Obico server.',
    needsServerUrl: true,
    needsClientId: true,
    clientSecret: 'optional',
    supportsOAuth: true,
    supportsPastedToken: true
  },
  {
    ...base,
    key: 'makeprintable',
    provider: 'makeprintable',
    label: 'Makeprintable',
    description: 'Mesh repair.',
    supportsOAuth: true,
    supportsApiKey: true,
    clientSecret: 'required',
    defaultRedirect: 'custom-scheme',
    defaultServerUrl: 'https://makeprintable.com',
    offersOtherServer: true
  },
  {
    ...base,
    key: 'octoblu',
    provider: 'octoblu',
    label: 'Octoblu / Meshblu',
    description: 'Device mesh.',
    supportsOAuth: true,
    needsClientId: true,
    clientSecret: 'required',
    defaultRedirect: 'custom-scheme',
    defaultServerUrl: 'https://oauth.octoblu.com',
    offersOtherServer: true
  },
  {
    ...base,
    key: 'omniport',
    provider: 'omniport',
    label: 'Omniport',
    description: 'Campus accounts.',
    supportsOAuth: true,
    needsClientId: true,
    clientSecret: 'required',
    defaultServerUrl: 'https://channeli.in',
    offersOtherServer: true
  },
  {
    ...base,
    key: 'zebbra',
    provider: 'zebbra',
    label: 'Zebbra',
    description: 'Username and password.',
    supportsPassword: true,
    supportsRegistration: true,
    defaultServerUrl: 'https://api.zebbra.example',
    offersOtherServer: true
  },
  {
    ...base,
    key: 'generic',
    provider: 'generic',
    label: 'Generic OAuth',
    description: 'Any OAuth 2.0 server with PKCE.',
    supportsOAuth: true,
    needsClientId: true,
    clientSecret: 'optional'
  }
]

/** An account as main would summarise it. */
export function account(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: 'obico|https://app.obico.io|42',
    provider: 'obico',
    providerLabel: 'Obico Cloud',
    serverOrigin: 'https://app.obico.io',
    displayName: 'maker@example.com',
    identity: [
      { label: 'Email', value: 'maker@example.com' },
      { label: 'Name', value: 'Ada Maker' }
    ],
    state: 'linked',
    credential: 'oauth',
    storage: 'keychain',
    linkedAt: '2025-11-20T10:00:00.000Z',
    ...overrides
  }
}

/** A pending link as main returns it from `accounts:start-link`. */
export function pendingLink(overrides: Partial<PendingLinkSummary> = {}): PendingLinkSummary {
  return {
    attemptId: 'attempt-1',
    profileKey: 'obico-cloud',
    serverOrigin: 'https://app.obico.io',
    authorizationUrl:
      'https://app.obico.io/o/authorize/?client_id=printdock&response_type=code&state=abc&code_challenge=xyz',
    redirectUri: 'http://127.0.0.1:53123/printdock/callback',
    startedAt: '2025-11-20T10:00:00.000Z',
    expiresAt: '2025-11-20T10:05:00.000Z',
    ...overrides
  }
}
