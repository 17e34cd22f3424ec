import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '@shared/models/account'
import { account } from './fixtures'
import type { AppHarness } from './render-app'
import { renderApp } from './render-app'

/**
 * The Accounts screen with several accounts: look-alike accounts, the demo account, wording
 * without repeated hosts or nested brackets, and where focus goes after Unlink.
 */

const onAccounts = (accounts: AccountSummary[]) => (fake: AppHarness['fake']) => {
  fake.settings.lastScreen = 'accounts'
  fake.accounts = accounts
}

/** Self-hosted Obico as main summarises it: the host in the provider label. */
function selfHosted(origin: string, overrides: Partial<AccountSummary> = {}): AccountSummary {
  const host = new URL(origin).host
  return account({
    id: `obico|${origin}|1`,
    providerLabel: `Obico (${host})`,
    serverOrigin: origin,
    ...overrides
  })
}

function rowOf(name: string): HTMLElement {
  const row = screen
    .getAllByTestId('account-card')
    .find((candidate) => candidate.textContent?.includes(name))
  if (!row) throw new Error(`no row for ${name}`)
  return row
}

async function openUnlink(user: AppHarness['user'], row: HTMLElement): Promise<HTMLElement> {
  const toggle = within(row).getByTestId('account-details-toggle')
  if (toggle.getAttribute('aria-expanded') !== 'true') await user.click(toggle)
  await user.click(within(row).getByTestId('unlink-button'))
  return screen.getByRole('alertdialog')
}

describe('accounts that look alike', () => {
  it('shows the server beside the name when two accounts share it, and only then', async () => {
    const { user } = await renderApp(
      onAccounts([
        account(),
        selfHosted('http://print-farm.local:3334'),
        account({ id: 'zebbra|x|1', displayName: 'ada@zebbra.example', providerLabel: 'Zebbra' })
      ])
    )
    const [cloud, farm, zebbra] = await screen.findAllByTestId('account-card')
    expect(within(cloud).getByRole('heading').textContent).toBe('maker@example.com at app.obico.io')
    expect(within(farm).getByRole('heading').textContent).toBe(
      'maker@example.com at http://print-farm.local:3334'
    )
    expect(within(zebbra).getByRole('heading').textContent).toBe('ada@zebbra.example')
    expect(within(zebbra).queryByTestId('account-name-server')).toBeNull()

    // The confirmation names which of the two goes.
    const dialog = await openUnlink(user, farm)
    expect(within(dialog).getByRole('heading').textContent).toBe(
      'Unlink maker@example.com at http://print-farm.local:3334?'
    )
  })

  it('treats names that differ only in case as alike', async () => {
    await renderApp(
      onAccounts([
        account(),
        selfHosted('https://obico.example', { displayName: 'Maker@Example.com' })
      ])
    )
    expect(await screen.findAllByTestId('account-name-server')).toHaveLength(2)
  })
})

describe('the demo account', () => {
  it('says Demo on the demo account only, and where it lives in plain words', async () => {
    const { user } = await renderApp(
      onAccounts([account(), selfHosted('http://127.0.0.1:41234', { id: 'demo', demo: true })])
    )
    const [cloud, demo] = await screen.findAllByTestId('account-card')
    expect(within(demo).getByTestId('account-demo').textContent).toBe('Demo')
    expect(within(demo).getByRole('heading').textContent).toContain('Demo')
    expect(within(cloud).queryByTestId('account-demo')).toBeNull()

    const dialog = await openUnlink(user, demo)
    expect(dialog.textContent).toContain('the demo Obico server on this computer')
  })
})

describe('wording on rows and in the unlink dialog', () => {
  it('says the host once and never nests brackets', async () => {
    const { user } = await renderApp(
      onAccounts([selfHosted('http://127.0.0.1:5340', { displayName: 'farm@example.com' })])
    )
    const row = await screen.findByTestId('account-card')
    expect(row.textContent!.split('127.0.0.1:5340')).toHaveLength(2)
    expect(row.textContent).toContain('Obico')
    expect(row.textContent).not.toContain('Obico (')

    const dialog = await openUnlink(user, row)
    expect(dialog.textContent).toContain(
      "revoke this account's token at Obico at http://127.0.0.1:5340"
    )
    expect(dialog.textContent).not.toMatch(/\([^)]*\(/)
    expect(dialog.textContent!.split('127.0.0.1:5340')).toHaveLength(2)
  })

  it('tells a pasted token apart: nothing is revoked, it stays valid at the server', async () => {
    const { user, fake } = await renderApp(
      onAccounts([selfHosted('https://obico.example', { credential: 'pasted-token' })])
    )
    fake.on('accounts:unlink', () => ({ revokedAtProvider: false }))
    const dialog = await openUnlink(user, await screen.findByTestId('account-card'))
    expect(dialog.textContent).toContain('forget the access token you pasted')
    expect(dialog.textContent).toContain('stays valid at Obico at obico.example')
    expect(dialog.textContent).not.toContain('revoke this')
    await user.click(screen.getByTestId('confirm-unlink'))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Unlinked maker@example.com at Obico at obico.example.')
    expect(toast.textContent).toContain('Nothing was revoked')
    expect(toast.getAttribute('data-level')).toBe('info')
  })

  it('announces a new link without brackets around the provider', async () => {
    const { fake } = await renderApp(onAccounts([]))
    await screen.findByTestId('accounts-empty')
    act(() =>
      fake.emit('accounts:link-finished', {
        attemptId: 'not-ours',
        ok: true,
        account: selfHosted('http://print-farm.local:3334')
      })
    )
    expect((await screen.findByTestId('toast')).textContent).toContain(
      'Linked maker@example.com at Obico at http://print-farm.local:3334.'
    )
  })
})

describe('details on demand', () => {
  it('each Details button has a name of its own', async () => {
    await renderApp(
      onAccounts([account(), account({ id: 'b', displayName: 'second@example.com' })])
    )
    expect(
      await screen.findByRole('button', { name: 'Details of maker@example.com', expanded: false })
    ).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Details of second@example.com' })).toBeTruthy()
  })
})

describe('focus after Unlink', () => {
  const three = [
    account({ id: 'a', displayName: 'first@example.com' }),
    account({ id: 'b', displayName: 'second@example.com' }),
    account({ id: 'c', displayName: 'third@example.com' })
  ]

  it('lands on the next row', async () => {
    const { user } = await renderApp(onAccounts(three))
    await screen.findAllByTestId('account-card')
    await openUnlink(user, rowOf('second@example.com'))
    await user.click(screen.getByTestId('confirm-unlink'))
    await waitFor(() => expect(screen.getAllByTestId('account-card')).toHaveLength(2))
    expect(document.activeElement).toBe(
      within(rowOf('third@example.com')).getByTestId('account-details-toggle')
    )
  })

  it('lands on the row before when the last one goes', async () => {
    const { user } = await renderApp(onAccounts(three))
    await screen.findAllByTestId('account-card')
    await openUnlink(user, rowOf('third@example.com'))
    await user.click(screen.getByTestId('confirm-unlink'))
    await waitFor(() => expect(screen.getAllByTestId('account-card')).toHaveLength(2))
    expect(document.activeElement).toBe(
      within(rowOf('second@example.com')).getByTestId('account-details-toggle')
    )
  })

  it('lands on the list heading when no account is left', async () => {
    const { user } = await renderApp(onAccounts([account()]))
    await openUnlink(user, await screen.findByTestId('account-card'))
    await user.click(screen.getByTestId('confirm-unlink'))
    await screen.findByTestId('accounts-empty')
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Linked accounts' }))
  })
})
