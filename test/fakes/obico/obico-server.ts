import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { html, redirect, type FakeClock, type FakeServer } from '../kit'
import { mountAccountRoutes } from './account-routes'
import { activeAccessToken } from './api-auth'
import { allowedSchemes, type ObicoContext } from './context'
import { mountFileRoutes } from './gcode-file-routes'
import { uploadLimitFor } from './gcode-upload'
import { mountFolderRoutes } from './gcode-folder-routes'
import { mountApplicationRoutes } from './application-routes'
import { issueTokens, mountOAuthRoutes } from './oauth-routes'
import { createPrinter, startPrint } from './printer-ops'
import { mountPrinterRoutes } from './printer-routes'
import { jusprinControls, mountJusprinRoutes, type ObicoJusprinControls } from './jusprin-routes'
import {
  mountPredictionRoute,
  predictionControls,
  seedPredictions,
  type ObicoPredictionControls
} from './prediction'
import { DEFAULT_AGENT_BEHAVIOUR, type AgentBehaviour, type PublishedCommand } from './printer-sim'
import { registrationError } from './redirect-uri'
import { createUser, insertClient, seedDemo, type NewUserOptions } from './seed'
import { ObicoStore } from './store'
import type { ObicoClient, ObicoPrinter, ObicoUser } from './types'
import { randomToken } from './util'

/** Options of `startObicoServer` (and `startObicoFake`, which also takes the clock). */
export interface ObicoServerOptions {
  port?: number
  host?: string
  /** Acts as an admin who added `printdock` to ALLOWED_REDIRECT_URI_SCHEMES (obico-api.md §1.3). */
  allowCustomScheme?: boolean
  /** Skips the login and consent pages: /o/authorize/ redirects with a code at once. */
  autoApprove?: boolean
  /** Whose code auto-approve issues when no session cookie is sent (default: user 1). */
  autoApproveUserId?: number
  /** Where uploads are streamed; default a fresh temp dir, removed on close. */
  storageDir?: string
  /** 'demo' (default) or 'empty'. */
  seed?: 'demo' | 'empty'
  /** The Django Site origin used in media URLs (default: the fake's own base URL). */
  siteOrigin?: string
  /** Shows these demo credentials on the login page and pre-fills the email (not in real Obico). */
  loginHint?: { username: string; password: string }
  /** How the simulated agents treat commands (default: act after one second). */
  agentBehaviour?: Partial<AgentBehaviour>
}

/** Options for `registerClient`: DOT's Application fields (obico-api.md §1.7). */
export interface RegisterClientOptions {
  name: string
  redirectUris: string[]
  clientId?: string
  clientType?: 'public' | 'confidential'
  grantType?: ObicoClient['authorization_grant_type']
  /** Plain secret for confidential clients; generated (128 chars) when omitted. Stored hashed. */
  clientSecret?: string
  skipAuthorization?: boolean
  userId?: number | null
}

/** Options for starting a simulated print. */
export interface SimulatedPrintOptions {
  filename: string
  durationSeconds?: number
  layers?: number
  fileSize?: number
  gcodeFileId?: number
  /** 0..1: how far along the print already is. */
  startFraction?: number
}

/**
 * Scenarios for the dashboard, notifications and their tests, each on a printer of user 1:
 * - `print-finishes`: a 60-second print starts on an idle printer and finishes;
 * - `print-fails`: a 10-minute print starts and fails 20 seconds in (thermal runaway);
 * - `failure-alert`: the AI flags the current print (auto-pauses when the printer is set to PAUSE);
 * - `offline-mid-print`: the agent of a printing printer goes offline.
 */
export const PRINTER_SCENARIOS = [
  'print-finishes',
  'print-fails',
  'failure-alert',
  'offline-mid-print'
] as const
export type PrinterScenario = (typeof PRINTER_SCENARIOS)[number]

