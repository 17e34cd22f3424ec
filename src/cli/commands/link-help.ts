/**
 * The words of `printdock link`: the help text after the option list, and the messages about
 * linking without a keychain.
 */
import { PROVIDER_PROFILES } from '../../main/core/providers/profiles'

/** Providers, ways to link, the keychain rule and examples, printed after the option list. */
export const LINK_HELP = `
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
