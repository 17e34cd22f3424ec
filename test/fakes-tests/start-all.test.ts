import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PORTS_USED, startAllFakes, type FakesSummary } from '../fakes/start-all'

/** The five keys, which every provider block has. */
const COMMON_KEYS = ['baseUrl', 'clientId', 'username', 'password', 'accessToken']

/** Each block's exact key set: the five plus the extras listed in start-all.ts's header. */
const SUMMARY_KEYS: Record<keyof FakesSummary, string[]> = {
  obico: [...COMMON_KEYS, 'refreshToken', 'controlUrl', 'printers', 'freeUser'],
  makeprintable: [...COMMON_KEYS, 'clientSecret', 'apiKey', 'apiBaseUrl'],
  octoblu: [...COMMON_KEYS, 'clientSecret', 'meshbluBaseUrl'],
  omniport: [...COMMON_KEYS, 'clientSecret', 'refreshToken', 'accessTokenExpiresAt'],
  zebbra: [...COMMON_KEYS, 'workspace', 'accessTokenExpiresAt']
}

/**
 * `npm run sandbox` as a real process: `npx tsx test/fakes/cli.ts --json`, then every demo token
 * is tried over real HTTP, the shared clock is moved through Obico's control route, and SIGTERM
 * must free every port.
 */

const REPO_ROOT = resolve(__dirname, '../..')

/** Resolves true when `port` can be bound on 127.0.0.1 right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
    probe.once('error', () => done(false))
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => done(true)))
  })
}

/** A base port whose five ports, and the one after, are all free (random, away from 8640). */
async function freeRange(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000)
    // One more than used, so the test can show base + 5 stays untouched.
    const checks = await Promise.all(
      Array.from({ length: PORTS_USED + 1 }, (_, i) => portIsFree(base + i))
    )
    if (checks.every(Boolean)) return base
  }
  throw new Error('no free range of ports found')
}

interface Run {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  stderr: () => string
  firstLine: Promise<string>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const runs: Run[] = []

/** Starts the CLI in its own process group (signals go to npx, tsx and node alike, as a terminal's would). */
function startCli(args: string[]): Run {
  const child = spawn('npx', ['tsx', 'test/fakes/cli.ts', ...args], {
    cwd: REPO_ROOT,
    detached: true,
    env: { ...process.env, NO_COLOR: '1' }
  })
  let stdout = ''
  let stderr = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => done({ code, signal }))
  )
  const firstLine = new Promise<string>((done, fail) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const end = stdout.indexOf('\n')
      if (end >= 0) done(stdout.slice(0, end))
    })
    void exited.then(() =>
      fail(new Error(`the fake CLI exited before printing; stderr: ${stderr}`))
    )
  })
  firstLine.catch(() => undefined)
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const run = { child, stdout: () => stdout, stderr: () => stderr, firstLine, exited }
  runs.push(run)
  return run
}

/**
 * Signals only the program itself (the newest process of the group running cli.ts): npx does not
 * pass SIGTERM on, so this is how a service manager's SIGTERM reaches the fakes.
 */
function signalProgram(run: Run, signal: NodeJS.Signals): void {
  const found = spawnSync('pgrep', ['-n', '-g', String(run.child.pid), '-f', 'test/fakes/cli.ts'], {
    encoding: 'utf8'
  })
  const pid = Number(found.stdout.trim())
  if (!Number.isInteger(pid) || pid <= 0)
    throw new Error(`the fake process was not found: ${found.stderr}`)
  process.kill(pid, signal)
}

function signalGroup(run: Run, signal: NodeJS.Signals): void {
  if (run.child.pid !== undefined && run.child.exitCode === null) {
    try {
      process.kill(-run.child.pid, signal)
    } catch {
      // Already gone.
    }
  }
}

afterEach(async () => {
  for (const run of runs.splice(0)) {
    signalGroup(run, 'SIGKILL')
    await run.exited
  }
})

