import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { account, pendingLink } from './fixtures'
import { fail } from './fake-api'
import { startBridge } from '../../src/renderer/src/lib/bridge'
import { renderApp } from './render-app'

const onAccounts = (fake: { settings: { lastScreen: string } }): void => {
  fake.settings.lastScreen = 'accounts'
}

describe('accounts list', () => {
  it('lists accounts as compact rows with identity on demand and one storage notice', async () => {
    const { user } = await renderApp((fake) => {
      onAccounts(fake)
      fake.accounts = [
        account(),
        account({
          id: 'obico|http://print-farm.local:3334|7',
          providerLabel: 'Obico (print-farm.local:3334)',
          serverOrigin: 'http://print-farm.local:3334',
          displayName: 'farm-admin',
          identity: [{ label: 'Username', value: 'farm-admin' }],
          state: 'needs-relink',
          stateDetail: 'The server rejected the saved token.',
          storage: 'memory'
        }),
        account({
          id: 'zebbra|https://api.zebbra.example|u1',
          provider: 'zebbra',
          providerLabel: 'Zebbra',
          serverOrigin: 'https://api.zebbra.example',
          displayName: 'ada@zebbra.example',
          identity: [{ label: 'Workspace', value: 'Print farm' }],
          state: 'unreachable',
          credential: 'password-grant'
        })
      ]
    })
    const cards = await screen.findAllByTestId('account-card')
    expect(cards).toHaveLength(3)
    const [cloud, farm, zebbra] = cards

    // The row: name, provider, server, state. The host is said once, without main's brackets.
    expect(within(cloud).getByRole('heading', { name: 'maker@example.com' })).toBeTruthy()
    expect(cloud.textContent).toContain('Obico Cloud')
    expect(cloud.textContent).toContain('app.obico.io')
    expect(within(cloud).getByTestId('account-state').textContent).toContain('Linked')
    expect(farm.textContent).toContain('http://print-farm.local:3334')
    expect(farm.textContent).not.toContain('(print-farm.local:3334)')
    expect(farm.textContent!.split('print-farm.local:3334')).toHaveLength(2)

    // Details on demand: closed for a linked account, a keyboard-operable disclosure.
    const toggle = within(cloud).getByTestId('account-details-toggle')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(cloud.textContent).not.toContain('Ada Maker')
    toggle.focus()
    await user.keyboard('{Enter}')
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const details = document.getElementById(toggle.getAttribute('aria-controls')!)!
    expect(cloud.contains(details)).toBe(true)
    expect(details.textContent).toContain('Ada Maker')
    expect(details.textContent).toContain('Linked through your browser')
    await user.keyboard(' ')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(cloud.textContent).not.toContain('Ada Maker')

    // Accounts that need attention show why, and Re-link, without a click.
    expect(within(farm).getByTestId('account-state').textContent).toContain('Needs re-link')
    expect(farm.textContent).toContain('The server rejected the saved token.')
    expect(within(farm).getByTestId('relink-button')).toBeTruthy()
    expect(within(zebbra).getByTestId('account-state').textContent).toContain('Unreachable')
    expect(zebbra.textContent).toContain('Print farm')

    // One notice for the screen about the keychain; a row speaks only when it differs.
    expect(screen.getAllByTestId('storage-notice')).toHaveLength(1)
    expect(screen.getByTestId('storage-notice').textContent).toContain('system keychain')
    expect(screen.getAllByTestId('account-storage-note')).toHaveLength(1)
    expect(within(farm).getByTestId('account-storage-note').textContent).toContain(
      "You'll be signed out when Printdock quits"
    )
    for (const row of [cloud, zebbra]) expect(row.textContent).not.toMatch(/keychain|signed out/i)
  })

  it('follows accounts:changed from main', async () => {
    const { fake } = await renderApp(onAccounts)
    expect(await screen.findByTestId('accounts-empty')).toBeTruthy()
    expect(fake.listenerCount('accounts:changed')).toBe(1)
    expect(fake.leases.size).toBe(1)
    act(() =>
      fake.emit(
        'accounts:changed',
        fake.accountsSnapshot([account({ displayName: 'new@example.com' })])
      )
    )
    expect((await screen.findByTestId('account-card')).textContent).toContain('new@example.com')
  })

  it('watches the accounts through one lease, released when the bridge stops', async () => {
    const { fake } = await renderApp(onAccounts)
    await screen.findByTestId('accounts-empty')
    expect(fake.callsOf('accounts:watch')).toHaveLength(1)
    const [leaseId] = fake.leases
    // startBridge while running hands back the running bridge's stop function.
    startBridge()()
    await waitFor(() => expect(fake.leases.size).toBe(0))
    // The printers watch the bridge starts at launch ends too (the app opened on Accounts).
    expect(fake.callsOf('leases:release')).toContainEqual([leaseId])
  })

  it('lists every provider main offers', async () => {
    await renderApp(onAccounts)
    for (const key of [
      'obico-cloud',
      'obico-self-hosted',
      'makeprintable',
      'octoblu',
      'omniport',
      'zebbra',
      'generic'
    ]) {
      expect(await screen.findByTestId(`provider-${key}`)).toBeTruthy()
    }
    // The likely choice opens by itself; the rest stay closed.
    expect(screen.getByRole('button', { name: 'Obico Cloud' }).getAttribute('aria-expanded')).toBe(
      'true'
    )
    expect(screen.getByTestId('provider-zebbra').getAttribute('aria-expanded')).toBe('false')
  })

  it('says so in plain words when the accounts cannot be loaded, and retries', async () => {
    let failing = true
    const { user, fake } = await renderApp((fake) => {
      onAccounts(fake)
      fake.on('accounts:watch', () =>
        failing
          ? fail('vault/read-failed')
          : { leaseId: crypto.randomUUID(), snapshot: fake.accountsSnapshot() }
      )
    })
    const status = await screen.findByTestId('accounts-status')
    expect(status.textContent).toContain('could not read the saved sign-in from your keychain')
    failing = false
    await user.click(within(status).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByTestId('accounts-empty')).toBeTruthy()
    // The retry starts the watch the failed load never got.
    expect(fake.callsOf('accounts:watch')).toHaveLength(2)
  })
})

