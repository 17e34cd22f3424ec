import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeClock } from './kit'
import { startMakeprintableFake, type MakeprintableFake } from './makeprintable'
import { DEMO_CLIENT_ID, DEMO_FREE_USER, DEMO_USER, startObicoFake, type ObicoFake } from './obico'
import { startOctobluFake, type OctobluFake } from './octoblu'
import { ACCESS_TOKEN_TTL_SECONDS, startOmniportFake, type OmniportFake } from './omniport'
import { startZebbraFake, type ZebbraFake } from './zebbra'

/**
 * Starts all five provider fakes side by side, seeded for a demo, on fixed ports.
 *
 * Port layout from the base port B (default 8640), five ports in a row:
 *   B     Obico          (also serves /__sandbox/clock/advance and /__sandbox/faults)
 *   B + 1 Makeprintable  (authorize page and /v1 API on one origin)
 *   B + 2 Octoblu        (oauth.octoblu.com stand-in, and Meshblu's API on the same origin: the
 *                         two route sets share no path, so `meshbluBaseUrl` equals `baseUrl`)
 *   B + 3 Omniport
 *   B + 4 Zebbra
 * Base port 0 puts every server on an ephemeral port (tests).
 *
 * All five share one clock, so advancing it through Obico's control route moves every fake.
 *
 * Every provider block of the summary (`--json`) has the five keys baseUrl, clientId, username,
 * password and accessToken, plus these documented extras and nothing else:
 *   obico          refreshToken, controlUrl, printers, freeUser ({ username, password } of the
 *                  second demo user: free plan, 50 MiB upload limit)
 *   makeprintable  clientSecret, apiKey, apiBaseUrl
 *   octoblu        clientSecret, meshbluBaseUrl
 *   omniport       clientSecret, refreshToken, accessTokenExpiresAt
 *   zebbra         workspace, accessTokenExpiresAt
 */

/** The default base port of `npm run sandbox`. */
export const DEFAULT_BASE_PORT = 8640

/** How many consecutive ports the fakes take from the base port. */
export const PORTS_USED = 5

/** Offsets from the base port, in the order above. */
export const PORT_OFFSETS = {
  obico: 0,
  makeprintable: 1,
  octoblu: 2,
  omniport: 3,
  zebbra: 4
} as const

/** What every provider's entry in the summary carries. */
export interface ProviderSummary {
  baseUrl: string
  /** The seeded OAuth client; null for Zebbra, which has no OAuth clients (password grant). */
  clientId: string | null
  username: string
  password: string
  /** A token issued ahead for the demo user (Makeprintable: also `apiKey`). */
  accessToken: string
}

/** The connection facts of every fake: printed by `npm run sandbox`, one JSON line with --json. */
export interface FakesSummary {
  obico: ProviderSummary & {
    clientId: string
    refreshToken: string
    /** POST `${controlUrl}/clock/advance?ms=N` moves the shared clock of all five fakes. */
    controlUrl: string
    /** Seeded printers of the demo user; at least one is printing from the start. */
    printers: { id: number; name: string; printing: boolean }[]
    /** The second demo user: free plan, 50 MiB upload limit (obico-api.md §2.5). */
    freeUser: { username: string; password: string }
  }
  makeprintable: ProviderSummary & {
    clientId: string
    clientSecret: string
    /** Sent as the `key` header (providers.md §1.2). */
    apiKey: string
    apiBaseUrl: string
  }
  octoblu: ProviderSummary & {
    clientId: string
    clientSecret: string
    /**
     * The Meshblu API origin (whoami, devices); the access token is `base64(uuid:token)`. Served
     * on the Octoblu origin, so equal to `baseUrl`; kept so clients need not know that.
     */
    meshbluBaseUrl: string
  }
  omniport: ProviderSummary & {
    clientId: string
    clientSecret: string
    refreshToken: string
    accessTokenExpiresAt: string
  }
  zebbra: ProviderSummary & {
    clientId: null
    workspace: string
    accessTokenExpiresAt: string
  }
}

