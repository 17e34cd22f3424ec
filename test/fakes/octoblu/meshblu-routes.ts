import { randomUUID } from 'node:crypto'
import { empty, html, HttpError, json, type FakeRequest, type FakeServer } from '../kit'
import type { MeshbluDevice, MeshbluStore } from './meshblu-store'

/** A message accepted by `POST /messages`, kept so tests and the demo can see it. */
export interface MeshbluMessage {
  fromUuid: string
  devices: string[]
  topic?: string
  payload?: unknown
  at: number
}

/**
 * Meshblu's credential parser (`meshblu-auth-parser.coffee`, providers.md §2.5): any scheme word
 * followed by base64(uuid:token), then the header pairs, in this order.
 */
export function parseMeshbluAuth(
  headers: FakeRequest['headers']
): { uuid: string; token: string } | undefined {
  const authorization = headers.authorization
  if (authorization) {
    const space = authorization.indexOf(' ')
    const encoded = space >= 0 ? authorization.slice(space + 1) : ''
    const [uuid, token] = Buffer.from(encoded.trim(), 'base64').toString('utf8').split(':')
    if (uuid?.trim() && token?.trim()) return { uuid: uuid.trim(), token: token.trim() }
  }
  for (const [u, t] of [
    ['meshblu_auth_uuid', 'meshblu_auth_token'],
    ['skynet_auth_uuid', 'skynet_auth_token'],
    ['x-meshblu-uuid', 'x-meshblu-token']
  ] as const) {
    const uuid = headers[u]
    const token = headers[t]
    if (typeof uuid === 'string' && typeof token === 'string' && uuid && token)
      return { uuid, token }
  }
  return undefined
}

/** Subscription types node-meshblu-http knows, with the legacy aliases (providers.md §2.6). */
const SUBSCRIPTION_TYPES = new Set([
  'broadcast.sent',
  'broadcast.received',
  'configure.sent',
  'configure.received',
  'message.sent',
  'message.received',
  'unregister.sent',
  'unregister.received',
  'broadcast',
  'sent',
  'received',
  'config'
])

/** One subscription (`GET /v2/devices/:uuid/subscriptions`, §2.6). */
export interface MeshbluSubscription {
  subscriberUuid: string
  emitterUuid: string
  type: string
}

