import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ObicoContext } from './context'
import { createFolder } from './gcode-folder-routes'
import { moonrakerMetadataOf } from './moonraker-metadata'
import { hashSecret } from './oauth-routes'
import { createPrinter, insertPrint, startPrint } from './printer-ops'
import type { ObicoClient, ObicoGCodeFile, ObicoPrint, ObicoUser } from './types'
import { randomHex, safeName } from './util'

/**
 * Users, clients and the demo data set of the Obico fake.
 */

/** The demo user's login (pro, 500 MiB upload limit). */
export const DEMO_USER = { email: 'maker@printdock.test', password: 'password' } as const
/** The second demo user (free plan, 50 MiB upload limit). */
export const DEMO_FREE_USER = { email: 'free@printdock.test', password: 'password' } as const
/** The demo OAuth client: public, authorization code, loopback redirect registered without a port. */
export const DEMO_CLIENT_ID = 'printdock-desktop'
export const DEMO_REDIRECT_URIS = [
  'http://127.0.0.1/printdock/callback',
  'printdock://oauth/callback'
] as const

/** Options for a new user. */
export interface NewUserOptions {
  email: string
  password: string
  firstName?: string
  lastName?: string
  /** Self-hosted servers default to pro (obico-api.md §2.2). */
  isPro?: boolean
}

/** Creates a user with Obico's defaults. */
export function createUser(ctx: ObicoContext, options: NewUserOptions): ObicoUser {
  const now = ctx.clock.now()
  const user: ObicoUser = {
    id: ctx.store.nextId('user'),
    email: options.email,
    password: options.password,
    username: null,
    first_name: options.firstName ?? '',
    last_name: options.lastName ?? '',
    date_joined: now,
    // A fresh account has consented at sign-up and has not been active yet (obico-api.md §7).
    consented_at: now,
    last_active_at: null,
    is_pro: options.isPro ?? true,
    dh_balance: 10,
    is_primary_email_verified: true,
    unsub_token: `${randomHex(8)}-${randomHex(4)}-4${randomHex(3)}-a${randomHex(3)}-${randomHex(12)}`,
    account_notification_by_email: true,
    notification_enabled: true,
    mobile_app_canary: false,
    tunnel_cap_multiplier: 1,
    unseen_printer_events: 0
  }
  ctx.store.users.push(user)
  return user
}

/** Inserts an Application row directly (no scheme check: `registerClient` does that). */
export function insertClient(
  ctx: ObicoContext,
  fields: Omit<ObicoClient, 'id' | 'client_secret_hash'> & { client_secret?: string | null }
): ObicoClient {
  const { client_secret, ...rest } = fields
  const client: ObicoClient = {
    ...rest,
    id: ctx.store.nextId('client'),
    client_secret_hash: client_secret ? hashSecret(client_secret) : null
  }
  ctx.store.clients.push(client)
  return client
}

/** A small but realistic Cura-flavoured G-code text. */
export function sampleGcode(name: string, layers: number, seconds: number): string {
  const lines = [
    ';FLAVOR:Marlin',
    `;TIME:${seconds}`,
    `;Filament used: ${(seconds / 1700).toFixed(5)}m`,
    ';Layer height: 0.2',
    `;LAYER_COUNT:${layers}`,
    `;Generated with Cura_SteamEngine 5.7.0 for ${name}`,
    'M140 S60',
    'M104 S215',
    'M190 S60',
    'M109 S215',
    'G28 ;Home'
  ]
  for (let layer = 0; layer < layers; layer++) {
    lines.push(`;LAYER:${layer}`, `G0 F6000 Z${((layer + 1) * 0.2).toFixed(2)}`)
    for (let i = 0; i < 8; i++)
      lines.push(`G1 X${100 + ((i * 7) % 40)} Y${100 + ((i * 11) % 40)} E${(layer * 8 + i) * 0.05}`)
  }
  lines.push('M104 S0', 'M140 S0', 'M84', ';End of Gcode')
  return `${lines.join('\n')}\n`
}

function seedFile(
  ctx: ObicoContext,
  user: ObicoUser,
  filename: string,
  folderId: number | null,
  ageMs: number
): ObicoGCodeFile {
  const id = ctx.store.nextId('file')
  const content = sampleGcode(filename, 40, 1800 + id * 300)
  const path = join(ctx.storageDir, `gcode-${user.id}-${id}.gcode`)
  writeFileSync(path, content)
  const metadata = moonrakerMetadataOf(Buffer.from(content))
  const at = ctx.clock.now() - ageMs
  const file: ObicoGCodeFile = {
    id,
    user_id: user.id,
    parent_folder_id: folderId,
    deleted: null,
    deleted_by_cascade: false,
    filename,
    safe_filename: safeName(filename),
    storage_path: path,
    num_bytes: Buffer.byteLength(content),
    agent_signature: null,
    metadata_json: JSON.stringify(metadata),
    filament_total: metadata.filament_total as number,
    estimated_time: metadata.estimated_time as number,
    thumbnail1_url: null,
    thumbnail2_url: null,
    thumbnail3_url: null,
    created_at: at,
    updated_at: at,
    resident_printer_id: null
  }
  ctx.store.files.push(file)
  return file
}

