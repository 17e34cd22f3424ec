import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEMORY_LINK_WARNING, NO_KEYCHAIN } from '../../src/cli/commands/link'
import { ExitCode } from '../../src/cli/exit-codes'
import { MEMORY_VAULT_NOTICE } from '../../src/main/core/vault/choose-vault'
import { startObicoFake, type ObicoFake } from '../fakes/obico'
import { runCli, startCli } from './cli-process'

/**
 * The CLI as a process, in an environment with no Secret Service (the D-Bus address points at
 * nothing), so these run everywhere and also prove the memory fallback of the CLI.
 */
let home: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'printdock-cli-'))
  env = {
    ...process.env,
    PRINTDOCK_HOME: join(home, 'data'),
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus.sock')}`
  }
})
afterAll(() => {
  rmSync(home, { recursive: true, force: true })
})

const EXIT_TABLE = /Exit codes:[\s\S]*0\s+success[\s\S]*3\s+needs confirmation[\s\S]*6\s+network/

describe('printdock --help', () => {
  it.each([[[]], [['link']], [['accounts']], [['unlink']]])(
    '%j --help prints usage and the exit codes',
    async (command) => {
      const run = await runCli([...command, '--help'], env)
      expect(run.code).toBe(ExitCode.Ok)
      expect(run.stdout).toMatch(new RegExp(`Usage: printdock ${command.join(' ')}`.trim()))
      expect(run.stdout).toMatch(EXIT_TABLE)
    }
  )

  it('link --help lists every provider profile', async () => {
    const run = await runCli(['link', '--help'], env)
    for (const key of [
      'obico-cloud',
      'obico-self-hosted',
      'makeprintable',
      'octoblu',
      'omniport',
      'zebbra',
      'generic'
    ]) {
      expect(run.stdout).toContain(key)
    }
  })
})

describe('usage errors exit with 2 and say why on stderr', () => {
  it.each([
    [['frobnicate'], /unknown command/],
    [['link'], /missing required argument 'provider'/],
    [['link', 'not-a-provider'], /Unknown provider "not-a-provider"/],
    [['accounts', '--bogus'], /unknown option '--bogus'/],
    [['unlink'], /missing required argument 'account'/],
    [['link', 'obico-cloud', '--token', 'a', '--api-key', 'b'], /only one of --token, --api-key/],
    [['link', 'generic', '--authorize-url', 'https://id.example/a'], /needs --token-url/],
    [['link', 'obico-cloud', '--timeout', 'soon'], /--timeout takes a number/]
  ])('%j', async (args, message) => {
    const run = await runCli(args, env)
    expect(run.code, run.stderr).toBe(ExitCode.Usage)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toMatch(/\n\s+at /) // no stack trace without --debug
  })

  it('no arguments prints help on stderr with 2', async () => {
    const run = await runCli([], env)
    expect(run.code).toBe(ExitCode.Usage)
    expect(run.stderr).toContain('Usage: printdock')
  })
})

describe('accounts on an empty home', () => {
  it('--json prints [] and the memory-only notice goes to stderr', async () => {
    const run = await runCli(['accounts', '--json'], env)
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect(JSON.parse(run.stdout)).toEqual([])
    expect(run.stderr).toContain(MEMORY_VAULT_NOTICE)
  })

  it('unlink of an unknown account fails with 1', async () => {
    const run = await runCli(['unlink', 'nobody', '--yes'], env)
    expect(run.code).toBe(ExitCode.Failure)
    expect(run.stderr).toContain('No linked account matches "nobody"')
  })
})