/** Mounts the Meshblu v2 HTTP API subset Printdock uses; `subscriptions` may come seeded. */
export function mountMeshbluRoutes(
  server: FakeServer,
  store: MeshbluStore,
  messages: MeshbluMessage[],
  subscriptions: MeshbluSubscription[] = []
): void {
  // Authentication failure is 403 with an empty body, not 401 (§2.6: Authenticate → forbid task).
  const auth = (req: FakeRequest): MeshbluDevice => {
    const creds = parseMeshbluAuth(req.headers)
    const device = creds && store.authenticate(creds.uuid, creds.token)
    if (!device) {
      req.raw.resume()
      throw new HttpError(403, '')
    }
    return device
  }
  const notFound = () => new HttpError(404, { code: 404, message: 'Devices not found' })

  server.route('GET', '/v2/whoami', (req) => json(200, store.view(auth(req))))

  server.route('GET', '/v2/devices', (req) => {
    let me = auth(req)
    // `uuid` + `token` in the query override the header (§2.6).
    const qUuid = req.query.get('uuid')
    const qToken = req.query.get('token')
    if (qUuid && qToken) {
      const other = store.authenticate(qUuid, qToken)
      if (!other) throw new HttpError(403, '')
      me = other
    }
    const filters: [string, string][] = [...req.query.entries()].filter(
      ([k]) => k !== 'uuid' && k !== 'token'
    )
    const result = [...store.devices.values()]
      .filter((d) => store.canDiscover(me.uuid, d))
      .filter((d) =>
        filters.every(([key, value]) => {
          const actual = (store.view(d) as Record<string, unknown>)[key]
          // "null" or "" means the property must not exist; online is a boolean (§2.6).
          if (value === 'null' || value === '') return actual === undefined
          if (key === 'online') return actual === (value === 'true')
          return String(actual) === value
        })
      )
      .slice(0, 1000)
      .map((d) => store.view(d))
    return json(200, result)
  })

  server.route('GET', '/v2/devices/:uuid', (req) => {
    const me = auth(req)
    const device = store.devices.get(req.params.uuid!)
    // A forbidden device reads exactly like a missing one (§2.6).
    if (!device || !store.canDiscover(me.uuid, device)) throw notFound()
    return json(200, store.view(device))
  })

  server.route('PATCH', '/v2/devices/:uuid', async (req) => {
    const me = auth(req)
    const device = store.devices.get(req.params.uuid!)
    if (!device || !store.canConfigure(me.uuid, device)) throw notFound()
    let body: unknown
    try {
      body = JSON.parse(await req.text())
    } catch {
      body = undefined
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new HttpError(422, { message: 'Invalid Request' })
    const { uuid: _uuid, token: _token, ...update } = body as Record<string, unknown>
    Object.assign(device.doc, update)
    return empty(204)
  })

  server.route('POST', '/devices', async (req) => {
    // Registration needs no credentials; the plaintext token is shown only here (§2.6).
    const raw = (await req.text()) || '{}'
    let doc: Record<string, unknown>
    try {
      doc = JSON.parse(raw) as Record<string, unknown>
    } catch {
      throw new HttpError(422, { message: 'Invalid Request' })
    }
    const { uuid: _u, token: _t, ...props } = doc
    const { device, token } = store.register(
      { online: false, ...props, discoverWhitelist: ['*'] },
      server.clock.now(),
      randomUUID()
    )
    return json(201, { ...store.view(device), token })
  })

  server.route('POST', '/devices/:uuid/tokens', async (req) => {
    const me = auth(req)
    const device = store.devices.get(req.params.uuid!)
    if (!device || !store.canConfigure(me.uuid, device)) throw new HttpError(403, '')
    const text = await req.text()
    const meta = text ? (JSON.parse(text) as { tag?: string }) : {}
    const token = store.generateToken(device.uuid, server.clock.now(), { tag: meta.tag })
    return json(200, { uuid: device.uuid, token })
  })

  server.route('DELETE', '/devices/:uuid/tokens/:token', (req) => {
    const me = auth(req)
    const device = store.devices.get(req.params.uuid!)
    if (!device || !store.canConfigure(me.uuid, device)) throw new HttpError(403, '')
    store.revokeToken(device.uuid, req.params.token!)
    return empty(204)
  })

  server.route('POST', '/messages', async (req) => {
    const me = auth(req)
    let body: { devices?: string | string[]; topic?: string; payload?: unknown }
    try {
      body = JSON.parse(await req.text()) as typeof body
    } catch {
      throw new HttpError(422, { message: 'Invalid Message Format' })
    }
    const devices = typeof body.devices === 'string' ? [body.devices] : (body.devices ?? [])
    if (devices.length === 0) throw new HttpError(422, { message: 'Invalid Message Format' })
    messages.push({
      fromUuid: me.uuid,
      devices,
      topic: body.topic,
      payload: body.payload,
      at: server.clock.now()
    })
    return empty(204)
  })

  // Subscriptions (providers.md §2.6): create answers 204 whether it was new (201) or already
  // there (304); listing and removing need configure permission on the subscriber.
  const subscriber = (req: FakeRequest): MeshbluDevice => {
    const me = auth(req)
    const device = store.devices.get(req.params.subscriberUuid!)
    if (!device || !store.canConfigure(me.uuid, device)) throw new HttpError(403, '')
    return device
  }
  server.route('GET', '/v2/devices/:subscriberUuid/subscriptions', (req) => {
    const device = subscriber(req)
    return json(
      200,
      subscriptions.filter((s) => s.subscriberUuid === device.uuid)
    )
  })
  server.route('POST', '/v2/devices/:subscriberUuid/subscriptions/:emitterUuid/:type', (req) => {
    const device = subscriber(req)
    const { emitterUuid, type } = req.params as { emitterUuid: string; type: string }
    if (!SUBSCRIPTION_TYPES.has(type))
      throw new HttpError(422, { message: 'Invalid Subscription Type' })
    const exists = subscriptions.some(
      (s) => s.subscriberUuid === device.uuid && s.emitterUuid === emitterUuid && s.type === type
    )
    if (!exists) subscriptions.push({ subscriberUuid: device.uuid, emitterUuid, type })
    return empty(204)
  })
  server.route('DELETE', '/v2/devices/:subscriberUuid/subscriptions/:emitterUuid/:type', (req) => {
    const device = subscriber(req)
    const { emitterUuid, type } = req.params as { emitterUuid: string; type: string }
    const index = subscriptions.findIndex(
      (s) => s.subscriberUuid === device.uuid && s.emitterUuid === emitterUuid && s.type === type
    )
    if (index >= 0) subscriptions.splice(index, 1)
    return empty(204)
  })

  server.route('POST', '/authenticate', (req) => {
    auth(req)
    return empty(204)
  })
  server.route('GET', '/status', () => json(200, { meshblu: 'online' }))
  server.route('GET', '/ping', () => json(200, { online: true }))

  // Express's default 404 page.
  server.fallback((req) => {
    req.raw.resume()
    return html(
      404,
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><pre>Cannot ${req.method} ${req.path}</pre></body></html>`
    )
  })
}
