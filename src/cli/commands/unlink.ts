import { Command } from 'commander'
import type { AccountSummary } from '../../shared/models/account'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { canAsk, confirm } from '../prompt'

/**
 * Finds the account the user meant: its exact id, else the one account whose display name
 * matches or whose id starts with the text.
 */
export function findAccount(accounts: AccountSummary[], wanted: string): AccountSummary {
  const exact = accounts.find((account) => account.id === wanted)
  if (exact) return exact
  const named = accounts.filter((account) => account.displayName === wanted)
  const prefixed = accounts.filter((account) => account.id.startsWith(wanted))
  const matches = named.length > 0 ? named : prefixed
  if (matches.length === 1) return matches[0]
  if (matches.length === 0) {
    throw new CliError(
      ExitCode.Failure,
      `No linked account matches "${wanted}". See: printdock accounts`
    )
  }
  throw new CliError(
    ExitCode.Usage,
    `"${wanted}" matches ${matches.length} accounts; give the full id:\n` +
      matches.map((account) => `  ${account.id}`).join('\n')
  )
}

/** `printdock unlink <account> [--yes]`: revokes at the provider where it can, then forgets it. */
export function unlinkCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('unlink')
    .description(
      'Unlink an account: revoke the sign-in at the provider where it can, then delete the saved secret and the account.'
    )
    .argument('<account>', 'account id (see printdock accounts), or its display name if unique')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (wanted: string, options: { yes?: boolean; json?: boolean }) => {
      const { io } = context
      const { accountService: service } = await context.open()
      const account = findAccount(await service.listAccounts(), wanted)
      if (!options.yes) {
        if (!canAsk(io)) {
          throw new CliError(
            ExitCode.NeedsConfirmation,
            `Unlinking ${account.displayName} needs confirmation, and there is no terminal to ask on. Add --yes to unlink it.`
          )
        }
        const sure = await confirm(
          io,
          `Unlink ${account.displayName} (${account.providerLabel}, ${account.serverOrigin})?`
        )
        if (!sure) {
          io.stderr.write('Nothing was unlinked.\n')
          done(ExitCode.Cancelled)
          return
        }
      }
      const result = await service.unlink(account.id)
      if (options.json) {
        io.stdout.write(JSON.stringify({ accountId: account.id, ...result }) + '\n')
      } else {
        io.stdout.write(`${unlinkedText(account, result.revokedAtProvider)}\n`)
      }
      done(ExitCode.Ok)
    })
}

/** What `unlink` says happened at the provider, in the words that fit how the account was linked. */
export function unlinkedText(account: AccountSummary, revokedAtProvider: boolean): string {
  const provider = account.providerLabel
  if (revokedAtProvider) return `Unlinked ${account.displayName}. ${provider} revoked the sign-in.`
  if (account.credential === 'pasted-token' || account.credential === 'api-key') {
    const what = account.credential === 'api-key' ? 'an API key' : 'a token'
    return (
      `Unlinked ${account.displayName} from Printdock. It was linked with ${what} you pasted, ` +
      `so there is nothing to revoke at ${provider}; that ${what.replace(/^an? /, '')} still ` +
      `works until you delete it at ${provider}.`
    )
  }
  return (
    `Unlinked ${account.displayName} from Printdock. ${provider} could not revoke the sign-in ` +
    `(it may not offer that); remove Printdock's access there if you no longer need it.`
  )
}
