import { Command } from 'commander'
import type { AccountSummary } from '../../shared/models/account'
import { hasProviderPage, type ProviderPage } from '../../shared/models/provider-page'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { findAccount } from './unlink'
import { describePage } from './page-text'

/**
 * `printdock account <account> [--json]`: what the account's service holds for the user, read
 * now (issue 13): Octoblu devices and subscriptions, the Omniport profile, Zebbra workspaces and
 * models. The exit code says whether the read worked, so scripts can tell a dead token apart.
 */
export function accountCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('account')
    .description(
      'Show what a linked Octoblu, Omniport or Zebbra account holds (devices, profile, workspaces and models).'
    )
    .argument('<account>', 'account id (see printdock accounts), or its display name if unique')
    .option('--json', 'print the page as JSON (status, problem, data)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (wanted: string, options: { json?: boolean }) => {
      const { accountService, providerPages } = await context.open()
      const account = findAccount(await accountService.listAccounts(), wanted)
      if (!hasProviderPage(account.provider)) {
        throw new CliError(
          ExitCode.Usage,
          `${account.providerLabel} accounts have no page; try printdock accounts.`
        )
      }
      const { value: page } = await providerPages.read(account.id)
      const io = context.io
      if (options.json) {
        io.stdout.write(JSON.stringify(page, null, 2) + '\n')
      } else {
        const title = `${account.displayName} — ${account.providerLabel} (${account.serverOrigin})`
        io.stdout.write(describePage(title, page) + '\n')
        const hint = nextStep(page, account)
        if (hint) io.stderr.write(`${hint}\n`)
      }
      done(exitCodeFor(page))
    })
}

/** The exit code a page's status maps to (exit-codes.ts). */
export function exitCodeFor(page: ProviderPage): ExitCodeValue {
  switch (page.status) {
    case 'ready':
    case 'loading':
      return ExitCode.Ok
    case 'unreachable':
      return ExitCode.Network
    case 'needs-relink':
    case 'sign-in-needed':
      return ExitCode.AuthFailed
    default:
      return ExitCode.Failure
  }
}

/** What to run next for a dead token: sign in again in place (`link --relink`). */
function nextStep(page: ProviderPage, account: AccountSummary): string | undefined {
  if (page.status === 'sign-in-needed') {
    return `Sign in again with: printdock link zebbra --relink '${account.id}' --username <you>`
  }
  if (page.status === 'needs-relink') {
    return `Link it again with: printdock link ${account.provider} --relink '${account.id}'`
  }
  return undefined
}