function pastPrint(
  ctx: ObicoContext,
  userId: number,
  printerId: number,
  filename: string,
  daysAgo: number,
  how: 'finished' | 'cancelled'
): ObicoPrint {
  const started = ctx.clock.now() - daysAgo * 86_400_000
  const seconds = how === 'finished' ? 5400 : 1200
  return insertPrint(ctx, {
    user_id: userId,
    printer_id: printerId,
    g_code_file_id: null,
    filename,
    ext_id: Math.floor(started / 1000),
    started_at: started,
    finished_at: how === 'finished' ? started + seconds * 1000 : null,
    cancelled_at: how === 'cancelled' ? started + seconds * 1000 : null,
    filament_used: Math.round((seconds / 1.7) * 10) / 10,
    print_time: seconds
  })
}

/**
 * The demo data: two users, the Printdock client, five printers of user 1 in different states
 * (printing, idle, offline, paused, firmware disconnected), one printer of user 2, print history,
 * folders and files.
 */
export function seedDemo(ctx: ObicoContext): void {
  const maker = createUser(ctx, { ...DEMO_USER, firstName: 'Mara', lastName: 'Maker', isPro: true })
  const free = createUser(ctx, {
    ...DEMO_FREE_USER,
    firstName: 'Finn',
    lastName: 'Free',
    isPro: false
  })
  insertClient(ctx, {
    client_id: DEMO_CLIENT_ID,
    name: 'Printdock',
    client_type: 'public',
    authorization_grant_type: 'authorization-code',
    // The custom-scheme URI is stored as if inserted straight into the DB; redirects to it only
    // work where the operator allows the scheme (obico-api.md §1.3).
    redirect_uris: [...DEMO_REDIRECT_URIS],
    skip_authorization: false,
    user_id: null
  })

  const daysAgo = (days: number): number => ctx.clock.now() - days * 86_400_000
  const calibration = createFolder(ctx, {
    userId: maker.id,
    parentId: null,
    name: 'Calibration',
    at: daysAgo(5)
  })
  const parts = createFolder(ctx, {
    userId: maker.id,
    parentId: null,
    name: 'My Parts',
    at: daysAgo(4)
  })
  const brackets = createFolder(ctx, {
    userId: maker.id,
    parentId: parts.id,
    name: 'Brackets',
    at: daysAgo(3)
  })
  const benchy = seedFile(ctx, maker, '3DBenchy.gcode', null, 6 * 86_400_000)
  seedFile(ctx, maker, 'My Benchy (v2).gcode', null, 2 * 86_400_000)
  seedFile(ctx, maker, 'calibration-cube_20mm.gcode', calibration.id, 5 * 86_400_000)
  seedFile(ctx, maker, 'temp tower PLA.gcode', calibration.id, 5 * 86_400_000 - 3_600_000)
  seedFile(ctx, maker, 'shelf bracket.gcode', brackets.id, 3 * 86_400_000)
  seedFile(ctx, maker, 'cable clip.gcode', null, 86_400_000)
  seedFile(ctx, free, 'keychain.gcode', null, 86_400_000)

  const [prusa, voron, ender, mini, sovol] = (
    [
      ['Prusa MK3S', 'octoprint_obico'],
      ['Voron 2.4', 'moonraker_obico'],
      ['Ender 3 V2', 'octoprint_obico'],
      ['Prusa MINI', 'octoprint_obico'],
      ['Sovol SV06', 'moonraker_obico']
    ] as const
  ).map(([name, agent]) => createPrinter(ctx, { userId: maker.id, name, agent }))
  createPrinter(ctx, { userId: free.id, name: 'Kingroon KP3S', agent: 'octoprint_obico' })

  pastPrint(ctx, maker.id, prusa.id, 'phone stand.gcode', 9, 'finished')
  pastPrint(ctx, maker.id, voron.id, 'gridfinity bin.gcode', 6, 'finished')
  pastPrint(ctx, maker.id, ender.id, 'vase.gcode', 4, 'cancelled')
  pastPrint(ctx, maker.id, prusa.id, 'cable clip.gcode', 1, 'finished')

  startPrint(ctx, prusa, {
    fileName: benchy.filename,
    gcodeFileId: benchy.id,
    durationSeconds: 2 * 3600,
    layers: 240,
    startFraction: 0.4
  })
  startPrint(ctx, mini, {
    fileName: 'shelf bracket.gcode',
    durationSeconds: 3600,
    layers: 90,
    startFraction: 0.25
  })
  ctx.sims.get(mini.id)?.seedPaused()
  const enderSim = ctx.sims.get(ender.id)
  if (enderSim) {
    enderSim.setAgentOnline(false)
    enderSim.offlineSince = ctx.clock.now() - 3 * 86_400_000
  }
  ctx.sims.get(sovol.id)?.setFirmwareConnected(false)
}
