import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeClock } from '../kit'
import { FaultableServer } from '../kit/faults'
import { mountApiRoutes } from './api-routes'
import { mountOAuthRoutes } from './oauth-routes'
import {
  randomSecret,
  MakeprintableStore,
  type MakeprintableClient,
  type MakeprintableUser
} from './store'
import { yiiError } from './yii-format'

export { CODE_TTL_MS } from './oauth-routes'
export { ACCEPTED_EXTENSIONS, FIX_QUEUE_MS } from './api-routes'
export type { MakeprintableClient, MakeprintableUser } from './store'
export type { RepairReport } from './mesh-repair'

/** Options for {@link startMakeprintableFake}. */
export interface MakeprintableFakeOptions {
  clock?: FakeClock
  port?: number
  host?: string
  /** Skip login and consent: the demo user is signed in and always allows. */
  autoApprove?: boolean
  /** 'demo' adds a sample item and a finished fix; 'empty' only the client and demo user. */
  seed?: 'demo' | 'empty'
  /** Redirect URIs of the seeded client (default: custom scheme plus port-less loopback). */
  redirectUris?: string[]
  /** Where uploads and repaired files go (default: a fresh temp dir, removed on close). */
  storageDir?: string
}

/** A running Makeprintable v1 emulator (authorize pages and API on one origin). */
export interface MakeprintableFake {
  /** Origin, e.g. http://127.0.0.1:41234 (stands for both makeprintable.com and api.…). */
  baseUrl: string
  /** `${baseUrl}/authorize` */
  authorizeUrl: string
  /** `${baseUrl}/v1/token` */
  tokenUrl: string
  /** `${baseUrl}/v1`, the API base for items and fixes. */
  apiBaseUrl: string
  clock: FakeClock
  server: FaultableServer
  /** The seeded OAuth app. */
  client: MakeprintableClient
  /** The seeded account (email/password for the login form, apiKey for the `key` header). */
  user: MakeprintableUser
  /** Flip at run time to skip or show the login and consent pages. */
  autoApprove: boolean
  storageDir: string
  /** Registers another OAuth app. */
  registerClient(
    client: Partial<MakeprintableClient> & { redirectUris: string[] }
  ): MakeprintableClient
  /** Pre-issues an access token for a user (default: the demo user). */
  issueToken(userId?: number): string
  isTokenActive(token: string): boolean
  /** Ends every access token (what a user revoking the app would do). */
  revokeAllTokens(): void
  close(): Promise<void>
}

/** Default redirect URIs: Makeprintable matches exactly (§1.7) and is not known to restrict schemes. */
export const MAKEPRINTABLE_DEFAULT_REDIRECT_URIS = [
  'printdock://oauth/callback',
  'http://127.0.0.1/printdock/callback'
]

