import { Command, Option } from 'commander'
import type {
  PasswordSignInInput,
  PrintdockAccountService,
  StartLinkInput
} from '../../main/core/accounts'
import { AppError } from '../../main/core/errors'
import { getProfile } from '../../main/core/providers/profiles'
import type { AccountSummary } from '../../shared/models/account'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { createPrintingBrowser, createSystemBrowser } from '../system-browser'
import { linkInBrowser } from './link-browser'
import { LINK_HELP, MEMORY_LINK_WARNING, NO_KEYCHAIN } from './link-help'
import { PROFILE_KEYS, resolveProfileKey } from './link-profile'
import { readPassword, secretValue } from './link-secrets'

// The messages and the profile rule are part of this command's interface (scripts and tests read them).
export { MEMORY_LINK_WARNING, NO_KEYCHAIN } from './link-help'
export { resolveProfileKey } from './link-profile'

/** Options of `printdock link`, as commander parses them. */
interface LinkOptions {
  server?: string
  clientId?: string
  clientSecret?: string
  redirectUri?: string
  browser: boolean
  token?: string
  apiKey?: string
  username?: string
  passwordStdin?: boolean
  register?: boolean
  email?: string
  firstName?: string
  lastName?: string
  workspace?: string
  inviteCode?: string
  authorizeUrl?: string
  tokenUrl?: string
  revokeUrl?: string
  scopes?: string
  relink?: string
  timeout?: number
  json?: boolean
  allowMemory?: boolean
}

/** Prints the linked account: as JSON, or in a few lines naming where the sign-in is kept. */
function writeAccount(
  context: CliContext,
  account: AccountSummary,
  json: boolean,
  where: string
): void {
  if (json) {
    context.io.stdout.write(JSON.stringify(account, null, 2) + '\n')
    return
  }
  context.io.stdout.write(
    `Linked ${account.displayName} — ${account.providerLabel} (${account.serverOrigin}).\n` +
      `Account id: ${account.id}\n` +
      `Sign-in saved in: ${where}\n`
  )
}

/** `printdock link <provider> …`. */
export function linkCommand(context: CliContext, done: (code: ExitCodeValue) => void): Command {
  return new Command('link')
    .description(
      'Link an account: sign in through your browser, or with a token, API key or password.'
    )
    .argument('<provider>', `provider profile: obico, ${PROFILE_KEYS.join(', ')}`)
    .option('--server <url>', 'server address (self-hosted servers, generic OAuth)')
    .option('--client-id <id>', 'OAuth client ID registered for Printdock on that server')
    .option(
      '--client-secret <secret>',
      'client secret, for providers that require one ("-": stdin)'
    )
    .option(
      '--redirect-uri <uri>',
      'loopback redirect registered with the server, e.g. http://127.0.0.1/printdock/callback'
    )
    .option('--no-browser', 'print the sign-in address instead of opening a browser')
    .option('--token <token>', 'link with an administrator-issued access token ("-": stdin)')
    .option('--api-key <key>', 'link with an API key (Makeprintable) ("-": stdin)')
    .option('--username <name>', 'sign in with a username and password (Zebbra)')
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .option('--register', 'create the account first (Zebbra), then sign in')
    .option('--email <email>', 'with --register: email address')
    .option('--first-name <name>', 'with --register: first name')
    .option('--last-name <name>', 'with --register: last name')
    .option('--workspace <name>', 'with --register: name of a new workspace')
    .option('--invite-code <code>', 'with --register: join a workspace with an invite code')
    .option('--authorize-url <url>', 'generic OAuth: authorization endpoint')
    .option('--token-url <url>', 'generic OAuth: token endpoint')
    .option('--revoke-url <url>', 'generic OAuth: revocation endpoint (RFC 7009)')
    .option('--scopes <scopes>', 'generic OAuth: space-separated scopes')
    .option('--relink <account>', 'sign in again for an existing account (its id)')
    .addOption(
      new Option(
        '--timeout <seconds>',
        'give up waiting for the browser after this long'
      ).argParser((value: string) => {
        const seconds = Number(value)
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
          throw new CliError(
            ExitCode.Usage,
            '--timeout takes a number of seconds between 1 and 3600.'
          )
        }
        return seconds
      })
    )
    .option('--json', 'print the linked account as JSON')
    .option(
      '--allow-memory',
      'without a keychain, link anyway for this command only (to check that a sign-in works)'
    )
    .addHelpText('after', LINK_HELP + '\n' + EXIT_CODES_HELP)
    .action(async (provider: string, options: LinkOptions) => {
      const { io } = context
      const profileKey = resolveProfileKey(provider, options.server)
      const ways = [
        options.token !== undefined,
        options.apiKey !== undefined,
        options.username !== undefined
      ]
      if (ways.filter(Boolean).length > 1) {
        throw new CliError(ExitCode.Usage, 'Use only one of --token, --api-key and --username.')
      }
      const generic =
        options.authorizeUrl || options.tokenUrl
          ? {
              authorizeUrl: requireOption(options.authorizeUrl, '--authorize-url'),
              tokenUrl: requireOption(options.tokenUrl, '--token-url'),
              revokeUrl: options.revokeUrl,
              scopes: options.scopes
            }
          : undefined
      if (profileKey === 'generic' && !generic && ways.every((way) => !way)) {
        throw new CliError(
          ExitCode.Usage,
          'The generic provider needs --authorize-url and --token-url.'
        )
      }
      const browser = options.browser
        ? createSystemBrowser({ write: (text) => io.stdout.write(text) })
        : createPrintingBrowser((text) => io.stdout.write(text))
      const { accountService: service, vault } = await context.open({
        browser,
        linkTimeoutMs: options.timeout ? Math.round(options.timeout * 1000) : undefined
      })
      // Checked before any secret is read or any browser opens: a link that ends with this
      // command is worth nothing to the app, so ask for the keychain instead of pretending.
      const memoryOnly = vault.kind === 'memory'
      if (memoryOnly && !options.allowMemory) throw new CliError(ExitCode.Failure, NO_KEYCHAIN)

      const server = options.server ?? getProfile(profileKey)?.server.defaultUrl
      let account: AccountSummary
      try {
        account = await linkBy(context, service, profileKey, options, generic)
      } catch (error) {
        throw server ? namingTheServer(error, server) : error
      }
      writeAccount(context, account, options.json === true, vault.description)
      if (memoryOnly) io.stderr.write(`${MEMORY_LINK_WARNING}\n`)
      done(ExitCode.Ok)
    })
}