async function getJson(
  url: string,
  headers: Record<string, string>
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers })
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON (e.g. Meshblu's empty 403).
  }
  return { status: response.status, body }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('npm run sandbox (process)', () => {
  it('prints one JSON line whose demo tokens work everywhere, moves the clock, and frees its ports on SIGTERM', async () => {
    const base = await freeRange()
    const run = startCli(['--json', '--base-port', String(base)])
    const line = await run.firstLine
    const summary = JSON.parse(line) as FakesSummary

    // Exactly the documented keys, and the documented port layout.
    expect(Object.keys(summary).sort()).toEqual(Object.keys(SUMMARY_KEYS).sort())
    for (const provider of Object.keys(SUMMARY_KEYS) as (keyof FakesSummary)[]) {
      expect(Object.keys(summary[provider]).sort()).toEqual([...SUMMARY_KEYS[provider]].sort())
      expect(summary[provider].accessToken.length).toBeGreaterThan(10)
    }
    expect(summary.obico.freeUser).toEqual({
      username: 'free@printdock.test',
      password: 'password'
    })
    expect(PORTS_USED).toBe(5)
    const url = (offset: number) => `http://127.0.0.1:${base + offset}`
    expect({
      obico: summary.obico.baseUrl,
      makeprintable: summary.makeprintable.baseUrl,
      octoblu: summary.octoblu.baseUrl,
      meshblu: summary.octoblu.meshbluBaseUrl,
      omniport: summary.omniport.baseUrl,
      zebbra: summary.zebbra.baseUrl
    }).toEqual({
      obico: url(0),
      makeprintable: url(1),
      octoblu: url(2),
      meshblu: url(2), // Meshblu's routes on the Octoblu origin
      omniport: url(3),
      zebbra: url(4)
    })
    // Five ports and no sixth.
    for (let i = 0; i < 5; i++) expect(await portIsFree(base + i)).toBe(false)
    expect(await portIsFree(base + 5)).toBe(true)

    // Obico: users/me with the demo token; a wrong token is refused (the check can fail).
    const me = await getJson(
      `${summary.obico.baseUrl}/api/v1/users/me/`,
      bearer(summary.obico.accessToken)
    )
    expect(me.status).toBe(200)
    expect(me.body.email).toBe(summary.obico.username)
    expect(
      (await getJson(`${summary.obico.baseUrl}/api/v1/users/me/`, bearer('x'.repeat(30)))).status
    ).toBe(403)

    // The login page a person would open shows the demo credentials.
    const login = await (await fetch(`${summary.obico.baseUrl}/accounts/login/`)).text()
    expect(login).toContain(summary.obico.username)
    expect(login).toContain(`id="demo-password">${summary.obico.password}<`)

    // Meshblu whoami with base64(uuid:token).
    const whoami = await getJson(
      `${summary.octoblu.meshbluBaseUrl}/v2/whoami`,
      bearer(summary.octoblu.accessToken)
    )
    expect(whoami.status).toBe(200)
    expect(whoami.body.type).toBe('octoblu:user')
    expect(whoami.body.uuid).toBe(
      Buffer.from(summary.octoblu.accessToken, 'base64').toString('utf8').split(':')[0]
    )
    expect(
      (
        await getJson(
          `${summary.octoblu.meshbluBaseUrl}/v2/whoami`,
          bearer(Buffer.from(`${whoami.body.uuid}:wrong`).toString('base64'))
        )
      ).status
    ).toBe(403)

    // Omniport get_user_data.
    const person = await getJson(
      `${summary.omniport.baseUrl}/open_auth/get_user_data/`,
      bearer(summary.omniport.accessToken)
    )
    expect(person.status).toBe(200)
    expect(JSON.stringify(person.body)).toContain('Maker Demo')

    // Zebbra /user.
    const zebbraUser = await getJson(
      `${summary.zebbra.baseUrl}/user`,
      bearer(summary.zebbra.accessToken)
    )
    expect(zebbraUser.status).toBe(200)
    expect(zebbraUser.body.username).toBe(summary.zebbra.username)
    expect(zebbraUser.body.workspaces.map((w: { name: string }) => w.name)).toContain(
      summary.zebbra.workspace
    )

    // Makeprintable: the API key in the `key` header, and the pre-issued bearer token.
    const items = await getJson(`${summary.makeprintable.apiBaseUrl}/items`, {
      key: summary.makeprintable.apiKey
    })
    expect(items.status).toBe(200)
    expect(JSON.stringify(items.body)).toContain('calibration_cube')
    expect(
      (
        await getJson(
          `${summary.makeprintable.apiBaseUrl}/items`,
          bearer(summary.makeprintable.accessToken)
        )
      ).status
    ).toBe(200)
    expect(
      (await getJson(`${summary.makeprintable.apiBaseUrl}/items`, { key: 'mp_not-a-key' })).status
    ).not.toBe(200)

    // An Obico printer is printing, and its progress advances with the fake clock.
    type Printer = {
      id: number
      status: { state: { text: string }; progress: { completion: number | null } } | null
    }
    const printing = async (): Promise<Printer[]> => {
      const list = await getJson(
        `${summary.obico.baseUrl}/api/v1/printers/`,
        bearer(summary.obico.accessToken)
      )
      expect(list.status).toBe(200)
      return (list.body as Printer[]).filter((p) => p.status?.state.text === 'Printing')
    }
    const before = await printing()
    expect(before.length).toBeGreaterThan(0)
    expect(summary.obico.printers.filter((p) => p.printing).map((p) => p.id)).toEqual(
      before.map((p) => p.id)
    )
    const first = before[0]
    const startCompletion = first.status!.progress.completion!
    expect(startCompletion).toBeGreaterThan(0)
    const advance = await fetch(`${summary.obico.baseUrl}/__sandbox/clock/advance?ms=600000`, {
      method: 'POST'
    })
    expect(advance.status).toBe(200)
    const after = (await printing()).find((p) => p.id === first.id)
    expect(after).toBeDefined()
    // Ten minutes of a two-hour print: about 8.3 points more (real time adds a little).
    const gained = after!.status!.progress.completion! - startCompletion
    expect(gained).toBeGreaterThan(8)
    expect(gained).toBeLessThan(10)

    // The shared clock: the same ten minutes passed for Zebbra; 25 more expire its 30-minute JWT.
    await fetch(`${summary.obico.baseUrl}/__sandbox/clock/advance?ms=1500000`, { method: 'POST' })
    expect(
      (await getJson(`${summary.zebbra.baseUrl}/user`, bearer(summary.zebbra.accessToken))).status
    ).toBe(401)

    // SIGTERM: a clean stop (exit code 0 through tsx and npx), every port free again, and nothing
    // but the JSON line on stdout.
    signalProgram(run, 'SIGTERM')
    const exit = await run.exited
    expect(run.stderr()).toContain('Stopped.')
    expect(exit).toEqual({ code: 0, signal: null })
    expect(run.stdout()).toBe(`${line}\n`)
    for (let i = 0; i < PORTS_USED; i++) expect(await portIsFree(base + i)).toBe(true)
  }, 60_000)

  it('Ctrl+C (SIGINT to the whole process group, as a terminal sends it) stops cleanly', async () => {
    const base = await freeRange()
    const run = startCli(['--base-port', String(base)])
    await run.firstLine
    await expect.poll(() => run.stdout(), { timeout: 10_000 }).toContain('Press Ctrl+C to stop')
    const out = run.stdout()
    expect(out).toContain(`Meshblu URL     http://127.0.0.1:${base + 2}`) // on the Octoblu origin
    expect(out).not.toContain(`http://127.0.0.1:${base + 5}`)
    expect(out).toContain(
      'Free user       free@printdock.test / password (free plan, 50 MiB uploads)'
    )
    expect(await portIsFree(base)).toBe(false)
    signalGroup(run, 'SIGINT')
    await run.exited
    expect(run.stderr()).toContain('Stopped.')
    for (let i = 0; i < PORTS_USED; i++) expect(await portIsFree(base + i)).toBe(true)
  }, 60_000)

  it('a port in use is a plain error naming the port and --base-port, exit code 1', async () => {
    const base = await freeRange()
    const blocker: Server = createServer()
    await new Promise<void>((done) => blocker.listen(base + 3, '127.0.0.1', () => done()))
    try {
      const run = startCli(['--base-port', String(base)])
      const exit = await run.exited
      expect(exit.code).toBe(1)
      expect(run.stdout()).toBe('')
      const stderr = run.stderr()
      expect(stderr).toContain(`Port ${base + 3} is already in use`)
      expect(stderr).toContain('--base-port')
      expect(stderr).not.toMatch(/\n\s+at /) // no stack trace
      // Nothing was left listening on the other ports.
      for (const i of [0, 1, 2, 4]) expect(await portIsFree(base + i)).toBe(true)
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()))
    }
  }, 60_000)

  it('--help prints the usage and exits 0', async () => {
    const run = startCli(['--help'])
    const exit = await run.exited
    expect(exit.code).toBe(0)
    expect(run.stdout()).toContain('--base-port')
    expect(run.stdout()).toContain('--json')
    expect(run.stdout().replace(/\s+/g, ' ')).toContain(
      'first of 5 consecutive ports: Obico, Makeprintable, Octoblu (Meshblu on the same origin), Omniport, Zebbra'
    )
  }, 60_000)
})

