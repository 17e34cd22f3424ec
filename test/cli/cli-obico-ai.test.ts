import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { startObicoFake, type ObicoFake } from '../fakes/obico'
import { provideSecretService } from '../unit/core/vault/secret-service-fixture'
import { runCli } from './cli-process'

/**
 * `printdock ask`, `analyze-plate` and `prints --prediction` as processes against the Obico fake
 * (issue 12). The account is linked once with an admin token through the real keychain.
 */
const hasSecretTool = spawnSync('sh', ['-c', 'command -v secret-tool']).status === 0
const provided = hasSecretTool ? await provideSecretService() : { fixture: undefined }
const secretService = provided.fixture

describe.skipIf(!secretService)('printdock ask, analyze-plate, prints --prediction', () => {
  let fake: ObicoFake
  let home: string
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    fake = await startObicoFake()
    home = mkdtempSync(join(tmpdir(), 'printdock-cli-ai-'))
    env = { ...secretService!.env, PRINTDOCK_HOME: join(home, 'data'), LANG: 'en_US.UTF-8' }
    const token = fake.createAdminToken(fake.users[0].id)
    const linked = await runCli(
      ['link', 'obico-self-hosted', '--server', fake.baseUrl, '--token', '-', '--json'],
      env,
      token + '\n'
    )
    expect(linked.code, linked.stderr).toBe(ExitCode.Ok)
  }, 60_000)
  afterAll(async () => {
    await fake?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    await secretService?.stop()
  })
  beforeEach(() => {
    fake.jusprin.setEnabled(true)
    fake.jusprin.setCredits(1, -1)
  })

  it('asks, prints the reply, and continues the chat with --chat', async () => {
    const first = await runCli(['ask', 'Why is there stringing?', '--json'], env)
    expect(first.code, first.stderr).toBe(ExitCode.Ok)
    const parsed = JSON.parse(first.stdout) as { chatId: number; reply: { text: string } }
    expect(parsed.reply.text).toContain('Stringing')
    const next = await runCli(
      ['ask', 'Please orient the models', '--chat', String(parsed.chatId)],
      env
    )
    expect(next.code, next.stderr).toBe(ExitCode.Ok)
    expect(next.stdout).toContain('Suggested (not done by Printdock): Auto-orient all models')
    expect(next.stderr).toContain(`Chat ${parsed.chatId}`)
    const stored = fake.jusprin.chats(1).find((c) => c.id === parsed.chatId)!
    expect(JSON.parse(stored.messages)).toHaveLength(4)
    expect(fake.jusprin.calls.at(-1)?.lang).toBe('en-US')
  }, 60_000)

  it('exits 13 with the plain words when credits are used up, sending nothing', async () => {
    fake.jusprin.setCredits(1, 3, 3)
    const before = fake.jusprin.calls.length
    const run = await runCli(['ask', 'hello'], env)
    expect(run.code).toBe(ExitCode.NoCredits)
    expect(run.stderr).toContain('Monthly AI credit limit exceeded')
    expect(fake.jusprin.calls.length).toBe(before)
  }, 30_000)

  it('exits 14 on a server without JusPrin', async () => {
    fake.jusprin.setEnabled(false)
    const run = await runCli(['ask', 'hello'], env)
    expect(run.code).toBe(ExitCode.NoAssistant)
    expect(run.stderr).toMatch(/does not have the JusPrin assistant/)
  }, 30_000)

  it("analyses a printer's snapshot and a picture file, saying it costs a credit", async () => {
    const run = await runCli(['analyze-plate', 'Prusa MK3S'], env)
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect(run.stderr).toContain('this uses one AI credit')
    expect(run.stdout).toContain('Suggested printing method: Print flat side down')
    const picture = join(home, 'plate.png')
    writeFileSync(picture, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))
    const file = await runCli(['analyze-plate', picture, '--json'], env)
    expect(file.code, file.stderr).toBe(ExitCode.Ok)
    expect(JSON.parse(file.stdout)).toMatchObject({ suggestedPrintingMethod: expect.any(String) })
    expect(file.stdout).not.toContain('base64')
    const notImage = join(home, 'notes.txt')
    writeFileSync(notImage, 'hello')
    expect((await runCli(['analyze-plate', notImage], env)).code).toBe(ExitCode.Usage)
  }, 60_000)

  it('prints --prediction: peak and time above each band for prints with data', async () => {
    const run = await runCli(['prints', '--prediction'], env)
    expect(run.code, run.stderr).toBe(ExitCode.Ok)
    expect(run.stdout).toMatch(
      /phone stand\.gcode: peak 0\.\d\d at \d\d:\d\d:\d\d UTC; above 0\.33 \(fishy\) for \d+ min, above 0\.66 \(failing\) for \d+ min/
    )
    const json = await runCli(['prints', '--prediction', '--json'], env)
    const prints = JSON.parse(json.stdout) as Array<{ prediction: { status: string } | null }>
    expect(prints.filter((p) => p.prediction?.status === 'ready')).toHaveLength(1)
  }, 60_000)
})
