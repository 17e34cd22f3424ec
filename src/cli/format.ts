import type { AccountSummary } from '../shared/models/account'

const STATE_WORDS: Record<AccountSummary['state'], string> = {
  linked: 'linked',
  linking: 'linking',
  'needs-relink': 'needs re-link',
  unreachable: 'unreachable'
}

/** One account in a few human lines (summaries only: there is no secret to leak). */
function describeAccount(account: AccountSummary): string {
  const lines = [
    `${account.displayName} — ${account.providerLabel} (${account.serverOrigin})`,
    `  state:   ${STATE_WORDS[account.state]}${account.stateDetail ? ` — ${account.stateDetail}` : ''}`,
    `  id:      ${account.id}`,
    `  linked:  ${account.linkedAt}`
  ]
  for (const field of account.identity) lines.push(`  ${field.label.toLowerCase()}: ${field.value}`)
  return lines.join('\n')
}

/** The account list as text. */
export function describeAccounts(accounts: AccountSummary[]): string {
  if (accounts.length === 0) return 'No linked accounts. Link one with: printdock link <provider>'
  return accounts.map(describeAccount).join('\n\n')
}