/** Simulation controls for printers (the agent side a real server would hear over WebSocket). */
export interface ObicoPrinterControls {
  /** Adds a printer; `agent: null` is agentless (never online). Returns its id. */
  add(options: {
    name: string
    userId?: number
    agent?: 'octoprint_obico' | 'moonraker_obico' | null
    actionOnFailure?: 'PAUSE' | 'NONE'
  }): number
  /** Starts a print (creates the Print, the agent prints it). Returns the Print id. */
  startPrint(printerId: number, options: SimulatedPrintOptions): number
  /** The agent disconnects (`status` null) or reconnects. */
  setOffline(printerId: number, offline?: boolean): void
  /** The firmware link drops (`closedOrError`) or returns; a running print fails. */
  disconnectFirmware(printerId: number, disconnected?: boolean): void
  /** The AI flags a failure: raises `normalized_p`, alerts the print, auto-pauses if set to PAUSE. */
  raiseFailureAlert(printerId: number, p?: number): void
  /** The printer fails mid-print with this error (PrintFailed: the Print ends cancelled). */
  failPrint(printerId: number, message?: string): void
  /** The printer's error is cleared (it reports Operational again). */
  clearError(printerId: number): void
  /**
   * How this printer's agent treats commands from now on (`mode: 'ignores'` is a stuck agent);
   * without an id, every printer's and the default for new ones.
   */
  setAgentBehaviour(printerId: number | null, behaviour: Partial<AgentBehaviour>): void
  /**
   * Plays one of the printer scenarios issue 9 needs on the fake clock (see `PrinterScenario`);
   * returns the printer it plays on.
   */
  playScenario(scenario: PrinterScenario, printerId?: number): number
  /** Command frames published to the printer's channel group, oldest first. */
  published(printerId: number): PublishedCommand[]
  /** The agent's status right now (null when offline). */
  status(printerId: number): Record<string, unknown> | null
  get(printerId: number): ObicoPrinter | undefined
  list(): ObicoPrinter[]
}

/** A running Obico fake on a server of type `S` (plain for the demo, faultable for tests). */
export interface ObicoServer<S extends FakeServer = FakeServer> {
  baseUrl: string
  clock: FakeClock
  server: S
  store: ObicoStore
  users: readonly ObicoUser[]
  clients: readonly ObicoClient[]
  /** Run-time switches (allowCustomScheme, autoApprove, autoApproveUserId). */
  settings: ObicoContext['settings']
  storageDir: string
  /** Registers an OAuth client like the admin form: rejects disallowed schemes. */
  registerClient(options: RegisterClientOptions): ObicoClient & { clientSecret: string | null }
  createUser(options: NewUserOptions): ObicoUser
  /** Issues tokens as a completed authorization would. */
  issueToken(userId: number, clientId: string): { accessToken: string; refreshToken: string }
  /** An admin-created AccessToken without an Application (obico-api.md §1.7). */
  createAdminToken(userId: number, token?: string): string
  /** True for a live access token or an unrevoked refresh token. */
  isTokenActive(token: string): boolean
  printers: ObicoPrinterControls
  /** The JusPrin assistant's switches: credits, latency, support mail, an older server (issue 12). */
  jusprin: ObicoJusprinControls
  /** Prints' failure-prediction files (issue 12). */
  predictions: ObicoPredictionControls
  /** The upload limit the upload route applies to this user (the plan's, unless overridden). */
  uploadLimit(userId: number): number
  /**
   * Test-only: a smaller per-user upload limit, so the 413 path runs over HTTP with a few bytes
   * instead of 500 MiB; `null` restores the plan's limit. Real Obico has no such switch.
   */
  overrideUploadLimit(userId: number, bytes: number | null): void
  close(): Promise<void>
}

const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>'

/**
 * Mounts a faithful Obico (obico-api.md is the ground truth) on `server`, seeds it and starts
 * listening. No faults and no control routes here: `startObicoFake` (index.ts) adds them for
 * tests, and the demo server goes without (docs/decisions/0006).
 */
