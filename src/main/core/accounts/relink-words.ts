/**
 * What an account says when it turns to needs-relink. These words reach the UI and the CLI as the
 * account's `stateDetail` and as AppError messages.
 */
export const RELINK_WORDS = {
  rejected: 'The server no longer accepts the saved sign-in. Link the account again.',
  expired: 'The sign-in has expired. Sign in again.',
  vaultRead: (where: string) =>
    `Printdock could not read this account's saved sign-in from ${where}. Link the account again.`,
  vaultEmpty: 'The saved sign-in for this account is missing. Link the account again.',
  vaultWrite: (where: string) =>
    `Printdock could not save the renewed sign-in to ${where}. Link the account again.`
}