/** Starts the Makeprintable v1 fake (providers.md §1). */
export async function startMakeprintableFake(
  options: MakeprintableFakeOptions = {}
): Promise<MakeprintableFake> {
  const clock = options.clock ?? new FakeClock()
  const server = new FaultableServer({ name: 'makeprintable', clock })
  const store = new MakeprintableStore()
  const ownsDir = options.storageDir === undefined
  const storageDir =
    options.storageDir ?? (await mkdtemp(join(tmpdir(), 'printdock-makeprintable-')))

  const client: MakeprintableClient = {
    clientId: 'printdock-desktop',
    clientSecret: randomSecret(),
    name: 'Printdock',
    redirectUris: options.redirectUris ?? MAKEPRINTABLE_DEFAULT_REDIRECT_URIS
  }
  store.clients.set(client.clientId, client)
  // user_id 8 as in the documented item example (§1.3).
  const user: MakeprintableUser = {
    id: 8,
    email: 'maker@example.com',
    password: 'printdock-demo',
    apiKey: `mp_${randomSecret(18)}`
  }
  store.users.set(user.id, user)

  const settings = { autoApprove: options.autoApprove ?? false }
  mountOAuthRoutes(server, store, settings)
  mountApiRoutes({ server, store, storageDir })
  server.fallback((req) => {
    req.raw.resume()
    throw yiiError(404, 'Page not found.')
  })

  const baseUrl = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1')

  if ((options.seed ?? 'demo') === 'demo') {
    await seedDemo(baseUrl, user, storageDir, store, clock)
  }

  const fake: MakeprintableFake = {
    baseUrl,
    authorizeUrl: `${baseUrl}/authorize`,
    tokenUrl: `${baseUrl}/v1/token`,
    apiBaseUrl: `${baseUrl}/v1`,
    clock,
    server,
    client,
    user,
    get autoApprove() {
      return settings.autoApprove
    },
    set autoApprove(value: boolean) {
      settings.autoApprove = value
    },
    storageDir,
    registerClient(partial) {
      const registered: MakeprintableClient = {
        clientId: partial.clientId ?? `app-${randomSecret(6)}`,
        clientSecret: partial.clientSecret ?? randomSecret(),
        name: partial.name ?? 'Sandbox app',
        redirectUris: partial.redirectUris
      }
      store.clients.set(registered.clientId, registered)
      return registered
    },
    issueToken(userId = user.id) {
      if (!store.users.has(userId)) throw new Error(`no Makeprintable fake user ${userId}`)
      const token = randomSecret(32)
      store.tokens.set(token, { userId, clientId: client.clientId })
      return token
    },
    isTokenActive: (token) => store.tokens.has(token),
    revokeAllTokens: () => store.tokens.clear(),
    async close() {
      await server.close()
      if (ownsDir) await rm(storageDir, { recursive: true, force: true })
    }
  }
  return fake
}

/** A 10 mm cube as ASCII STL, with one facet's stored normal zeroed so a fix has work to do. */
function sampleCube(): string {
  const s = 10
  const quads: [number[], number[], number[], number[]][] = [
    [
      [0, 0, 0],
      [0, s, 0],
      [s, s, 0],
      [s, 0, 0]
    ],
    [
      [0, 0, s],
      [s, 0, s],
      [s, s, s],
      [0, s, s]
    ],
    [
      [0, 0, 0],
      [s, 0, 0],
      [s, 0, s],
      [0, 0, s]
    ],
    [
      [0, s, 0],
      [0, s, s],
      [s, s, s],
      [s, s, 0]
    ],
    [
      [0, 0, 0],
      [0, 0, s],
      [0, s, s],
      [0, s, 0]
    ],
    [
      [s, 0, 0],
      [s, s, 0],
      [s, s, s],
      [s, 0, s]
    ]
  ]
  const lines = ['solid calibration_cube']
  for (const [a, b, c, d] of quads) {
    for (const tri of [
      [a, b, c],
      [a, c, d]
    ]) {
      lines.push('  facet normal 0 0 0', '    outer loop')
      for (const v of tri) lines.push(`      vertex ${v.join(' ')}`)
      lines.push('    endloop', '  endfacet')
    }
  }
  lines.push('endsolid calibration_cube', '')
  return lines.join('\n')
}

async function seedDemo(
  baseUrl: string,
  user: MakeprintableUser,
  storageDir: string,
  store: MakeprintableStore,
  clock: FakeClock
): Promise<void> {
  const id = store.newItemId()
  const path = join(storageDir, `item-${id}.stl`)
  const content = sampleCube()
  await writeFile(path, content)
  const now = clock.now()
  store.items.set(id, {
    id,
    userId: user.id,
    fileName: 'calibration_cube',
    fileExt: 'stl',
    path,
    size: Buffer.byteLength(content),
    createdAt: now,
    updatedAt: now
  })
  // A finished fix for the demo, requested through the API like any other.
  const token = randomSecret(32)
  store.tokens.set(token, { userId: user.id, clientId: 'seed' })
  await fetch(`${baseUrl}/v1/fixes`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/x-www-form-urlencoded'
    },
    body: new URLSearchParams({
      item_id: String(id),
      name: 'calibration_cube repair',
      print_quality: 'standard'
    })
  })
  store.tokens.delete(token)
  const fix = [...store.fixes.values()].find((f) => f.itemId === id)
  if (fix) {
    // Backdate the seeded fix so it is already done.
    const shift = fix.doneAtMs - now + 1
    fix.createdAtMs -= shift
    fix.startsAtMs -= shift
    fix.doneAtMs -= shift
    await fix.work
  }
}
