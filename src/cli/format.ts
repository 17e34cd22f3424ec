import type { AccountSummary } from '../shared/models/account'

const STATE_WORDS: Record<AccountSummary['state'], string> = {
  linked: 'linked',
  linking: 'linking',
  'needs-relink': 'needs re-link',
  unreachable: 'unreachable'
}

/** A date-time in the user's locale and time zone, as the app shows it; raw text if unparsable. */
export function formatWhen(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** One account in a few human lines, values in one column (summaries only: no secret to leak). */
function describeAccount(account: AccountSummary): string {
  const fields: [string, string][] = [
    [
      'state',
      `${STATE_WORDS[account.state]}${account.stateDetail ? ` — ${account.stateDetail}` : ''}`
    ],
    ['id', account.id],
    ['linked', formatWhen(account.linkedAt)],
    ...account.identity.map((field): [string, string] => [field.label.toLowerCase(), field.value])
  ]
  const width = Math.max(...fields.map(([label]) => label.length)) + 1
  return [
    `${account.displayName} — ${account.providerLabel} (${account.serverOrigin})`,
    ...fields.map(([label, value]) => `  ${`${label}:`.padEnd(width)}  ${value}`)
  ].join('\n')
}

/** The account list as text. */
export function describeAccounts(accounts: AccountSummary[]): string {
  if (accounts.length === 0) return 'No linked accounts. Link one with: printdock link <provider>'
  return accounts.map(describeAccount).join('\n\n')
}