/** Options of {@link startAllFakes}. */
export interface StartAllOptions {
  /** First of five consecutive ports (default 8640); 0 → an ephemeral port for each server. */
  basePort?: number
  /** Interface to listen on (default 127.0.0.1). */
  host?: string
  /** The shared clock (default: a new real-time FakeClock). */
  clock?: FakeClock
}

/** The running fakes. */
export interface AllFakes {
  summary: FakesSummary
  clock: FakeClock
  fakes: {
    obico: ObicoFake
    makeprintable: MakeprintableFake
    octoblu: OctobluFake
    omniport: OmniportFake
    zebbra: ZebbraFake
  }
  /** Stops every server and removes their temporary files. Safe to call twice. */
  close(): Promise<void>
}

/** A port the fakes need is taken by another program. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use.`)
    this.name = 'PortInUseError'
  }
}

/** Resolves true when nothing listens on `port` (binds it for a moment). */
function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)))
  })
}

function isAddressInUse(error: unknown): error is NodeJS.ErrnoException & { port?: number } {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'
}

/** Checks the base port and hands out the port of each server. */
function portsFrom(basePort: number): Record<keyof typeof PORT_OFFSETS, number> {
  if (!Number.isInteger(basePort) || basePort < 0 || basePort + PORTS_USED - 1 > 65_535) {
    throw new RangeError(
      `The base port must be a whole number from 1 to ${65_536 - PORTS_USED} (or 0 for random ports).`
    )
  }
  const at = (offset: number) => (basePort === 0 ? 0 : basePort + offset)
  return {
    obico: at(PORT_OFFSETS.obico),
    makeprintable: at(PORT_OFFSETS.makeprintable),
    octoblu: at(PORT_OFFSETS.octoblu),
    omniport: at(PORT_OFFSETS.omniport),
    zebbra: at(PORT_OFFSETS.zebbra)
  }
}

/**
 * Starts Obico, Makeprintable, Octoblu (with Meshblu), Omniport and Zebbra with their demo seeds and
 * issues a token for each demo user. Throws {@link PortInUseError} (nothing left running) when a
 * port is taken.
 */
export async function startAllFakes(options: StartAllOptions = {}): Promise<AllFakes> {
  const host = options.host ?? '127.0.0.1'
  const clock = options.clock ?? new FakeClock()
  const ports = portsFrom(options.basePort ?? DEFAULT_BASE_PORT)

  // Check every port first, so a clash is reported before anything starts.
  for (const port of Object.values(ports)) {
    if (port !== 0 && !(await portIsFree(port, host))) throw new PortInUseError(port)
  }

  // One temp folder for the uploads of every fake: removed on close, even after a failed start.
  const storageRoot = await mkdtemp(join(tmpdir(), 'printdock-fakes-'))
  const closers: (() => Promise<void>)[] = []
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await Promise.allSettled(closers.splice(0).map((stop) => stop()))
    await rm(storageRoot, { recursive: true, force: true })
  }

  try {
    const obicoDir = join(storageRoot, 'obico')
    const makeprintableDir = join(storageRoot, 'makeprintable')
    await Promise.all([mkdir(obicoDir), mkdir(makeprintableDir)])

    const obico = await startObicoFake({
      clock,
      host,
      port: ports.obico,
      seed: 'demo',
      storageDir: obicoDir,
      // A person trying the fake in a browser sees whom to sign in as.
      loginHint: { username: DEMO_USER.email, password: DEMO_USER.password }
    })
    closers.push(() => obico.close())
    const makeprintable = await startMakeprintableFake({
      clock,
      host,
      port: ports.makeprintable,
      seed: 'demo',
      storageDir: makeprintableDir
    })
    closers.push(() => makeprintable.close())
    const octoblu = await startOctobluFake({
      clock,
      host,
      port: ports.octoblu,
      // Meshblu on the Octoblu origin: five ports in all, as the issue lays them out.
      meshblu: 'same-origin',
      seed: 'demo'
    })
    closers.push(() => octoblu.close())
    const omniport = await startOmniportFake({
      clock,
      host,
      port: ports.omniport,
      seed: 'demo'
    })
    closers.push(() => omniport.close())
    const zebbra = await startZebbraFake({ clock, host, port: ports.zebbra, seed: 'demo' })
    closers.push(() => zebbra.close())

    const summary = summarise({ obico, makeprintable, octoblu, omniport, zebbra, clock })
    return {
      summary,
      clock,
      fakes: { obico, makeprintable, octoblu, omniport, zebbra },
      close
    }
  } catch (error) {
    await close()
    if (isAddressInUse(error)) {
      // Taken between the check and the start (another program was quicker).
      const port = typeof error.port === 'number' ? error.port : undefined
      if (port !== undefined) throw new PortInUseError(port)
    }
    throw error
  }
}