describe('against the Obico fake, without a keychain', () => {
  let fake: ObicoFake
  beforeAll(async () => {
    fake = await startObicoFake({ autoApprove: true })
  })
  afterAll(async () => {
    await fake?.close()
  })

  it('links with an admin token read from stdin, never writes the token to disk, never prints it', async () => {
    const token = fake.createAdminToken(fake.users[0].id)
    const run = await runCli(
      [
        'link',
        'obico-self-hosted',
        '--server',
        fake.baseUrl,
        '--token',
        '-',
        '--json',
        '--allow-memory'
      ],
      env,
      token + '\n'
    )
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    const account = JSON.parse(run.stdout) as {
      id: string
      storage: string
      state: string
      credential: string
    }
    expect(account).toMatchObject({
      storage: 'memory',
      state: 'linked',
      credential: 'pasted-token'
    })
    expect(run.stderr).toContain(MEMORY_VAULT_NOTICE)
    expect(run.stderr).toContain(MEMORY_LINK_WARNING)
    expect(run.stdout + run.stderr).not.toContain(token)

    // accounts.json holds the account; no file under the data folder holds the token.
    const dataDir = join(home, 'data')
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile()
    )
    expect(files.map((entry) => entry.name)).toContain('accounts.json')
    for (const entry of files)
      expect(readFileSync(join(entry.parentPath, entry.name), 'utf8')).not.toContain(token)

    const listed = await runCli(['accounts', '--json'], env)
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((item) => item.id)).toEqual([
      account.id
    ])

    // unlink without --yes and without a terminal: needs confirmation, nothing removed.
    const unconfirmed = await runCli(['unlink', account.id], env)
    expect(unconfirmed.code).toBe(ExitCode.NeedsConfirmation)
    expect(unconfirmed.stderr).toMatch(/Add --yes/)
    const still = await runCli(['accounts', '--json'], env)
    expect(JSON.parse(still.stdout)).toHaveLength(1)

    const unlinked = await runCli(['unlink', account.id, '--yes', '--json'], env)
    expect(unlinked.code, unlinked.stderr).toBe(ExitCode.Ok)
    // A pasted admin token is forgotten here, not revoked (it may serve other tools).
    expect(JSON.parse(unlinked.stdout)).toEqual({ accountId: account.id, revokedAtProvider: false })
    expect(JSON.parse((await runCli(['accounts', '--json'], env)).stdout)).toEqual([])
  }, 60_000)

  it('a rejected token exits with 5', async () => {
    const run = await runCli(
      ['link', 'obico-self-hosted', '--server', fake.baseUrl, '--token', '-', '--allow-memory'],
      env,
      'definitely-not-a-valid-token'
    )
    expect(run.code, run.stderr).toBe(ExitCode.AuthFailed)
    expect(run.stderr).not.toContain('definitely-not-a-valid-token')
  })

  it('an unreachable server exits with 6', async () => {
    const run = await runCli(
      [
        'link',
        'obico-self-hosted',
        '--server',
        'http://127.0.0.1:9',
        '--token',
        '-',
        '--allow-memory'
      ],
      env,
      'tok'
    )
    expect(run.code, run.stderr).toBe(ExitCode.Network)
  })

  it('a browser sign-in nobody finishes times out with 4', async () => {
    const cli = startCli(
      [
        'link',
        'obico-self-hosted',
        '--server',
        fake.baseUrl,
        '--client-id',
        'printdock-desktop',
        '--no-browser',
        '--timeout',
        '1',
        '--allow-memory'
      ],
      env
    )
    const url = await cli.waitForLine(/^https?:\/\//)
    expect(new URL(url).pathname).toBe('/o/authorize/')
    const run = await cli.done
    expect(run.code, run.stderr).toBe(ExitCode.Cancelled)
  })
})

describe('link without a keychain', () => {
  let fake: ObicoFake
  beforeAll(async () => {
    fake = await startObicoFake({ autoApprove: true })
  })
  afterAll(async () => {
    await fake?.close()
  })

  it('refuses with 1, says why and where to look, and links nothing', async () => {
    const own = mkdtempSync(join(tmpdir(), 'printdock-cli-nokeychain-'))
    try {
      const ownEnv = { ...env, PRINTDOCK_HOME: join(own, 'data') }
      const token = fake.createAdminToken(fake.users[0].id)
      const run = await runCli(
        ['link', 'obico-self-hosted', '--server', fake.baseUrl, '--token', '-'],
        ownEnv,
        token + '\n'
      )
      expect(run.code, run.stderr).toBe(ExitCode.Failure)
      expect(run.stderr).toContain(NO_KEYCHAIN)
      expect(run.stderr).toMatch(/Troubleshooting in the README/)
      expect(run.stdout + run.stderr).not.toContain(token)
      const listed = await runCli(['accounts', '--json'], ownEnv)
      expect(JSON.parse(listed.stdout)).toEqual([])
    } finally {
      rmSync(own, { recursive: true, force: true })
    }
  })

  it('link --help explains the choice and --allow-memory', async () => {
    const run = await runCli(['link', '--help'], env)
    expect(run.stdout).toContain('--allow-memory')
    expect(run.stdout).toMatch(/refuses to link, with exit code 1/)
  })

  it("lists the app's keychain accounts as they are, without writing needs-relink", async () => {
    const own = mkdtempSync(join(tmpdir(), 'printdock-cli-appaccount-'))
    try {
      const dataDir = join(own, 'data')
      mkdirSync(dataDir, { recursive: true })
      const file = join(dataDir, 'accounts.json')
      const body =
        JSON.stringify(
          {
            version: 1,
            accounts: [
              {
                id: 'obico:https://app.obico.io#7',
                provider: 'obico',
                profileKey: 'obico-cloud',
                serverOrigin: 'https://app.obico.io',
                userId: '7',
                displayName: 'maker@example.com',
                identity: [],
                credential: 'oauth',
                linkedAt: '2026-11-01T00:00:00.000Z',
                state: 'linked',
                storage: 'keychain'
              }
            ]
          },
          null,
          2
        ) + '\n'
      writeFileSync(file, body)
      const run = await runCli(['accounts', '--json'], { ...env, PRINTDOCK_HOME: dataDir })
      expect(run.code, run.stderr).toBe(ExitCode.Ok)
      const [account] = JSON.parse(run.stdout) as { state: string; stateDetail?: string }[]
      expect(account?.state).toBe('linked')
      expect(account?.stateDetail).toMatch(/system keychain/)
      expect(readFileSync(file, 'utf8')).toBe(body)
    } finally {
      rmSync(own, { recursive: true, force: true })
    }
  })
})
