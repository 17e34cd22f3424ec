import { z } from 'zod'
import type {
  MeshbluDeviceDetails,
  MeshbluDeviceRow,
  MeshbluMessageRequest,
  MeshbluSubscriptionRow,
  OctobluPageData,
  PageField
} from '../../../shared/models/provider-page'
import { AppError } from '../errors'
import { expectSuccess, pageGet, readJson, type PageCalls } from './page-calls'

/**
 * The Octoblu / Meshblu page: whoami, the user's devices, one device's details, messages to a
 * device and the user device's subscriptions. Every call goes to Meshblu, the API server
 * (providers.md §2.5, §2.6).
 */

const LABEL = 'Meshblu'

/** A device document: uuid required, everything else read loosely (§5: arbitrary documents). */
const deviceSchema = z.looseObject({ uuid: z.string().min(1).max(128) })
type DeviceDocument = z.infer<typeof deviceSchema>

/** `GET /v2/devices` answers a bare array of at most 1000 devices (§2.6). */
const deviceListSchema = z.array(deviceSchema).max(1000)

const subscriptionListSchema = z
  .array(
    z.object({
      subscriberUuid: z.string().min(1).max(128),
      emitterUuid: z.string().min(1).max(128),
      type: z.string().min(1).max(64)
    })
  )
  .max(1000)

/** The largest JSON payload Printdock sends in one message. */
export const MAX_MESSAGE_PAYLOAD_BYTES = 64 * 1024

/** Reads whoami, the devices the user owns and the user device's subscriptions. */
export async function readOctobluPage(
  calls: PageCalls,
  accountId: string
): Promise<OctobluPageData> {
  const me = readJson(
    await calls(accountId, pageGet('/v2/whoami', true)),
    deviceSchema,
    LABEL,
    'an account'
  )
  const owned = `/v2/devices?owner=${encodeURIComponent(me.uuid)}`
  const devices = readJson(
    await calls(accountId, pageGet(owned, true)),
    deviceListSchema,
    LABEL,
    'a device list'
  )
  const subscriptions = readJson(
    await calls(accountId, pageGet(subscriptionsPath(me.uuid), true)),
    subscriptionListSchema,
    LABEL,
    'a subscription list'
  )
  const octoblu = record(me.octoblu)
  return {
    provider: 'octoblu',
    whoami: {
      uuid: me.uuid,
      ...optional('name', text(me.name) ?? text(octoblu.name)),
      ...optional('type', text(me.type)),
      ...optional('email', text(me.email) ?? text(octoblu.email))
    },
    devices: devices.filter((device) => device.uuid !== me.uuid).map(deviceRow),
    subscriptions: subscriptions satisfies MeshbluSubscriptionRow[]
  }
}

/** One device's document as labelled values, for "Details". */
export async function readDeviceDetails(
  calls: PageCalls,
  accountId: string,
  deviceUuid: string
): Promise<MeshbluDeviceDetails> {
  const response = await calls(accountId, pageGet(devicePath(deviceUuid), true))
  // §2.6: a device the user may not see reads exactly like a missing one.
  if (response.status === 404) {
    throw new AppError(
      'account/not-found',
      'Meshblu has no such device, or it is not yours to see.'
    )
  }
  const device = readJson(response, deviceSchema, LABEL, 'a device')
  return { uuid: device.uuid, fields: flatten(device) }
}

/**
 * Sends a message to one device (`POST /messages`, §2.6). The payload is the user's JSON text:
 * parsed here, so what is not JSON is refused in plain words before anything is sent.
 */
export async function sendMeshbluMessage(
  calls: PageCalls,
  accountId: string,
  request: MeshbluMessageRequest
): Promise<void> {
  const payload = parsePayload(request.payloadJson)
  const body: Record<string, unknown> = { devices: [request.deviceUuid], payload }
  if (request.topic?.trim()) body.topic = request.topic.trim()
  const response = await calls(accountId, {
    method: 'POST',
    url: '/messages',
    onApiServer: true,
    body,
    deadlineMs: 15_000
  })
  if (response.status === 422) {
    throw new AppError('network/bad-response', 'Meshblu refused the message as badly formed.')
  }
  expectSuccess(response, LABEL)
}