describe('link flow', () => {
  it('shows the pending state with the URL, Copy and Cancel; Cancel tells main and clears it', async () => {
    const { user, fake } = await renderApp(onAccounts)
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))

    expect(fake.linkRequests()).toEqual([[{ profileKey: 'obico-cloud' }]])
    const pending = await screen.findByTestId('pending-link')
    expect(within(pending).getByTestId('pending-status').textContent).toContain(
      'Waiting for you to approve in your browser…'
    )
    expect((within(pending).getByTestId('auth-url') as HTMLInputElement).value).toBe(
      pendingLink().authorizationUrl
    )
    expect(within(pending).getByTestId('copy-auth-url').textContent).toBe('Copy')
    // While waiting, a second link for the same provider is not offered.
    expect((screen.getByTestId('link-button') as HTMLButtonElement).disabled).toBe(true)

    await user.click(within(pending).getByTestId('cancel-link-button'))
    expect(fake.callsOf('accounts:cancel-link')).toEqual([[fake.operationId()]])
    await waitFor(() => expect(screen.queryByTestId('pending-link')).toBeNull())
    // Main then reports the attempt as cancelled: that is not a failure to show.
    act(() =>
      fake.emit('accounts:link-finished', {
        attemptId: fake.operationId(),
        ok: false,
        error: { code: 'auth/cancelled', message: 'cancelled' }
      })
    )
    expect(screen.queryByTestId('link-error')).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect((screen.getByTestId('link-button') as HTMLButtonElement).disabled).toBe(false)
  })

  it('copies the authorization URL to the clipboard', async () => {
    const { user } = await renderApp(onAccounts)
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))
    await user.click(await screen.findByTestId('copy-auth-url'))
    expect(await navigator.clipboard.readText()).toBe(pendingLink().authorizationUrl)
    expect(screen.getByTestId('copy-auth-url').textContent).toBe('Copied')
  })

  it('adds the account when main reports the link finished', async () => {
    const { user, fake } = await renderApp(onAccounts)
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))
    await screen.findByTestId('pending-link')
    act(() =>
      fake.emit('accounts:link-finished', {
        attemptId: fake.operationId(),
        ok: true,
        account: account()
      })
    )
    expect((await screen.findByTestId('account-card')).textContent).toContain('maker@example.com')
    expect(screen.queryByTestId('pending-link')).toBeNull()
    expect((await screen.findByTestId('toast')).textContent).toContain('Linked maker@example.com')
  })

  it('shows a failed link in plain words, not as an error code', async () => {
    const { user, fake } = await renderApp(onAccounts)
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))
    await screen.findByTestId('pending-link')
    act(() =>
      fake.emit('accounts:link-finished', {
        attemptId: fake.operationId(),
        ok: false,
        error: { code: 'auth/state-mismatch', message: 'state mismatch' }
      })
    )
    const error = await screen.findByTestId('link-error')
    expect(error.textContent).toContain('did not match the request Printdock sent')
    expect(error.textContent).not.toContain('auth/state-mismatch')
    expect(screen.queryByTestId('pending-link')).toBeNull()
  })

  it('finishes with a pasted callback URL', async () => {
    const { user, fake } = await renderApp((f) => {
      onAccounts(f)
      f.on('accounts:complete-link', () => account({ displayName: 'pasted@example.com' }))
    })
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))
    const input = await screen.findByTestId('callback-url-input')
    expect(screen.getByLabelText('Paste the callback URL')).toBe(input)

    await user.type(input, 'not a url')
    await user.click(screen.getByTestId('complete-link-button'))
    expect(fake.callsOf('accounts:complete-link')).toHaveLength(0)
    expect(screen.getByTestId('link-error').textContent).toContain('not a whole address')

    const url = 'http://127.0.0.1:53123/printdock/callback?code=abc&state=xyz'
    await user.clear(input)
    await user.type(input, url)
    await user.click(screen.getByTestId('complete-link-button'))
    expect(fake.callsOf('accounts:complete-link')).toEqual([[url]])
    expect((await screen.findByTestId('account-card')).textContent).toContain('pasted@example.com')
    expect(screen.queryByTestId('pending-link')).toBeNull()
  })

  it('shows a refused start in plain words', async () => {
    const { user } = await renderApp((f) => {
      onAccounts(f)
      f.on('accounts:start-link', () => fail('auth/already-linking'))
    })
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))
    const error = await screen.findByTestId('link-error')
    expect(error.textContent).toBe(
      'A link for this service is already waiting for approval. Finish or cancel it first.'
    )
    expect(error.getAttribute('data-code')).toBe('auth/already-linking')
  })

  it('re-links an OAuth account in place and shows the wait inside its card', async () => {
    const { user, fake } = await renderApp((f) => {
      onAccounts(f)
      f.accounts = [account({ state: 'needs-relink' })]
    })
    const card = await screen.findByTestId('account-card')
    await user.click(within(card).getByTestId('relink-button'))
    expect(fake.linkRequests()).toEqual([[{ profileKey: 'obico-cloud', accountId: account().id }]])
    expect(await within(card).findByTestId('pending-link')).toBeTruthy()
    expect(screen.queryByTestId('pending-section')).toBeNull()
  })
})

