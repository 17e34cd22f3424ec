import { randomBytes, randomUUID } from 'node:crypto'
import { html, FakeClock } from '../kit'
import { FaultableServer } from '../kit/faults'
import { MeshbluStore, type MeshbluDevice } from './meshblu-store'
import { mountMeshbluRoutes, type MeshbluMessage, type MeshbluSubscription } from './meshblu-routes'
import { issueAccessToken, mountOAuthRoutes, type OctobluOAuthContext } from './oauth-routes'

export type { MeshbluMessage, MeshbluSubscription } from './meshblu-routes'
export { parseMeshbluAuth } from './meshblu-routes'
export { redirectAllowed } from './oauth-routes'

/** Options for {@link startOctobluFake}. */
export interface OctobluFakeOptions {
  clock?: FakeClock
  /** Port of the OAuth server; Meshblu gets its own port (`meshbluPort`, default random). */
  port?: number
  /** Meshblu's port when `meshblu` is 'separate'; not allowed with 'same-origin'. */
  meshbluPort?: number
  /**
   * 'separate' (default): Meshblu on its own origin, as meshblu.octoblu.com is apart from
   * oauth.octoblu.com (providers.md §2.5). 'same-origin': Meshblu's routes are served by the OAuth
   * server too, which saves a port; the two route sets share no path (OAuth: /authorize, /login,
   * /oauth/:id, /auth_code, /client_token, /access_token, /healthcheck, /version, /; Meshblu:
   * /v2/*, /devices*, /messages, /authenticate, /status, /ping), and `meshbluBaseUrl` then equals
   * `baseUrl`.
   */
  meshblu?: 'same-origin' | 'separate'
  host?: string
  /** Skip login and consent: the demo user is signed in and always allows. */
  autoApprove?: boolean
  /** 'demo' adds two printer devices owned by the demo user; 'empty' only user and app. */
  seed?: 'demo' | 'empty'
  /** `options.callbackUrl` of the seeded app (prefix-matched, §2.3). */
  callbackUrls?: string[]
}

/** The seeded OAuth application device: client id = uuid, client secret = its token (§2.2). */
export interface OctobluClient {
  clientId: string
  clientSecret: string
  name: string
  /** Registered `options.callbackUrl` values; a requested redirect must start with one. */
  redirectUris: string[]
}

/** The seeded Octoblu user (a Meshblu device) and its fake login. */
export interface OctobluUser {
  uuid: string
  /** The user device's root token (Meshblu credentials). */
  token: string
  username: string
  password: string
}

/** A running Octoblu OAuth provider + Meshblu HTTP emulator pair. */
export interface OctobluFake {
  /** The OAuth provider origin (oauth.octoblu.com; also hosts the app.octoblu.com consent pages). */
  baseUrl: string
  authorizeUrl: string
  tokenUrl: string
  /** The Meshblu HTTP origin (meshblu.octoblu.com): /v2/whoami, /v2/devices… (= baseUrl when same-origin) */
  meshbluBaseUrl: string
  clock: FakeClock
  /** The OAuth server (fault injection on /access_token goes here). */
  server: FaultableServer
  /** Meshblu's server; the very same object as `server` when same-origin. */
  meshbluServer: FaultableServer
  client: OctobluClient
  user: OctobluUser
  /** Messages accepted by POST /messages. */
  messages: MeshbluMessage[]
  /** Every device's subscriptions (the demo seed subscribes the user to each printer's broadcasts). */
  subscriptions: MeshbluSubscription[]
  /** The demo printers' uuids, online one first ('demo' seed; empty otherwise). */
  printers: string[]
  autoApprove: boolean
  /** Exchanges like /access_token would (earlier tokens of that user die); returns base64(uuid:token). */
  issueToken(userUuid?: string): string
  isTokenActive(accessToken: string): boolean
  /** Reads a device document (no token), for assertions. */
  device(uuid: string): Record<string, unknown> | undefined
  close(): Promise<void>
}

/** Default callback URLs: Octoblu does not restrict schemes; matching is a string prefix. */
export const OCTOBLU_DEFAULT_CALLBACK_URLS = [
  'printdock://oauth/callback',
  'http://127.0.0.1/printdock/callback'
]

