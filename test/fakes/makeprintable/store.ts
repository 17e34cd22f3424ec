import { randomBytes } from 'node:crypto'
import type { RepairReport } from './mesh-repair'

/** A registered OAuth app (providers.md §1.2: "create an app to get a client id and secret"). */
export interface MakeprintableClient {
  clientId: string
  clientSecret: string
  name: string
  /** Matched exactly at /authorize and /v1/token (§1.7). */
  redirectUris: string[]
}

/** A Makeprintable account. */
export interface MakeprintableUser {
  id: number
  email: string
  password: string
  /** Sent as the `key` header (§1.2). */
  apiKey: string
}

/** An uploaded model ("item"), §1.3. */
export interface ItemRecord {
  id: number
  userId: number
  fileName: string
  fileExt: string
  path: string
  size: number
  createdAt: number
  updatedAt: number
}

/** Options a fix was created with (§1.3, names from the Ruby gem). */
export interface FixOptions {
  name: string
  callback_url: string | null
  wall_thickness: number | null
  print_quality: string | null
  pre_optimize: number | null
  post_optimize: number | null
  secure: boolean
}

/** What the background repair produced. */
export type RepairOutcome =
  { ok: true; path: string; size: number; report: RepairReport } | { ok: false; error: string }

/** A repair request and its simulated timeline (ms on the fake clock). */
export interface FixRecord {
  id: number
  userId: number
  itemId: number
  options: FixOptions
  createdAtMs: number
  startsAtMs: number
  doneAtMs: number
  /** Unguessable part of the download link. */
  downloadToken: string
  /** Settles when the real repair work has finished. */
  work: Promise<RepairOutcome>
  outcome?: RepairOutcome
}

/** A pending authorization code: 3 minutes, single use (§1.2, §1.7). */
export interface AuthCode {
  clientId: string
  redirectUri: string
  userId: number
  expiresAtMs: number
}

/** Everything one Makeprintable fake remembers. */
export class MakeprintableStore {
  readonly clients = new Map<string, MakeprintableClient>()
  readonly users = new Map<number, MakeprintableUser>()
  readonly sessions = new Map<string, number>()
  readonly codes = new Map<string, AuthCode>()
  /** Access token → user id. */
  readonly tokens = new Map<string, { userId: number; clientId: string }>()
  readonly items = new Map<number, ItemRecord>()
  readonly fixes = new Map<number, FixRecord>()
  private nextItemId = 149
  private nextFixId = 301

  newItemId(): number {
    return this.nextItemId++
  }

  newFixId(): number {
    return this.nextFixId++
  }

  userByApiKey(key: string): MakeprintableUser | undefined {
    return [...this.users.values()].find((u) => u.apiKey === key)
  }

  userByEmail(email: string): MakeprintableUser | undefined {
    return [...this.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase())
  }
}

/** A random URL-safe secret. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}
