import { afterEach, describe, expect, it } from 'vitest'
import { describeWait } from '../../src/cli/commands/link-browser'
import { unlinkedText } from '../../src/cli/commands/unlink'
import { describeAccounts } from '../../src/cli/format'
import type { AccountSummary } from '../../src/shared/models/account'

const account = (overrides: Partial<AccountSummary> = {}): AccountSummary =>
  ({
    id: 'obico:https://app.obico.io#7',
    provider: 'obico',
    providerLabel: 'Obico',
    serverOrigin: 'https://app.obico.io',
    displayName: 'maker@example.com',
    identity: [
      { label: 'Email', value: 'maker@example.com' },
      { label: 'Username', value: 'maker' }
    ],
    credential: 'oauth',
    storage: 'keychain',
    linkedAt: '2026-01-01T00:00:00.000Z',
    state: 'linked',
    ...overrides
  }) as AccountSummary

describe('printdock accounts as text', () => {
  const originalTz = process.env.TZ
  afterEach(() => {
    process.env.TZ = originalTz
  })

  it('shows the link time in local time, as the app does, not the stored UTC text', () => {
    process.env.TZ = 'Asia/Kolkata'
    const text = describeAccounts([account()])
    expect(text).not.toContain('2026-01-01T00:00:00.000Z')
    // Midnight UTC is 5:30 in the morning in India.
    expect(text).toMatch(/linked:\s+\S.*2026.*5:30/)
  })

  it('puts every value of an account in one column', () => {
    const lines = describeAccounts([account()]).split('\n').slice(1)
    expect(lines.map((line) => line.split(':')[0]!.trim())).toEqual([
      'state',
      'id',
      'linked',
      'email',
      'username'
    ])
    const columns = lines.map((line) => line.search(/(?<=:\s+)\S/))
    expect(new Set(columns).size).toBe(1)
  })
})

describe('unlink wording', () => {
  it('says plainly that a pasted token has nothing to revoke at the provider', () => {
    const text = unlinkedText(account({ credential: 'pasted-token' }), false)
    expect(text).toContain('nothing to revoke at Obico')
    expect(text).not.toContain('may not support')
  })

  it('tells a revoked sign-in from one the provider could not revoke', () => {
    expect(unlinkedText(account(), true)).toContain('Obico revoked the sign-in')
    expect(unlinkedText(account(), false)).toContain('could not revoke')
  })
})

describe('describeWait', () => {
  it('uses seconds under a minute and minutes above', () => {
    expect(describeWait(3_000)).toBe('3 s')
    expect(describeWait(300_000)).toBe('5 min')
  })
})