/** Starts the Octoblu fake: two origins sharing one device registry (providers.md §2). */
export async function startOctobluFake(options: OctobluFakeOptions = {}): Promise<OctobluFake> {
  const clock = options.clock ?? new FakeClock()
  const store = new MeshbluStore()
  const sameOrigin = options.meshblu === 'same-origin'
  if (sameOrigin && options.meshbluPort !== undefined)
    throw new Error("meshbluPort is meaningless with meshblu: 'same-origin'")
  const server = new FaultableServer({ name: 'octoblu-oauth', clock })
  // Same origin: one server, so faults and the fallback page are shared by both route sets.
  const meshbluServer = sameOrigin ? server : new FaultableServer({ name: 'meshblu', clock })
  const messages: MeshbluMessage[] = []
  const now = clock.now()

  const provider = store.register({ type: 'octoblu:oauth-provider', discoverWhitelist: [] }, now)
  const user = store.register(
    {
      type: 'octoblu:user',
      online: true,
      email: 'maker@example.com',
      octoblu: { name: 'Maker Demo', email: 'maker@example.com', oauth: { clients: {} } },
      discoverWhitelist: []
    },
    now
  )
  const userLogin = { username: 'maker@example.com', password: 'printdock-demo' }
  store.passwords.set(user.device.uuid, userLogin)
  const callbackUrls = options.callbackUrls ?? OCTOBLU_DEFAULT_CALLBACK_URLS
  const app = store.register(
    {
      type: 'device:oauth',
      owner: user.device.uuid,
      online: false,
      options: {
        name: 'Printdock',
        imageUrl: 'https://printdock.invalid/icon.png',
        description: 'Desktop companion for 3D printers.',
        callbackUrl: callbackUrls
      },
      // "you must allow it to be discoverable by Everything" (seeds/octoblu-meshblu-oauth).
      discoverWhitelist: ['*'],
      meshblu: { version: '2.0.0', whitelists: { discover: { view: [{ uuid: '*' }] } } }
    },
    now
  )
  const subscriptions: MeshbluSubscription[] = []
  const printers: string[] = []
  if ((options.seed ?? 'demo') === 'demo') {
    // Meshblu has no one "last seen" field: an online device carries onlineSince, and every device
    // meshblu.updatedAt (its last change), which is what an offline one was last seen at.
    const hour = 3_600_000
    for (const [name, online, seenAgo] of [
      ['Prusa MK4', true, hour],
      ['Ender 3 V2', false, 26 * hour]
    ] as const) {
      const seen = new Date(now - seenAgo).toISOString()
      const { device } = store.register(
        {
          type: 'printer',
          name,
          online,
          ...(online ? { onlineSince: seen } : {}),
          owner: user.device.uuid,
          discoverWhitelist: [user.device.uuid],
          meshblu: { version: '2.0.0', updatedAt: seen }
        },
        now,
        randomUUID()
      )
      printers.push(device.uuid)
      subscriptions.push({
        subscriberUuid: user.device.uuid,
        emitterUuid: device.uuid,
        type: 'broadcast.sent'
      })
    }
  }

  const settings = { autoApprove: options.autoApprove ?? false }
  const ctx: OctobluOAuthContext = {
    server,
    store,
    providerUuid: provider.device.uuid,
    pepper: randomBytes(16).toString('hex'),
    settings
  }
  mountOAuthRoutes(ctx)
  server.fallback((req) => {
    req.raw.resume()
    return html(
      404,
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><pre>Cannot ${req.method} ${req.path}</pre></body></html>`
    )
  })
  mountMeshbluRoutes(meshbluServer, store, messages, subscriptions)

  const host = options.host ?? '127.0.0.1'
  const baseUrl = await server.listen(options.port ?? 0, host)
  const meshbluBaseUrl = sameOrigin
    ? baseUrl
    : await meshbluServer.listen(options.meshbluPort ?? 0, host)

  const decode = (accessToken: string) => {
    const [uuid = '', token = ''] = Buffer.from(accessToken, 'base64').toString('utf8').split(':')
    return { uuid, token }
  }

  return {
    baseUrl,
    authorizeUrl: `${baseUrl}/authorize`,
    tokenUrl: `${baseUrl}/access_token`,
    meshbluBaseUrl,
    clock,
    server,
    meshbluServer,
    client: {
      clientId: app.device.uuid,
      clientSecret: app.token,
      name: 'Printdock',
      redirectUris: callbackUrls
    },
    user: { uuid: user.device.uuid, token: user.token, ...userLogin },
    messages,
    subscriptions,
    printers,
    get autoApprove() {
      return settings.autoApprove
    },
    set autoApprove(value: boolean) {
      settings.autoApprove = value
    },
    issueToken: (userUuid = user.device.uuid) => issueAccessToken(ctx, app.device.uuid, userUuid),
    isTokenActive(accessToken) {
      const { uuid, token } = decode(accessToken)
      return store.authenticate(uuid, token) !== undefined
    },
    device(uuid) {
      const found: MeshbluDevice | undefined = store.devices.get(uuid)
      return found ? store.view(found) : undefined
    },
    async close() {
      await Promise.all(sameOrigin ? [server.close()] : [server.close(), meshbluServer.close()])
    }
  }
}