/** Issues the demo tokens and collects what a person (or a script) needs to connect. */
function summarise(s: {
  obico: ObicoFake
  makeprintable: MakeprintableFake
  octoblu: OctobluFake
  omniport: OmniportFake
  zebbra: ZebbraFake
  clock: FakeClock
}): FakesSummary {
  const maker = s.obico.users.find((u) => u.email === DEMO_USER.email)
  if (!maker) throw new Error('the Obico demo seed has no demo user')
  const obicoTokens = s.obico.issueToken(maker.id, DEMO_CLIENT_ID)
  const obicoPrinters = s.obico.printers
    .list()
    .filter((p) => p.user_id === maker.id && p.deleted === null)
    .map((p) => {
      const state = s.obico.printers.status(p.id)?.state as { text?: unknown } | undefined
      return { id: p.id, name: String(p.name), printing: state?.text === 'Printing' }
    })
  const omniportTokens = s.omniport.issueToken()
  const zebbraToken = s.zebbra.issueToken()
  const zebbraExp = jwtExp(zebbraToken)

  return {
    obico: {
      baseUrl: s.obico.baseUrl,
      clientId: DEMO_CLIENT_ID,
      username: DEMO_USER.email,
      password: DEMO_USER.password,
      accessToken: obicoTokens.accessToken,
      refreshToken: obicoTokens.refreshToken,
      controlUrl: `${s.obico.baseUrl}/__sandbox`,
      printers: obicoPrinters,
      freeUser: { username: DEMO_FREE_USER.email, password: DEMO_FREE_USER.password }
    },
    makeprintable: {
      baseUrl: s.makeprintable.baseUrl,
      clientId: s.makeprintable.client.clientId,
      clientSecret: s.makeprintable.client.clientSecret,
      username: s.makeprintable.user.email,
      password: s.makeprintable.user.password,
      accessToken: s.makeprintable.issueToken(),
      apiKey: s.makeprintable.user.apiKey,
      apiBaseUrl: s.makeprintable.apiBaseUrl
    },
    octoblu: {
      baseUrl: s.octoblu.baseUrl,
      clientId: s.octoblu.client.clientId,
      clientSecret: s.octoblu.client.clientSecret,
      username: s.octoblu.user.username,
      password: s.octoblu.user.password,
      accessToken: s.octoblu.issueToken(),
      meshbluBaseUrl: s.octoblu.meshbluBaseUrl
    },
    omniport: {
      baseUrl: s.omniport.baseUrl,
      clientId: s.omniport.client.clientId,
      clientSecret: s.omniport.client.clientSecret,
      username: s.omniport.user.username,
      password: s.omniport.user.password,
      accessToken: omniportTokens.accessToken,
      refreshToken: omniportTokens.refreshToken,
      accessTokenExpiresAt: new Date(s.clock.now() + ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString()
    },
    zebbra: {
      baseUrl: s.zebbra.baseUrl,
      clientId: null,
      username: s.zebbra.user.username,
      password: s.zebbra.user.password,
      accessToken: zebbraToken,
      workspace: s.zebbra.workspace.name,
      accessTokenExpiresAt: new Date(
        zebbraExp !== undefined
          ? zebbraExp * 1000
          : s.clock.now() + s.zebbra.tokenLifetimeMinutes * 60_000
      ).toISOString()
    }
  }
}

/** The `exp` claim of a JWT the fake just signed. */
function jwtExp(token: string): number | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')
    ) as { exp?: unknown }
    return typeof payload.exp === 'number' ? payload.exp : undefined
  } catch {
    return undefined
  }
}
