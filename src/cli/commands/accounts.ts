import { Command } from 'commander'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { describeAccounts } from '../format'

/** `printdock accounts [--json]`: the linked accounts and their state (summaries only). */
export function accountsCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('accounts')
    .description('List linked accounts and their state (never tokens).')
    .option('--json', 'print the accounts as a JSON array of summaries')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { json?: boolean }) => {
      const { accountService: service } = await context.open()
      const accounts = await service.listAccounts()
      context.io.stdout.write(
        options.json ? JSON.stringify(accounts, null, 2) + '\n' : describeAccounts(accounts) + '\n'
      )
      done(ExitCode.Ok)
    })
}