/** Removes one subscription of the user's device (`DELETE …/subscriptions/:emitter/:type`). */
export async function removeSubscription(
  calls: PageCalls,
  accountId: string,
  subscription: MeshbluSubscriptionRow
): Promise<void> {
  const path =
    `${subscriptionsPath(subscription.subscriberUuid)}/` +
    `${encodeURIComponent(subscription.emitterUuid)}/${encodeURIComponent(subscription.type)}`
  const response = await calls(accountId, {
    method: 'DELETE',
    url: path,
    onApiServer: true,
    deadlineMs: 15_000
  })
  expectSuccess(response, LABEL)
}

/** The user's JSON text as a value; AppError in plain words when it is not JSON or too big. */
export function parsePayload(payloadJson: string): unknown {
  if (Buffer.byteLength(payloadJson, 'utf8') > MAX_MESSAGE_PAYLOAD_BYTES) {
    throw new AppError(
      'ipc/invalid-arguments',
      `The message is larger than ${MAX_MESSAGE_PAYLOAD_BYTES / 1024} KiB. Send something smaller.`
    )
  }
  try {
    return JSON.parse(payloadJson) as unknown
  } catch (error) {
    const why = error instanceof Error ? ` (${error.message})` : ''
    throw new AppError('ipc/invalid-arguments', `The message is not valid JSON${why}.`)
  }
}

function devicePath(uuid: string): string {
  return `/v2/devices/${encodeURIComponent(uuid)}`
}

function subscriptionsPath(uuid: string): string {
  return `${devicePath(uuid)}/subscriptions`
}

/** Types that are Octoblu's own plumbing: users and OAuth applications take no messages. */
function acceptsMessages(type: string | undefined): boolean {
  if (!type) return true
  return !type.startsWith('octoblu:') && type !== 'device:oauth'
}

function deviceRow(device: DeviceDocument): MeshbluDeviceRow {
  const type = text(device.type)
  const meshblu = record(device.meshblu)
  // Meshblu has no one "last seen" field: the device's own, the time it came online, or the last
  // change Meshblu recorded, whichever it has ([infer], providers.md §5).
  const lastSeen =
    isoTime(device.lastSeen) ?? isoTime(device.onlineSince) ?? isoTime(meshblu.updatedAt)
  // OAuth application devices carry their name in options.name (providers.md §2.2).
  const name = text(device.name) ?? text(record(device.options).name)
  return {
    uuid: device.uuid,
    ...optional('name', name),
    ...optional('type', type),
    online: device.online === true,
    ...optional('lastSeen', lastSeen),
    acceptsMessages: acceptsMessages(type)
  }
}

/** Keys never shown: Meshblu never returns a token, but a misbehaving server might. */
const HIDDEN_KEYS = new Set(['token', 'hash', '_id'])
const MAX_FIELDS = 80

/** A device document as `a.b.c: value` lines, depth-limited, tokens left out. */
function flatten(device: DeviceDocument): PageField[] {
  const fields: PageField[] = []
  const walk = (value: unknown, path: string, depth: number): void => {
    if (fields.length >= MAX_FIELDS) return
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
      for (const [key, inner] of Object.entries(value)) {
        if (HIDDEN_KEYS.has(key)) continue
        walk(inner, path ? `${path}.${key}` : key, depth + 1)
      }
      return
    }
    const shown = typeof value === 'string' ? value : JSON.stringify(value)
    fields.push({ label: path, value: (shown ?? '').slice(0, 500) })
  }
  walk(device, '', 0)
  return fields
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 256) : undefined
}

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const time = new Date(value)
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString()
}

/** `{ [key]: value }` when there is a value, else nothing (optional properties stay absent). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}