export async function startObicoServer<S extends FakeServer>(
  server: S,
  options: ObicoServerOptions = {}
): Promise<ObicoServer<S>> {
  const clock = server.clock
  const ownsStorage = !options.storageDir
  const storageDir = options.storageDir ?? mkdtempSync(join(tmpdir(), 'obico-fake-'))
  let origin = ''
  const ctx: ObicoContext = {
    store: new ObicoStore(),
    clock,
    sims: new Map(),
    agentBehaviour: { ...DEFAULT_AGENT_BEHAVIOUR, ...options.agentBehaviour },
    settings: {
      allowCustomScheme: options.allowCustomScheme ?? false,
      autoApprove: options.autoApprove ?? false,
      autoApproveUserId: options.autoApproveUserId ?? 1
    },
    storageDir,
    uploadLimitOverrides: new Map(),
    secret: randomBytes(16).toString('hex'),
    siteOrigin: () => options.siteOrigin ?? origin,
    loginHint: options.loginHint
  }

  mountOAuthRoutes(server, ctx)
  mountApplicationRoutes(server, ctx)
  mountAccountRoutes(server, ctx)
  mountPrinterRoutes(server, ctx)
  mountFolderRoutes(server, ctx)
  mountFileRoutes(server, ctx)
  mountPredictionRoute(server, ctx)
  mountJusprinRoutes(server, ctx)
  server.fallback((req) => {
    // Django's APPEND_SLASH: a 301 to the slashed URL, for every method (obico-api.md §1.4, §2.1).
    if (!req.path.endsWith('/') && /^\/(api\/v1|o|accounts|jusprin)\//.test(req.path)) {
      req.raw.resume()
      return redirect(`${req.path}/${req.url.search}`, 301)
    }
    req.raw.resume()
    return html(404, NOT_FOUND_PAGE)
  })

  if ((options.seed ?? 'demo') === 'demo') seedDemo(ctx)
  origin = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  // After listen: the tagged video URLs carry the Site origin.
  if ((options.seed ?? 'demo') === 'demo') seedPredictions(ctx)

  const requirePrinter = (id: number): ObicoPrinter => {
    const printer = ctx.store.printer(id)
    if (!printer) throw new Error(`no printer ${id}`)
    return printer
  }
  const requireSim = (id: number) => {
    const sim = ctx.sims.get(id)
    if (!sim) throw new Error(`printer ${id} has no agent`)
    return sim
  }

  const printers: ObicoPrinterControls = {
    add: (o) =>
      createPrinter(ctx, {
        userId: o.userId ?? 1,
        name: o.name,
        agent: o.agent,
        actionOnFailure: o.actionOnFailure
      }).id,
    startPrint: (id, o) =>
      startPrint(ctx, requirePrinter(id), {
        fileName: o.filename,
        durationSeconds: o.durationSeconds,
        layers: o.layers,
        fileSize: o.fileSize,
        gcodeFileId: o.gcodeFileId,
        startFraction: o.startFraction
      }).id,
    setOffline: (id, offline = true) => requireSim(id).setAgentOnline(!offline),
    disconnectFirmware: (id, disconnected = true) =>
      requireSim(id).setFirmwareConnected(!disconnected),
    raiseFailureAlert: (id, p = 0.92) => {
      if (!requireSim(id).raiseFailureAlert(p)) throw new Error(`printer ${id} is not printing`)
    },
    failPrint: (id, message = 'Thermal runaway on heater extruder') => {
      if (!requireSim(id).failPrint(message)) throw new Error(`printer ${id} is not printing`)
    },
    clearError: (id) => requireSim(id).clearError(),
    setAgentBehaviour: (id, behaviour) => {
      if (id !== null) return requireSim(id).setBehaviour(behaviour)
      ctx.agentBehaviour = { ...ctx.agentBehaviour, ...behaviour }
      for (const sim of ctx.sims.values()) sim.setBehaviour(behaviour)
    },
    playScenario: (scenario, id) => {
      const mine = ctx.store.printers.filter(
        (p) => p.user_id === 1 && p.deleted === null && ctx.sims.get(p.id)?.agentOnline
      )
      const pick = (wanted: 'idle' | 'printing'): number => {
        if (id !== undefined) return requirePrinter(id).id
        const found = mine.find((p) => {
          const sim = ctx.sims.get(p.id)
          return (
            sim?.firmwareConnected &&
            sim.errorText === null &&
            (wanted === 'idle' ? !sim.job : sim.phase === 'printing')
          )
        })
        if (!found) throw new Error(`no ${wanted} printer for the ${scenario} scenario`)
        return found.id
      }
      switch (scenario) {
        case 'print-finishes': {
          const target = pick('idle')
          printers.startPrint(target, { filename: 'quick test.gcode', durationSeconds: 60 })
          return target
        }
        case 'print-fails': {
          const target = pick('idle')
          printers.startPrint(target, { filename: 'tall vase.gcode', durationSeconds: 600 })
          clock.schedule(20_000, () =>
            requireSim(target).failPrint('Thermal runaway on heater extruder')
          )
          return target
        }
        case 'failure-alert': {
          const target = pick('printing')
          printers.raiseFailureAlert(target, 0.92)
          return target
        }
        case 'offline-mid-print': {
          const target = pick('printing')
          printers.setOffline(target)
          return target
        }
      }
    },
    published: (id) => [...requireSim(id).published],
    status: (id) => requireSim(id).status(),
    get: (id) => ctx.store.printer(id),
    list: () => [...ctx.store.printers]
  }

  return {
    baseUrl: origin,
    clock,
    server,
    store: ctx.store,
    users: ctx.store.users,
    clients: ctx.store.clients,
    settings: ctx.settings,
    storageDir,
    registerClient(o) {
      const error = registrationError(o.redirectUris, allowedSchemes(ctx))
      if (error) throw new Error(error)
      const clientType = o.clientType ?? 'public'
      const secret =
        clientType === 'confidential'
          ? (o.clientSecret ?? randomToken(128))
          : (o.clientSecret ?? null)
      const client = insertClient(ctx, {
        client_id: o.clientId ?? randomToken(40),
        name: o.name,
        client_type: clientType,
        authorization_grant_type: o.grantType ?? 'authorization-code',
        redirect_uris: o.redirectUris,
        skip_authorization: o.skipAuthorization ?? false,
        user_id: o.userId ?? null,
        client_secret: secret
      })
      return { ...client, clientSecret: secret }
    },
    createUser: (o) => createUser(ctx, o),
    issueToken(userId, clientId) {
      if (!ctx.store.user(userId)) throw new Error(`no user ${userId}`)
      if (!ctx.store.client(clientId)) throw new Error(`no client ${clientId}`)
      const tokens = issueTokens(ctx, userId, clientId, 'read write')
      return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token }
    },
    createAdminToken(userId, token = randomToken()) {
      ctx.store.accessTokens.set(token, {
        token,
        user_id: userId,
        client_id: null,
        scope: 'read write',
        expires: clock.now() + 365 * 86_400_000
      })
      return token
    },
    isTokenActive(token) {
      if (activeAccessToken(ctx, token)) return true
      const refresh = ctx.store.refreshTokens.get(token)
      return !!refresh && refresh.revoked === null
    },
    printers,
    jusprin: jusprinControls(ctx),
    predictions: predictionControls(ctx),
    uploadLimit(userId) {
      const user = ctx.store.user(userId)
      if (!user) throw new Error(`no user ${userId}`)
      return uploadLimitFor(ctx, user)
    },
    overrideUploadLimit(userId, bytes) {
      if (!ctx.store.user(userId)) throw new Error(`no user ${userId}`)
      if (bytes === null) ctx.uploadLimitOverrides.delete(userId)
      else ctx.uploadLimitOverrides.set(userId, bytes)
    },
    async close() {
      await server.close()
      if (ownsStorage) rmSync(storageDir, { recursive: true, force: true })
    }
  }
}