describe('unlink', () => {
  it('asks for confirmation naming the account; Escape cancels and returns focus', async () => {
    const { user, fake } = await renderApp((f) => {
      onAccounts(f)
      f.accounts = [account()]
    })
    const card = await screen.findByTestId('account-card')
    await user.click(within(card).getByTestId('account-details-toggle'))
    const unlink = within(card).getByTestId('unlink-button')
    await user.click(unlink)

    const dialog = screen.getByRole('alertdialog')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(within(dialog).getByRole('heading').textContent).toBe('Unlink maker@example.com?')
    expect(dialog.textContent).toContain('revoke')
    expect(dialog.textContent).toContain('token')
    expect(dialog.textContent).toContain('Obico Cloud')
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(fake.callsOf('accounts:unlink')).toHaveLength(0)
    expect(screen.getByTestId('account-card')).toBeTruthy()
    expect(document.activeElement).toBe(unlink)
  })

  it('traps focus inside the dialog', async () => {
    const { user } = await renderApp((f) => {
      onAccounts(f)
      f.accounts = [account()]
    })
    const card = await screen.findByTestId('account-card')
    await user.click(within(card).getByTestId('account-details-toggle'))
    await user.click(within(card).getByTestId('unlink-button'))
    const dialog = screen.getByRole('alertdialog')
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' })
    const confirm = screen.getByTestId('confirm-unlink')
    await user.tab()
    expect(document.activeElement).toBe(confirm)
    await user.tab()
    expect(document.activeElement).toBe(cancel)
    await user.tab({ shift: true })
    expect(document.activeElement).toBe(confirm)
    // Screen shortcuts are off while the dialog is open.
    await user.keyboard('{Control>}1{/Control}')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Accounts')
  })

  it('unlinks after confirmation and reports the revocation', async () => {
    const { user, fake } = await renderApp((f) => {
      onAccounts(f)
      f.accounts = [account(), account({ id: 'other', displayName: 'second@example.com' })]
    })
    const [first] = await screen.findAllByTestId('account-card')
    await user.click(within(first).getByTestId('account-details-toggle'))
    await user.click(within(first).getByTestId('unlink-button'))
    await user.click(screen.getByTestId('confirm-unlink'))
    expect(fake.callsOf('accounts:unlink')).toEqual([[account().id]])
    await waitFor(() => expect(screen.getAllByTestId('account-card')).toHaveLength(1))
    expect(screen.getByTestId('account-card').textContent).toContain('second@example.com')
    expect((await screen.findByTestId('toast')).textContent).toContain('revoked at the provider')
  })

  it('keeps the account and explains when unlinking fails', async () => {
    const { user } = await renderApp((f) => {
      onAccounts(f)
      f.accounts = [account()]
      f.on('accounts:unlink', () => fail('network/timeout'))
    })
    const card = await screen.findByTestId('account-card')
    await user.click(within(card).getByTestId('account-details-toggle'))
    await user.click(within(card).getByTestId('unlink-button'))
    await user.click(screen.getByTestId('confirm-unlink'))
    const error = await within(card).findByTestId('link-error')
    expect(error.textContent).toBe('The server took too long to answer. Try again in a moment.')
    expect(screen.getByTestId('account-card')).toBeTruthy()
  })
})
