import { createHash, randomBytes, randomUUID } from 'node:crypto'

/** A session or root token on a device, with the metadata Meshblu keeps (tag, client_id). */
export interface DeviceToken {
  token: string
  tag?: string
  clientId?: string
  createdAt: number
}

/** A Meshblu device: a user, an OAuth app, a printer… (providers.md §2.2, §2.6). */
export interface MeshbluDevice {
  uuid: string
  /** Everything else the device document holds (type, options, octoblu, meshblu…). */
  doc: Record<string, unknown>
  tokens: DeviceToken[]
}

/** A Meshblu device token: 40 hex characters (§2.5). */
export function newDeviceToken(): string {
  return randomBytes(20).toString('hex')
}

/** The device registry both fake servers (oauth + meshblu) share. */
export class MeshbluStore {
  readonly devices = new Map<string, MeshbluDevice>()
  /** Login sessions of the consent app (app.octoblu.com stand-in): session id → user uuid. */
  readonly sessions = new Map<string, string>()
  /** Password per user uuid for the fake login form (Octoblu used external logins). */
  readonly passwords = new Map<string, { username: string; password: string }>()

  register(
    doc: Record<string, unknown>,
    now: number,
    uuid: string = randomUUID()
  ): { device: MeshbluDevice; token: string } {
    const token = newDeviceToken()
    const device: MeshbluDevice = {
      uuid,
      doc: {
        ...doc,
        meshblu: {
          version: '2.0.0',
          createdAt: new Date(now).toISOString(),
          hash: randomBytes(16).toString('base64'),
          ...(doc.meshblu as object)
        }
      },
      tokens: [{ token, createdAt: now }]
    }
    this.devices.set(uuid, device)
    return { device, token }
  }

  /** The device if `token` is one of its live tokens. */
  authenticate(uuid: string, token: string): MeshbluDevice | undefined {
    const device = this.devices.get(uuid)
    return device?.tokens.some((t) => t.token === token) ? device : undefined
  }

  generateToken(uuid: string, now: number, meta: { tag?: string; clientId?: string } = {}): string {
    const device = this.devices.get(uuid)
    if (!device) throw new Error(`no device ${uuid}`)
    const token = newDeviceToken()
    device.tokens.push({ token, createdAt: now, ...meta })
    return token
  }

  revokeToken(uuid: string, token: string): boolean {
    const device = this.devices.get(uuid)
    if (!device) return false
    const before = device.tokens.length
    device.tokens = device.tokens.filter((t) => t.token !== token)
    return device.tokens.length !== before
  }

  revokeByTag(uuid: string, tag: string): number {
    const device = this.devices.get(uuid)
    if (!device) return 0
    const before = device.tokens.length
    device.tokens = device.tokens.filter((t) => t.tag !== tag)
    return before - device.tokens.length
  }

  /** The device document as Meshblu returns it: uuid first, never a token (§2.6 whoami). */
  view(device: MeshbluDevice): Record<string, unknown> {
    return { uuid: device.uuid, ...device.doc }
  }

  /** Whether `viewer` may discover `device` (v2 `meshblu.whitelists.discover.view`, legacy list, owner). */
  canDiscover(viewer: string, device: MeshbluDevice): boolean {
    if (viewer === device.uuid) return true
    const doc = device.doc as {
      owner?: string
      discoverWhitelist?: string[]
      meshblu?: { whitelists?: { discover?: { view?: { uuid: string }[] } } }
    }
    if (doc.owner === viewer) return true
    if (doc.discoverWhitelist?.some((u) => u === '*' || u === viewer)) return true
    return (
      doc.meshblu?.whitelists?.discover?.view?.some((e) => e.uuid === '*' || e.uuid === viewer) ??
      false
    )
  }

  /** Whether `actor` may change `device` (itself, its owner, or the configure whitelist). */
  canConfigure(actor: string, device: MeshbluDevice): boolean {
    if (actor === device.uuid) return true
    const doc = device.doc as {
      owner?: string
      configureWhitelist?: string[]
      meshblu?: { whitelists?: { configure?: { update?: { uuid: string }[] } } }
    }
    if (doc.owner === actor) return true
    if (doc.configureWhitelist?.some((u) => u === '*' || u === actor)) return true
    return (
      doc.meshblu?.whitelists?.configure?.update?.some((e) => e.uuid === '*' || e.uuid === actor) ??
      false
    )
  }
}

/**
 * The tag the provider puts on tokens it issues for one user: base64(sha256(provider + user +
 * PEPPER)) (providers.md §2.4 step 3). Each new exchange revokes the earlier ones by this tag.
 */
export function oauthTokenTag(providerUuid: string, userUuid: string, pepper: string): string {
  return createHash('sha256')
    .update(providerUuid + userUuid + pepper)
    .digest('base64')
}
