/**
 * The single IPC contract.
 *
 * Every renderer → main call is declared once in `InvokeChannels` as a function signature, and every
 * main → renderer event in `EventChannels`. Main's handlers (`src/main/ipc`), the preload's `window.api`
 * and the renderer's calls all derive their types from these maps, and `argumentSchemas` (checked
 * against the same map at compile time) validates every payload in main before use.
 *
 * Naming: `domain:verb-noun`. The preload exposes `api.<domain>.<verbNoun>()`.
 */
import { z } from 'zod'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '../models/account'
import type { AppInfo, Notice } from '../models/app-info'
import type { UiSettings } from '../models/settings'

/** Ask main to begin linking an account through the browser (OAuth authorization code + PKCE). */
export interface StartLinkRequest {
  profileKey: string
  serverUrl?: string
  clientId?: string
  /** Override of the profile's redirect: custom scheme or loopback (URI with the registered path). */
  redirectUri?: string
  /** Re-link an existing account in place. */
  accountId?: string
  /**
   * A client secret the user entered, for providers whose token endpoint demands one (Makeprintable,
   * Octoblu, Omniport confidential clients). Stored in the keychain with the account, never bundled.
   */
  clientSecret?: string
  /** Octoblu: the Meshblu API origin when it differs from the OAuth server's. */
  apiServerUrl?: string
  /** Generic OAuth provider only. */
  generic?: { authorizeUrl: string; tokenUrl: string; revokeUrl?: string; scopes?: string }
}

/** Link with a secret the user already has: an administrator-issued token or a Makeprintable API key. */
export interface LinkWithSecretRequest {
  profileKey: string
  serverUrl?: string
  kind: 'access-token' | 'api-key'
  secret: string
}

/** Zebbra: sign in (password grant) or register then sign in. The password is never stored. */
export interface PasswordSignInRequest {
  profileKey: string
  serverUrl?: string
  username: string
  password: string
  /** Zebbra registration needs exactly one of a new workspace's name or an invite code. */
  register?: {
    email?: string
    firstName?: string
    lastName?: string
    workspaceName?: string
    inviteCode?: string
  }
}

/** How a finished link attempt ended, pushed to the renderer. */
export type LinkOutcome =
  | { attemptId: string; ok: true; account: AccountSummary }
  | { attemptId: string; ok: false; error: { code: string; message: string } }

/** Every renderer → main call: channel name → the handler's signature. */
export interface InvokeChannels {
  'app:get-info': () => AppInfo
  'settings:get': () => UiSettings
  'settings:update': (patch: Partial<UiSettings>) => UiSettings
  'accounts:list': () => AccountSummary[]
  'accounts:list-providers': () => ProviderOption[]
  'accounts:start-link': (request: StartLinkRequest) => PendingLinkSummary
  'accounts:cancel-link': (attemptId: string) => void
  'accounts:complete-link': (callbackUrl: string) => AccountSummary
  'accounts:link-with-secret': (request: LinkWithSecretRequest) => AccountSummary
  'accounts:sign-in-with-password': (request: PasswordSignInRequest) => AccountSummary
  'accounts:unlink': (accountId: string) => { revokedAtProvider: boolean }
  'demo:start': () => PendingLinkSummary
}

/** Every main → renderer event: channel name → the listener's signature. */
export interface EventChannels {
  'accounts:changed': (accounts: AccountSummary[]) => void
  'accounts:link-finished': (outcome: LinkOutcome) => void
  'app:notice': (notice: Notice) => void
}

/** The name of an invoke channel. */
export type InvokeChannel = keyof InvokeChannels
/** The name of an event channel. */
export type EventChannel = keyof EventChannels

const boundedString = (max: number) => z.string().min(1).max(max)
const url = boundedString(2048)
const profileKey = boundedString(64).regex(/^[a-z0-9-]+$/)
const id = boundedString(512)

const themeSchema = z.enum(['system', 'light', 'dark'])
const screenSchema = z.enum(['printers', 'files', 'repair', 'accounts'])

/**
 * Validators for the arguments of every invoke channel, as a tuple per channel.
 *
 * The `satisfies` clause ties each schema to the contract: a schema whose output differs from the
 * declared parameters fails to compile. Objects are strict: unknown keys are rejected, not ignored.
 */
export const argumentSchemas = {
  'app:get-info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([
    z.strictObject({
      theme: themeSchema.optional(),
      lastScreen: screenSchema.optional(),
      firstRunDone: z.boolean().optional()
    })
  ]),
  'accounts:list': z.tuple([]),
  'accounts:list-providers': z.tuple([]),
  'accounts:start-link': z.tuple([
    z.strictObject({
      profileKey,
      serverUrl: url.optional(),
      clientId: boundedString(256).optional(),
      redirectUri: url.optional(),
      accountId: id.optional(),
      clientSecret: boundedString(1024).optional(),
      apiServerUrl: url.optional(),
      generic: z
        .strictObject({
          authorizeUrl: url,
          tokenUrl: url,
          revokeUrl: url.optional(),
          scopes: z.string().max(1024).optional()
        })
        .optional()
    })
  ]),
  'accounts:cancel-link': z.tuple([id]),
  'accounts:complete-link': z.tuple([url]),
  'accounts:link-with-secret': z.tuple([
    z.strictObject({
      profileKey,
      serverUrl: url.optional(),
      kind: z.enum(['access-token', 'api-key']),
      secret: boundedString(4096)
    })
  ]),
  'accounts:sign-in-with-password': z.tuple([
    z.strictObject({
      profileKey,
      serverUrl: url.optional(),
      username: boundedString(256),
      password: boundedString(1024),
      register: z
        .strictObject({
          email: z.string().max(320).optional(),
          firstName: z.string().max(256).optional(),
          lastName: z.string().max(256).optional(),
          workspaceName: z.string().max(256).optional(),
          inviteCode: z.string().max(256).optional()
        })
        .optional()
    })
  ]),
  'accounts:unlink': z.tuple([id]),
  'demo:start': z.tuple([])
} satisfies { [K in InvokeChannel]: z.ZodType<Parameters<InvokeChannels[K]>> }

/** Runtime list of invoke channels, for registration and allowlists. */
export const INVOKE_CHANNELS = Object.keys(argumentSchemas) as InvokeChannel[]

/** Runtime list of event channels. */
export const EVENT_CHANNELS = [
  'accounts:changed',
  'accounts:link-finished',
  'app:notice'
] as const satisfies readonly EventChannel[]
