import { describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/cli-error'
import { findAccount } from '../../src/cli/commands/unlink'
import { resolveProfileKey } from '../../src/cli/commands/link'
import { ExitCode, exitCodeForError } from '../../src/cli/exit-codes'
import { openerCommand } from '../../src/cli/system-browser'
import type { AccountSummary } from '../../src/shared/models/account'

describe('openerCommand', () => {
  const url = 'https://app.obico.io/o/authorize/?a=1&state=x;rm -rf ~&b="q"'
  it.each([
    ['linux', 'xdg-open'],
    ['darwin', 'open'],
    ['win32', 'rundll32.exe']
  ] as const)('%s: %s with the URL as one argument, no shell', (platform, command) => {
    const [program, args] = openerCommand(url, platform)
    expect(program).toBe(command)
    expect(args[args.length - 1]).toBe(url)
    expect(program).not.toMatch(/^(sh|bash|cmd)/)
  })
})

describe('exitCodeForError', () => {
  it.each([
    ['auth/cancelled', ExitCode.Cancelled],
    ['auth/timed-out', ExitCode.Cancelled],
    ['operation/cancelled', ExitCode.Cancelled],
    ['auth/denied', ExitCode.AuthFailed],
    ['auth/invalid-credentials', ExitCode.AuthFailed],
    ['network/offline', ExitCode.Network],
    ['network/server-error', ExitCode.Network],
    ['network/too-large', ExitCode.Network],
    ['account/invalid-server-url', ExitCode.Usage],
    ['vault/read-failed', ExitCode.Failure],
    ['internal/unexpected', ExitCode.Failure]
  ] as const)('%s → %i', (code, exit) => {
    expect(exitCodeForError(code)).toBe(exit)
  })
})

describe('argument resolution', () => {
  const account = (id: string, displayName: string) => ({ id, displayName }) as AccountSummary
  const accounts = [
    account('obico|https://app.obico.io|1', 'maker@example.com'),
    account('obico|http://farm.local:3334|1', 'maker@example.com'),
    account('makeprintable|https://makeprintable.com|9', 'Maker')
  ]

  it('finds by id, unique display name or unique id prefix', () => {
    expect(findAccount(accounts, 'obico|http://farm.local:3334|1')).toBe(accounts[1])
    expect(findAccount(accounts, 'Maker')).toBe(accounts[2])
    expect(findAccount(accounts, 'makeprintable|')).toBe(accounts[2])
  })

  it('an ambiguous name is a usage error listing the ids; an unknown one a failure', () => {
    expect(() => findAccount(accounts, 'maker@example.com')).toThrow(
      expect.objectContaining({ exitCode: ExitCode.Usage }) as CliError
    )
    expect(() => findAccount(accounts, 'nobody')).toThrow(
      expect.objectContaining({ exitCode: ExitCode.Failure }) as CliError
    )
  })

  it('obico means the cloud without --server and self-hosted with it', () => {
    expect(resolveProfileKey('obico', undefined)).toBe('obico-cloud')
    expect(resolveProfileKey('OBICO', 'http://farm.local')).toBe('obico-self-hosted')
    expect(() => resolveProfileKey('octoprint', undefined)).toThrow(CliError)
  })
})