describe('startAllFakes (in process)', () => {
  it('base port 0 puts every server on its own ephemeral port; close frees them', async () => {
    const all = await startAllFakes({ basePort: 0 })
    const urls = [
      all.summary.obico.baseUrl,
      all.summary.makeprintable.baseUrl,
      all.summary.octoblu.baseUrl,
      all.summary.octoblu.meshbluBaseUrl,
      all.summary.omniport.baseUrl,
      all.summary.zebbra.baseUrl
    ]
    const ports = urls.map((url) => Number(new URL(url).port))
    expect(new Set(ports).size).toBe(5) // Meshblu shares Octoblu's
    expect(all.summary.octoblu.meshbluBaseUrl).toBe(all.summary.octoblu.baseUrl)
    // The free user in the summary is the seeded free-plan user (50 MiB uploads).
    const free = all.fakes.obico.users.find((u) => u.email === all.summary.obico.freeUser.username)
    expect(free?.is_pro).toBe(false)
    expect(free?.password).toBe(all.summary.obico.freeUser.password)
    expect(all.fakes.obico.uploadLimit(free!.id)).toBe(50 * 1024 * 1024)
    expect(ports.every((port) => port > 0)).toBe(true)
    // One clock for all: the Obico control route moves Zebbra's expiry too.
    expect(all.fakes.zebbra.isTokenActive(all.summary.zebbra.accessToken)).toBe(true)
    all.clock.advance(31 * 60_000)
    expect(all.fakes.zebbra.isTokenActive(all.summary.zebbra.accessToken)).toBe(false)
    expect(all.fakes.obico.isTokenActive(all.summary.obico.accessToken)).toBe(true)
    await all.close()
    await all.close() // twice is fine
    for (const port of ports) expect(await portIsFree(port)).toBe(true)
  })

  it('rejects a base port whose range runs past 65535', async () => {
    await expect(startAllFakes({ basePort: 65_533 })).rejects.toThrow(RangeError)
    // Five ports: 65531 is the last base that fits, and the message says so.
    await expect(startAllFakes({ basePort: 65_532 })).rejects.toThrow(/from 1 to 65531/)
  })
})
