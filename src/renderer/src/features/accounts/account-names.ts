/**
 * How an account is named on screen, in toasts and in dialogs, so every place says it the same
 * way: no host said twice, no brackets inside brackets, and look-alike accounts told apart.
 *
 * Main's `providerLabel` carries the host for accounts on a server other than the provider's own
 * ("Obico (print-farm.local:3334)"); the server is shown once, on its own, so the label loses it.
 */
import type { AccountSummary } from '@shared/models/account'

/** The server as a maker reads it: the host, with `http://` kept as the sign it is not encrypted. */
export function serverText(origin: string): string {
  try {
    const url = new URL(origin)
    return url.protocol === 'https:' ? url.host : `${url.protocol}//${url.host}`
  } catch {
    return origin
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}

/** The provider's name without the host main adds for servers other than the provider's own. */
export function providerName(
  account: Pick<AccountSummary, 'providerLabel' | 'serverOrigin'>
): string {
  const host = hostOf(account.serverOrigin)
  const suffix = host ? ` (${host})` : undefined
  return suffix && account.providerLabel.endsWith(suffix)
    ? account.providerLabel.slice(0, -suffix.length)
    : account.providerLabel
}

/** True when the provider label names the server by itself ("Obico Cloud", "Makeprintable"). */
function labelNamesServer(
  account: Pick<AccountSummary, 'providerLabel' | 'serverOrigin'>
): boolean {
  return providerName(account) === account.providerLabel
}

/**
 * Where the account lives, as one phrase for sentences: "Obico Cloud", "Obico at
 * print-farm.local:3334", "the demo Obico server on this computer".
 */
export function accountPlace(
  account: Pick<AccountSummary, 'providerLabel' | 'serverOrigin' | 'demo'>
): string {
  const name = providerName(account)
  if (account.demo) return `the demo ${name} server on this computer`
  if (labelNamesServer(account)) return name
  return `${name} at ${serverText(account.serverOrigin)}`
}

/** An account in a sentence: "maker@example.com at Obico Cloud". */
export function accountInSentence(
  account: Pick<AccountSummary, 'displayName' | 'providerLabel' | 'serverOrigin' | 'demo'>
): string {
  return `${account.displayName} at ${accountPlace(account)}`
}

/**
 * Ids of accounts whose display name another account also has: these show their server next to
 * the name, so two "maker@example.com" rows can be told apart at a glance.
 */
export function lookAlikeIds(accounts: readonly AccountSummary[]): Set<string> {
  const byName = new Map<string, string[]>()
  for (const account of accounts) {
    const key = account.displayName.trim().toLowerCase()
    byName.set(key, [...(byName.get(key) ?? []), account.id])
  }
  return new Set([...byName.values()].filter((ids) => ids.length > 1).flat())
}
