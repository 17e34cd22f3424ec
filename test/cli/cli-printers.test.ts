import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { startObicoFake, type ObicoFake } from '../fakes/obico'
import { provideSecretService } from '../unit/core/vault/secret-service-fixture'
import { runCli, startCli } from './cli-process'

/**
 * The printer commands as processes against the Obico fake (real time, agent delay 300 ms). The
 * account is linked once with an admin token; later processes find it through the data folder
 * and the real keychain (gnome-keyring over D-Bus), as the app would.
 */
const hasSecretTool = spawnSync('sh', ['-c', 'command -v secret-tool']).status === 0
const provided = hasSecretTool ? await provideSecretService() : { fixture: undefined }
const secretService = provided.fixture

describe.skipIf(!secretService)(
  'printdock printers, watch, pause/resume/cancel, alerts, prints',
  () => {
    let fake: ObicoFake
    let home: string
    let env: NodeJS.ProcessEnv
    let tokens: string[]

    beforeAll(async () => {
      fake = await startObicoFake({ agentBehaviour: { delayMs: 300 } })
      home = mkdtempSync(join(tmpdir(), 'printdock-cli-printers-'))
      env = { ...secretService!.env, PRINTDOCK_HOME: join(home, 'data') }
      const token = fake.createAdminToken(fake.users[0].id)
      const linked = await runCli(
        ['link', 'obico-self-hosted', '--server', fake.baseUrl, '--token', '-', '--json'],
        env,
        token + '\n'
      )
      expect(linked.code, linked.stderr).toBe(ExitCode.Ok)
      tokens = fake.printers.list().map((printer) => String(printer.auth_token))
    }, 60_000)
    afterAll(async () => {
      await fake?.close()
      if (home) rmSync(home, { recursive: true, force: true })
      await secretService?.stop()
    })

    const noSecrets = (text: string) => {
      for (const token of tokens) expect(text).not.toContain(token)
    }

    it('printers: a table with state, progress, time left and temperatures; --json without secrets', async () => {
      const run = await runCli(['printers'], env)
      expect(run.code, run.stderr).toBe(ExitCode.Ok)
      expect(run.stdout).toMatch(/^PRINTER\s+STATE\s+PROGRESS\s+TIME LEFT\s+TEMPERATURES/)
      expect(run.stdout).toMatch(/Prusa MK3S\s+printing\s+\d+%\s+\d+ h \d+ min\s+tool 2\d\d\/215°C/)
      expect(run.stdout).toMatch(/Ender 3 V2\s+offline/)
      const json = await runCli(['printers', '--json'], env)
      const parsed = JSON.parse(json.stdout) as { printers: { name: string; state: string }[] }
      expect(parsed.printers.map((p) => p.state).sort()).toEqual(
        ['disconnected', 'idle', 'offline', 'paused', 'printing'].sort()
      )
      noSecrets(run.stdout + run.stderr + json.stdout + json.stderr)
      expect(json.stdout).not.toContain('auth_token')
    }, 30_000)

    it('names a printer by name or id; an unknown one lists the names', async () => {
      const run = await runCli(['pause', 'Nope'], env)
      expect(run.code).toBe(ExitCode.Failure)
      expect(run.stderr).toContain('No printer "Nope". Printers: Prusa MK3S, Voron 2.4')
    }, 30_000)

    it('a name two printers share is refused with their ids', async () => {
      const id = fake.printers.add({ name: 'prusa mk3s', agent: 'octoprint_obico' })
      try {
        const run = await runCli(['pause', 'Prusa MK3S'], env)
        expect(run.code).toBe(ExitCode.Usage)
        expect(run.stderr).toContain('More than one printer is called "Prusa MK3S"')
        expect(run.stderr).toMatch(/#1\n/)
      } finally {
        fake.printers.get(id)!.deleted = Date.now()
      }
    }, 30_000)

    it('pause waits for the printer to confirm, then resume does too', async () => {
      const paused = await runCli(['pause', 'Prusa MK3S', '--wait', '20'], env)
      expect(paused.code, paused.stderr).toBe(ExitCode.Ok)
      expect(paused.stdout).toContain('Prusa MK3S: paused.')
      const resumed = await runCli(['resume', 'Prusa MK3S', '--wait', '20'], env)
      expect(resumed.code, resumed.stderr).toBe(ExitCode.Ok)
      expect(resumed.stdout).toContain('Prusa MK3S: resumed.')
    }, 60_000)

    it('pause exits 7 with a plain message when the agent never confirms', async () => {
      fake.printers.setAgentBehaviour(1, { mode: 'ignores' })
      try {
        const run = await runCli(['pause', 'Prusa MK3S', '--wait', '3'], env)
        expect(run.code).toBe(ExitCode.NotConfirmed)
        expect(run.stderr).toContain(
          'Prusa MK3S: The printer has not confirmed the pause. It may be offline.'
        )
        // Sent once: never retried.
        const pauses = fake.printers.published(1).filter((p) => p.frame.commands[0].cmd === 'pause')
        expect(pauses.at(-1)?.delivered).toBe(true)
      } finally {
        fake.printers.setAgentBehaviour(1, { mode: 'acts' })
      }
    }, 30_000)

    it('cancel needs --yes without a terminal and cancels nothing', async () => {
      const before = fake.printers.published(4).length
      const run = await runCli(['cancel', 'Prusa MINI'], env)
      expect(run.code).toBe(ExitCode.NeedsConfirmation)
      expect(run.stderr).toContain('Add --yes to cancel.')
      expect(fake.printers.published(4).length).toBe(before)
    }, 30_000)

    it('resume on an idle printer is refused in plain words', async () => {
      const run = await runCli(['resume', 'Voron 2.4', '--wait', '5'], env)
      expect(run.code).toBe(ExitCode.Failure)
      expect(run.stderr).toContain(
        'Voron 2.4 is not printing anything, so there was nothing to resume.'
      )
    }, 30_000)

    it('alerts lists an open failure alert; prints lists the history', async () => {
      fake.printers.startPrint(2, { filename: 'alerted.gcode', durationSeconds: 3600 })
      fake.printers.raiseFailureAlert(2, 0.9)
      const alerts = await runCli(['alerts', '--json'], env)
      expect(alerts.code, alerts.stderr).toBe(ExitCode.Ok)
      const parsed = JSON.parse(alerts.stdout) as { printer: string; fileName: string }[]
      expect(parsed.map((a) => [a.printer, a.fileName])).toEqual([['Voron 2.4', 'alerted.gcode']])
      const prints = await runCli(['prints', '--printer', 'Prusa MK3S'], env)
      expect(prints.code, prints.stderr).toBe(ExitCode.Ok)
      expect(prints.stdout).toMatch(/phone stand\.gcode\s+finished/)
      expect(prints.stdout).not.toContain('gridfinity') // another printer's print
      noSecrets(alerts.stdout + prints.stdout)
    }, 30_000)

    it('watch prints plain lines when stdout is not a terminal and stops on SIGTERM', async () => {
      const watch = startCli(['watch'], env)
      const line = await watch.waitForLine(/Prusa MK3S: printing/)
      expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T.* Prusa MK3S: printing [\d.]+%, .* left$/)
      watch.child.kill('SIGTERM')
      const done = await watch.done
      expect(done.code).toBe(ExitCode.Terminated)
    }, 30_000)

    it('--help documents the exit codes', async () => {
      const run = await runCli(['pause', '--help'], env)
      expect(run.stdout).toContain('7  a printer did not confirm the command in time')
    }, 30_000)
  }
)
