import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import type { ProviderPage, ZebbraPageData } from '../../src/shared/models/provider-page'
import { startOctobluFake, type OctobluFake } from '../fakes/octoblu'
import { startZebbraFake, type ZebbraFake } from '../fakes/zebbra'
import { provideSecretService } from '../unit/core/vault/secret-service-fixture'
import { HttpBrowser } from '../fakes-tests/linking/support'
import { runCli, startCli } from './cli-process'

/**
 * `printdock account` and `printdock message` as processes against the fakes (issue 13). Each
 * command is its own process, so the accounts live in a real keychain (a private gnome-keyring),
 * as between the app and the CLI; without one this file skips and says why.
 */
const hasSecretTool = spawnSync('sh', ['-c', 'command -v secret-tool']).status === 0
const provided = hasSecretTool ? await provideSecretService() : { fixture: undefined }
const secretService = provided.fixture

describe('printdock account / message without any account', () => {
  const none = mkdtempSync(join(tmpdir(), 'printdock-cli-pages-none-'))
  const env = { ...process.env, PRINTDOCK_HOME: join(none, 'data') }
  afterAll(() => rmSync(none, { recursive: true, force: true }))

  it.each([['account'], ['message']])('%s --help prints usage and the exit codes', async (name) => {
    const run = await runCli([name, '--help'], env)
    expect(run.code).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(new RegExp(`Usage: printdock ${name}`))
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*3\s+needs confirmation/)
  })

  it('message refuses a payload that is not JSON before reading any account', async () => {
    const run = await runCli(['message', 'anyone', 'any-device', '--data', '{"a":'], env)
    expect(run.code).toBe(ExitCode.Usage)
    expect(run.stderr).toMatch(/The message is not valid JSON/)
  })

  it('account names an unknown account plainly', async () => {
    const run = await runCli(['account', 'nobody'], env)
    expect(run.code).toBe(ExitCode.Failure)
    expect(run.stderr).toMatch(/No linked account matches "nobody"/)
  })
})

describe.skipIf(!secretService)('printdock account / message against the fakes', () => {
  let zebbra: ZebbraFake
  let octoblu: OctobluFake
  let home: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    zebbra = await startZebbraFake({ tokenLifetimeMinutes: 30 })
    // Prefix matching (providers.md §2.3): any loopback port passes this registration.
    // Same origin: the CLI has no option for a separate Meshblu address.
    octoblu = await startOctobluFake({
      autoApprove: true,
      meshblu: 'same-origin',
      callbackUrls: ['http://127.0.0.1']
    })
    home = mkdtempSync(join(tmpdir(), 'printdock-cli-pages-'))
    env = {
      ...secretService!.env,
      PRINTDOCK_HOME: join(home, 'data'),
      PRINTDOCK_OCTOBLU_CLIENT_ID: octoblu.client.clientId
    }
  })
  afterAll(async () => {
    await zebbra?.close()
    await octoblu?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    await secretService?.stop()
  })

  it('account prints Zebbra workspaces and models, as text and as JSON', async () => {
    const link = await runCli(
      [
        'link',
        'zebbra',
        '--server',
        zebbra.baseUrl,
        '--username',
        zebbra.user.username,
        '--password-stdin',
        '--json'
      ],
      env,
      zebbra.user.password + '\n'
    )
    expect(link.code, link.stderr).toBe(ExitCode.Ok)
    const { id } = JSON.parse(link.stdout) as { id: string }

    const text = await runCli(['account', id], env)
    expect(text.code, text.stderr).toBe(ExitCode.Ok)
    expect(text.stdout).toMatch(/Print Farm — admin/)
    expect(text.stdout).toMatch(/model: Filament budget 2026/)

    const json = await runCli(['account', id, '--json'], env)
    const page = JSON.parse(json.stdout) as ProviderPage
    expect(page.status).toBe('ready')
    expect((page.data as ZebbraPageData).workspaces[0]!.models[0]!.name).toBe(
      'Filament budget 2026'
    )
    expect(json.stdout + text.stdout + text.stderr).not.toContain(zebbra.user.password)
  }, 60_000)

  it('account exits 6 when the server is down and 5 with a hint when the sign-in is dead', async () => {
    const accounts = JSON.parse((await runCli(['accounts', '--json'], env)).stdout) as {
      id: string
      provider: string
    }[]
    const id = accounts.find((account) => account.provider === 'zebbra')!.id
    zebbra.server.faults.add({ path: '/user', fault: { kind: 'status', status: 503 }, times: 1 })
    expect((await runCli(['account', id], env)).code).toBe(ExitCode.Network)
    zebbra.server.faults.add({
      path: '/user',
      fault: {
        kind: 'status',
        status: 401,
        body: '{"detail":"Could not validate credentials"}',
        contentType: 'application/json'
      },
      times: 2
    })
    const dead = await runCli(['account', id], env)
    expect(dead.code).toBe(ExitCode.AuthFailed)
    expect(dead.stdout).toMatch(/sign in again/)
    expect(dead.stderr).toMatch(/printdock link zebbra --relink/)
  }, 60_000)

  it('message previews, needs --yes without a terminal, and sends JSON to a device', async () => {
    const cli = startCli(
      [
        'link',
        'octoblu',
        '--server',
        octoblu.baseUrl,
        '--client-secret',
        '-',
        '--redirect-uri',
        'http://127.0.0.1/printdock/callback',
        '--no-browser',
        '--json'
      ],
      env,
      octoblu.client.clientSecret + '\n'
    )
    const authorizationUrl = await cli.waitForLine(/^https?:\/\//)
    const callback = (await new HttpBrowser().follow(authorizationUrl, octoblu.baseUrl)).url
    const landing = await fetch(callback)
    expect(landing.status, `${callback}\n${await landing.text()}`).toBe(200)
    const linked = await cli.done
    expect(linked.code, linked.stderr).toBe(ExitCode.Ok)
    const { id } = JSON.parse(linked.stdout.slice(linked.stdout.indexOf('{'))) as { id: string }

    const page = await runCli(['account', id], env)
    expect(page.code, page.stderr).toBe(ExitCode.Ok)
    expect(page.stdout).toMatch(/Ender 3 V2 — printer, offline, last seen/)
    expect(page.stdout).toMatch(/Prusa MK4 — printer, online/)

    const bad = await runCli(['message', id, 'Prusa MK4', '--data', '{nope', '--yes'], env)
    expect(bad.code).toBe(ExitCode.Usage)
    expect(bad.stderr).toMatch(/not valid JSON/)

    const unconfirmed = await runCli(
      ['message', id, 'Prusa MK4', '--data', '{"command":"pause"}'],
      env
    )
    expect(unconfirmed.code).toBe(ExitCode.NeedsConfirmation)
    expect(octoblu.messages).toHaveLength(0)

    const sent = await runCli(
      ['message', id, 'Prusa MK4', '--data', '{"command":"pause"}', '--topic', 'control', '--yes'],
      env
    )
    expect(sent.code, sent.stderr).toBe(ExitCode.Ok)
    expect(sent.stdout).toMatch(/Sent the message to Prusa MK4/)
    expect(octoblu.messages).toEqual([
      expect.objectContaining({
        devices: [octoblu.printers[0]],
        topic: 'control',
        payload: { command: 'pause' }
      })
    ])
  }, 90_000)
})
