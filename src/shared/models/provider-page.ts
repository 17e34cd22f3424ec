/**
 * What a linked account's page shows (issue 13): the data its service holds for the user, and
 * whether that data is fresh. Safe for the renderer: no token or secret ever appears here.
 */
import type { ProviderId } from './account'

/** A Meshblu device as one row of the Octoblu page. */
export interface MeshbluDeviceRow {
  uuid: string
  name?: string
  type?: string
  online: boolean
  /** ISO time the device was last seen, when Meshblu says (`lastSeen`, `onlineSince`, `meshblu.updatedAt`). */
  lastSeen?: string
  /** Whether Printdock offers "Send a message" for it (not the user's own device, not an OAuth app). */
  acceptsMessages: boolean
}

/** One Meshblu subscription of the user's device. */
export interface MeshbluSubscriptionRow {
  subscriberUuid: string
  emitterUuid: string
  type: string
}

/** The Octoblu / Meshblu page. */
export interface OctobluPageData {
  provider: 'octoblu'
  whoami: { uuid: string; name?: string; type?: string; email?: string }
  devices: MeshbluDeviceRow[]
  subscriptions: MeshbluSubscriptionRow[]
}

/** One labelled value. */
export interface PageField {
  label: string
  value: string
}

/**
 * One part of an Omniport profile. `granted: false` means the app was not given that part: the
 * page shows `note` in its place.
 */
export interface ProfileSection {
  key: 'name' | 'roles' | 'enrolment' | 'contact'
  title: string
  granted: boolean
  fields: PageField[]
  note?: string
}

/** The Omniport page. */
export interface OmniportPageData {
  provider: 'omniport'
  userId: string
  sections: ProfileSection[]
}

/** A Zebbra workspace with the models in it. */
export interface ZebbraWorkspaceRow {
  id: string
  name: string
  /** Whether the user is its admin. */
  admin: boolean
  memberCount: number
  models: { id: string; name: string; startingMonth?: string }[]
}

/** The Zebbra page. */
export interface ZebbraPageData {
  provider: 'zebbra'
  user: { id: string; username: string; name?: string }
  workspaces: ZebbraWorkspaceRow[]
  /** Models the user can open whose workspace is not among theirs. */
  otherModels: { id: string; name: string }[]
}

/** A page's data, by provider. */
export type ProviderPageData = OctobluPageData | OmniportPageData | ZebbraPageData

/**
 * How fresh the page is.
 * - loading: nothing read yet.
 * - ready: the last read worked.
 * - unreachable: the server did not answer (or answered 5xx); the last data stays, greyed.
 * - needs-relink: the token is dead (Octoblu, Omniport after a refused refresh): link again.
 * - sign-in-needed: Zebbra's token expired; it has no refresh, so the user signs in again.
 * - failed: the server answered with something Printdock could not read.
 */
export type ProviderPageStatus =
  'loading' | 'ready' | 'unreachable' | 'needs-relink' | 'sign-in-needed' | 'failed'

/** A page as the renderer and the CLI see it. */
export interface ProviderPage {
  accountId: string
  provider: ProviderId
  status: ProviderPageStatus
  /** Plain words for any status but ready and loading. */
  problem?: string
  /** The last data read; kept when a later read fails. */
  data?: ProviderPageData
  /** ISO time `data` was read. */
  readAt?: string
}

/** The providers that have a page. */
export const PAGE_PROVIDERS = ['octoblu', 'omniport', 'zebbra'] as const
/** One of `PAGE_PROVIDERS`. */
export type PageProviderId = (typeof PAGE_PROVIDERS)[number]

/** Whether accounts of this provider have a page. */
export function hasProviderPage(provider: ProviderId): provider is PageProviderId {
  return (PAGE_PROVIDERS as readonly string[]).includes(provider)
}

/** A message to a Meshblu device, as the user wrote it. */
export interface MeshbluMessageRequest {
  deviceUuid: string
  /** The JSON payload, as text; main parses it (and refuses what is not JSON). */
  payloadJson: string
  topic?: string
}

/** One device's full document, flattened into labelled values (never a token). */
export interface MeshbluDeviceDetails {
  uuid: string
  fields: PageField[]
}
