import { Command, Option } from 'commander'
import { createInterface } from 'node:readline'
import type {
  PasswordSignInInput,
  PrintdockAccountService,
  StartLinkInput
} from '../../main/core/accounts'
import { AppError } from '../../main/core/errors'
import { PROVIDER_PROFILES } from '../../main/core/providers/profiles'
import type { AccountSummary } from '../../shared/models/account'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { canAsk, readAllStdin, readHidden, type CliIo } from '../prompt'
import { createPrintingBrowser, createSystemBrowser } from '../system-browser'

/** Options of `printdock link`, as commander parses them. */
export interface LinkOptions {
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

const PROFILE_KEYS = PROVIDER_PROFILES.map((profile) => profile.key)

/** `obico` is a convenience: the cloud without --server, a self-hosted server with one. */
export function resolveProfileKey(provider: string, server: string | undefined): string {
  const key = provider.trim().toLowerCase()
  if (key === 'obico') return server ? 'obico-self-hosted' : 'obico-cloud'
  if (!PROFILE_KEYS.includes(key)) {
    throw new CliError(
      ExitCode.Usage,
      `Unknown provider "${provider}". Choose one of: obico, ${PROFILE_KEYS.join(', ')}.`
    )
  }
  return key
}

const PROVIDERS_HELP = `
Providers:
${PROVIDER_PROFILES.map((profile) => `  ${profile.key.padEnd(18)} ${profile.label}`).join('\n')}
  ${'obico'.padEnd(18)} obico-cloud, or obico-self-hosted when --server is given

Ways to link:
  browser (default)   opens your browser; Printdock listens on 127.0.0.1 for the answer
  --token <token>     an access token an administrator issued (Obico self-hosted, …)
  --api-key <key>     a Makeprintable API key
  --username <name>   Zebbra: the password is asked on the terminal, or read with --password-stdin
  Give "-" as the token, key or client secret to read it from stdin (keeps it out of "ps").

Without a keychain:
  A link is saved in your system keychain (Secret Service on Linux, Keychain on macOS, Credential
  Manager on Windows). When Printdock can't reach one (SSH session, no GNOME Keyring or KeePassXC
  running) it refuses to link, with exit code 1: the sign-in would be forgotten the moment this
  command ends and the account would then show "needs re-link" in the app too. See "Printdock can't
  reach your system keychain" under Troubleshooting in the README, or link in the Printdock app.
  --allow-memory links anyway, for this one command only: useful to check that a token, key or
  sign-in works, not to keep an account.

Examples:
  printdock link obico-cloud
  printdock link obico-self-hosted --server http://print-farm.local:3334 --client-id printdock-desktop
  printdock link obico-self-hosted --server http://print-farm.local:3334 --token - < token.txt
  printdock link makeprintable --api-key -
  printdock link zebbra --username maker --password-stdin < password.txt
  printdock link generic --authorize-url https://id.example/authorize --token-url https://id.example/token --client-id my-app`

/** Why `link` refuses without a keychain, and what to do about it. */
export const NO_KEYCHAIN =
  "Nothing was linked: Printdock can't reach your system keychain, so the sign-in would be " +
  'forgotten as soon as this command ends. Start and unlock a Secret Service (GNOME Keyring, ' +
  "KeePassXC or KWallet's bridge) in this session, see \"Printdock can't reach your system " +
  'keychain" under Troubleshooting in the README, or link in the Printdock app. To check a ' +
  'sign-in anyway, add --allow-memory.'

/** Said after a link made with --allow-memory. */
export const MEMORY_LINK_WARNING =
  'This sign-in lasts for this command only: without a keychain Printdock cannot keep it, and ' +
  'the account will show "needs re-link" from now on.'

/** Reads a secret option: "-" means stdin; stdin can serve only one of them. */
async function secretValue(
  io: CliIo,
  value: string | undefined,
  used: { stdin: boolean }
): Promise<string | undefined> {
  if (value !== '-') return value
  if (used.stdin) throw new CliError(ExitCode.Usage, 'Only one value can be read from stdin.')
  used.stdin = true
  return readAllStdin(io)
}

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

/**
 * Runs a browser sign-in: opens (or prints) the authorization URL, waits for the loopback
 * redirect, and lets a person paste the callback address instead. Ctrl+C cancels.
 */
async function linkInBrowser(
  context: CliContext,
  service: PrintdockAccountService,
  request: StartLinkInput
): Promise<AccountSummary> {
  const { io } = context
  const pending = await service.startLink(request)
  const minutes = Math.max(
    1,
    Math.round((Date.parse(pending.expiresAt) - Date.parse(pending.startedAt)) / 60_000)
  )
  io.stderr.write(
    `Waiting for the sign-in to finish in your browser (up to ${minutes} min). Press Ctrl+C to cancel.\n`
  )
  const cancel = () => service.cancelLink(pending.attemptId)
  process.once('SIGINT', cancel)
  process.once('SIGTERM', cancel)
  let paste: ReturnType<typeof createInterface> | undefined
  if (canAsk(io)) {
    // The manual fallback (oauth-and-secrets.md §3.6, the Figma lesson).
    io.stderr.write(
      'If the browser cannot reach Printdock, paste the address it ended on here and press Enter.\n'
    )
    paste = createInterface({ input: io.stdin, terminal: false })
    paste.on('line', (line) => {
      if (!line.trim()) return
      service.completeLink(line.trim()).catch((error: unknown) => {
        if (error instanceof AppError) io.stderr.write(`${error.message}\n`)
      })
    })
  }
  try {
    return await service.waitForLink(pending.attemptId)
  } finally {
    process.removeListener('SIGINT', cancel)
    process.removeListener('SIGTERM', cancel)
    paste?.close()
  }
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
    .addHelpText('after', PROVIDERS_HELP + '\n' + EXIT_CODES_HELP)
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
      const used = { stdin: false }
      const browser = options.browser
        ? createSystemBrowser({ write: (text) => io.stdout.write(text) })
        : createPrintingBrowser((text) => io.stdout.write(text))
      const { service, vault } = await context.open({
        browser,
        linkTimeoutMs: options.timeout ? Math.round(options.timeout * 1000) : undefined
      })
      // Checked before any secret is read or any browser opens: a link that ends with this
      // command is worth nothing to the app, so ask for the keychain instead of pretending.
      const memoryOnly = vault.kind === 'memory'
      if (memoryOnly && !options.allowMemory) throw new CliError(ExitCode.Failure, NO_KEYCHAIN)

      let account: AccountSummary
      if (options.token !== undefined || options.apiKey !== undefined) {
        const secret = await secretValue(io, options.token ?? options.apiKey, used)
        account = await service.linkWithSecret({
          profileKey,
          serverUrl: options.server,
          kind: options.token !== undefined ? 'access-token' : 'api-key',
          secret: secret ?? ''
        })
      } else if (options.username !== undefined) {
        const password = options.passwordStdin
          ? await readAllStdin(io)
          : canAsk(io)
            ? await readHidden(io, `Password for ${options.username}: `)
            : undefined
        if (!password) {
          throw new CliError(
            ExitCode.Usage,
            'No password: run on a terminal to type it, or pass --password-stdin.'
          )
        }
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
        account = await service.signInWithPassword(request)
      } else {
        account = await linkInBrowser(context, service, {
          profileKey,
          serverUrl: options.server,
          clientId: options.clientId,
          clientSecret: await secretValue(io, options.clientSecret, used),
          redirectUri: options.redirectUri,
          accountId: options.relink,
          generic
        })
      }
      writeAccount(context, account, options.json === true, vault.description)
      if (memoryOnly) io.stderr.write(`${MEMORY_LINK_WARNING}\n`)
      done(ExitCode.Ok)
    })
}

function requireOption(value: string | undefined, name: string): string {
  if (!value) throw new CliError(ExitCode.Usage, `The generic provider needs ${name} too.`)
  return value
}
