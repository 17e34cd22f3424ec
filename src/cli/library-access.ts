/**
 * Which library a CLI command works on: a linked Obico account (from the keychain, as the app
 * uses it), or a token handed in through the environment for runs where the keychain cannot be
 * reached, such as a slicer's post-processing script started outside the desktop session.
 */
import { createAccountService } from '../main/core/accounts'
import { InMemoryAccountRegistry } from '../main/core/accounts/account-registry'
import { systemClock } from '../main/core/clock'
import { LibraryService } from '../main/core/library'
import { InMemoryTokenVault } from '../main/core/vault/token-vault'
import type { AccountSummary } from '../shared/models/account'
import { findAccount } from './commands/unlink'
import { CliError } from './cli-error'
import type { CliContext } from './context'
import { ExitCode } from './exit-codes'

/** The environment variable that carries an Obico access token. */
export const TOKEN_ENV = 'PRINTDOCK_TOKEN'
/** The server the token belongs to (default: Obico Cloud). */
export const SERVER_ENV = 'PRINTDOCK_SERVER'
const OBICO_CLOUD = 'https://app.obico.io'

/** Options every library command takes. */
export interface LibraryOptions {
  account?: string
  server?: string
}

/** A library bound to one account. */
export interface OpenLibrary {
  library: LibraryService
  accountId: string
  account: AccountSummary
}

/** Opens the library the options and the environment name. */
export async function openLibrary(
  context: CliContext,
  options: LibraryOptions
): Promise<OpenLibrary> {
  const token = context.env[TOKEN_ENV]?.trim()
  if (token) return openWithToken(context, token, options)
  const { library } = await context.open()
  const accounts = await library.accounts()
  if (accounts.length === 0) {
    throw new CliError(
      ExitCode.Failure,
      `No Obico account is linked. Link one with: printdock link obico-cloud (or obico-self-hosted), or set ${TOKEN_ENV} (and ${SERVER_ENV}) to an access token.`
    )
  }
  let account: AccountSummary
  if (options.account) {
    account = findAccount(accounts, options.account)
  } else if (options.server) {
    const origin = new URL(options.server).origin
    const matching = accounts.filter((a) => a.serverOrigin === origin)
    if (matching.length !== 1) {
      throw new CliError(
        ExitCode.Usage,
        matching.length === 0
          ? `No linked Obico account is on ${origin}. See: printdock accounts`
          : `${matching.length} linked accounts are on ${origin}; choose one with --account.`
      )
    }
    account = matching[0]
  } else if (accounts.length === 1) {
    account = accounts[0]
  } else {
    throw new CliError(
      ExitCode.Usage,
      `${accounts.length} Obico accounts are linked; choose one with --account:\n` +
        accounts.map((a) => `  ${a.id}  (${a.displayName})`).join('\n')
    )
  }
  return { library, accountId: account.id, account }
}

/**
 * A library on a token from the environment: kept in memory for this run only, never written to
 * the accounts file or the keychain. Says so on stderr, so a log shows where the sign-in came from.
 */
async function openWithToken(
  context: CliContext,
  token: string,
  options: LibraryOptions
): Promise<OpenLibrary> {
  const server = (options.server ?? context.env[SERVER_ENV]?.trim()) || OBICO_CLOUD
  let origin: string
  try {
    origin = new URL(server).origin
  } catch {
    throw new CliError(
      ExitCode.Usage,
      `${SERVER_ENV} or --server is not a server address: use something like https://obico.example.com.`
    )
  }
  const accountService = createAccountService({
    vault: new InMemoryTokenVault(),
    registry: new InMemoryAccountRegistry([]),
    browser: { open: async () => {} },
    clock: systemClock,
    logger: context.logger(),
    clientIds: {}
  })
  context.onDispose(() => accountService.dispose())
  context.io.stderr.write(
    `Note: using the access token from ${TOKEN_ENV} for ${origin} (the keychain and linked accounts are not used).\n`
  )
  const account = await accountService.linkWithSecret({
    profileKey: origin === OBICO_CLOUD ? 'obico-cloud' : 'obico-self-hosted',
    serverUrl: origin === OBICO_CLOUD ? undefined : origin,
    kind: 'access-token',
    secret: token
  })
  const library = new LibraryService({
    accountService,
    clock: systemClock,
    logger: context.logger()
  })
  context.onDispose(() => library.dispose())
  return { library, accountId: account.id, account }
}