/** Links the way the options ask for: a pasted secret, a password, or the browser. */
async function linkBy(
  context: CliContext,
  service: PrintdockAccountService,
  profileKey: string,
  options: LinkOptions,
  generic: StartLinkInput['generic']
): Promise<AccountSummary> {
  const { io } = context
  if (options.token !== undefined || options.apiKey !== undefined) {
    const secret = await secretValue(io, options.token ?? options.apiKey)
    return service.linkWithSecret({
      profileKey,
      serverUrl: options.server,
      kind: options.token !== undefined ? 'access-token' : 'api-key',
      secret: secret ?? ''
    })
  }
  if (options.username !== undefined) {
    const password = await readPassword(io, options.username, options.passwordStdin === true)
    const request: PasswordSignInInput = {
      profileKey,
      serverUrl: options.server,
      username: options.username,
      password
    }
    if (options.register) {
      request.register = {
        email: options.email,
        firstName: options.firstName,
        lastName: options.lastName,
        workspaceName: options.workspace,
        inviteCode: options.inviteCode
      }
    }
    return service.signInWithPassword(request)
  }
  return linkInBrowser(io, service, {
    profileKey,
    serverUrl: options.server,
    clientId: options.clientId,
    clientSecret: await secretValue(io, options.clientSecret),
    redirectUri: options.redirectUri,
    accountId: options.relink,
    generic
  })
}

/**
 * "Could not reach the server" is only useful with the address that failed: a typo in --server
 * or a server that is down look the same otherwise.
 */
export function namingTheServer(error: unknown, server: string): unknown {
  if (!(error instanceof AppError) || !error.code.startsWith('network/')) return error
  // Already named (the reachability check before a browser link): said once is enough.
  if (error.server) return error
  const message = /\b[Tt]he server\b/.test(error.message)
    ? error.message.replace(/\b([Tt]he server)\b/, `$1 at ${server}`)
    : `${error.message} (server: ${server})`
  return new AppError(error.code, message, { retryable: error.retryable, cause: error.cause })
}

/** A value the generic provider cannot do without. */
function requireOption(value: string | undefined, name: string): string {
  if (!value) throw new CliError(ExitCode.Usage, `The generic provider needs ${name} too.`)
  return value
}
