import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ProviderPageChange } from '@shared/ipc/contract'
import type { AccountSummary } from '@shared/models/account'
import type { OctobluPageData, ProviderPage } from '@shared/models/provider-page'
import type { Snapshot } from '@shared/snapshot'
import { fail } from './fake-api'
import { account } from './fixtures'
import type { AppHarness } from './render-app'
import { renderApp } from './render-app'

/**
 * Provider pages (issue 13) in the renderer: opened from the account row, refreshed by pushes,
 * stale data greyed with the way out, message preview and confirmation, subscription removal.
 */

const OCTOBLU = account({
  id: 'octoblu:http://127.0.0.1:1#user-1',
  provider: 'octoblu',
  providerLabel: 'Octoblu (Meshblu)',
  serverOrigin: 'http://127.0.0.1:1',
  displayName: 'Maker Demo'
})
const ZEBBRA = account({
  id: 'zebbra:http://127.0.0.1:2#z1',
  provider: 'zebbra',
  providerLabel: 'Zebbra',
  serverOrigin: 'http://127.0.0.1:2',
  displayName: 'maker@example.com',
  credential: 'password-grant'
})

function octobluPage(overrides: Partial<ProviderPage> = {}): ProviderPage {
  return {
    accountId: OCTOBLU.id,
    provider: 'octoblu',
    status: 'ready',
    readAt: '2026-12-03T08:00:00.000Z',
    data: {
      provider: 'octoblu',
      whoami: { uuid: 'user-1', name: 'Maker Demo' },
      devices: [
        {
          uuid: 'p-1',
          name: 'Prusa MK4',
          type: 'printer',
          online: true,
          lastSeen: '2026-12-03T07:00:00.000Z',
          acceptsMessages: true
        },
        {
          uuid: 'p-2',
          name: 'Ender 3 V2',
          type: 'printer',
          online: false,
          lastSeen: '2026-12-02T06:00:00.000Z',
          acceptsMessages: true
        }
      ],
      subscriptions: [{ subscriberUuid: 'user-1', emitterUuid: 'p-1', type: 'broadcast.sent' }]
    },
    ...overrides
  }
}

function setUp(accounts: AccountSummary[], page: ProviderPage) {
  return (fake: AppHarness['fake']) => {
    fake.settings.lastScreen = 'accounts'
    fake.accounts = accounts
    fake.on('pages:watch', (accountId) => ({
      leaseId: crypto.randomUUID(),
      snapshot: { revision: 1, value: { ...page, accountId } }
    }))
    fake.on('pages:read', () => ({ revision: 2, value: page }))
  }
}

async function openPage(user: AppHarness['user'], name: string): Promise<HTMLElement> {
  const row = (await screen.findAllByTestId('account-card')).find((r) =>
    r.textContent?.includes(name)
  )!
  const toggle = within(row).getByTestId('account-details-toggle')
  if (toggle.getAttribute('aria-expanded') !== 'true') await user.click(toggle)
  await user.click(within(row).getByTestId('open-page-button'))
  return screen.findByTestId('provider-page')
}

describe('provider pages', () => {
  it('opens from the row, shows devices with online state and last seen, and goes back', async () => {
    const { user, fake } = await renderApp(setUp([OCTOBLU], octobluPage()))
    const page = await openPage(user, 'Maker Demo')
    expect(page.dataset.provider).toBe('octoblu')
    const devices = await screen.findAllByTestId('meshblu-device')
    expect(devices.map((d) => within(d).getByTestId('device-online').textContent)).toEqual([
      'Online',
      'Offline'
    ])
    expect(within(devices[1]!).getByTestId('device-last-seen').textContent).toMatch(/Last seen/)
    expect(fake.callsOf('pages:watch')).toEqual([[OCTOBLU.id]])
    expect(document.activeElement?.id).toBe('provider-page-title')

    // (The printers watch the bridge starts at launch ended when the app opened on Accounts.)
    const releasedBefore = fake.callsOf('leases:release').length
    await user.click(screen.getByTestId('page-back'))
    expect(screen.queryByTestId('provider-page')).toBeNull()
    // Leaving the page ends its watch lease.
    await waitFor(() => expect(fake.callsOf('leases:release')).toHaveLength(releasedBefore + 1))
  })

  it('offers no page for providers without one', async () => {
    const { user } = await renderApp(setUp([account()], octobluPage()))
    const row = await screen.findByTestId('account-card')
    await user.click(within(row).getByTestId('account-details-toggle'))
    expect(within(row).queryByTestId('open-page-button')).toBeNull()
  })

  it('takes pushed pages, newer wins; an unreachable push keeps the data greyed', async () => {
    const { user, fake } = await renderApp(setUp([OCTOBLU], octobluPage()))
    await openPage(user, 'Maker Demo')
    await screen.findAllByTestId('meshblu-device')
    const push = (change: ProviderPageChange) => act(() => fake.emit('pages:changed', change))
    push({
      accountId: OCTOBLU.id,
      snapshot: {
        revision: 5,
        value: octobluPage({
          status: 'unreachable',
          problem: 'The server did not answer: timeout.'
        })
      }
    })
    expect(screen.getByTestId('provider-page').dataset.status).toBe('unreachable')
    expect(screen.getByTestId('page-data').dataset.stale).toBe('true')
    expect(screen.getByTestId('page-status').textContent).toMatch(/did not answer/)
    expect(screen.getAllByTestId('meshblu-device')).toHaveLength(2)
    // An older snapshot arriving late does not undo the newer one.
    push({ accountId: OCTOBLU.id, snapshot: { revision: 3, value: octobluPage() } })
    expect(screen.getByTestId('provider-page').dataset.status).toBe('unreachable')
    // Another account's page is not this one.
    push({
      accountId: 'someone-else',
      snapshot: { revision: 9, value: octobluPage({ status: 'ready' }) }
    })
    expect(screen.getByTestId('provider-page').dataset.status).toBe('unreachable')
  })

  it('a dead token offers Link again, which re-links the account in the browser', async () => {
    const dead = octobluPage({
      status: 'needs-relink',
      problem: 'Octoblu did not accept the sign-in.'
    })
    const { user, fake } = await renderApp(setUp([OCTOBLU], dead))
    const view = await openPage(user, 'Maker Demo')
    await user.click(await screen.findByTestId('page-relink'))
    // The attempt waits in the browser: its status shows on the page, in place of the button.
    expect(await within(view).findByTestId('pending-link')).toBeTruthy()
    expect(within(view).queryByTestId('page-relink')).toBeNull()
    expect(fake.linkRequests()).toEqual([
      [expect.objectContaining({ profileKey: 'octoblu', accountId: OCTOBLU.id })]
    ])
  })

  it('an expired Zebbra token shows a sign-in form; the password goes once and is not kept', async () => {
    const expired: ProviderPage = {
      accountId: ZEBBRA.id,
      provider: 'zebbra',
      status: 'sign-in-needed',
      problem: 'Your Zebbra sign-in has expired. Sign in again to see your workspaces.',
      readAt: '2026-12-03T08:00:00.000Z',
      data: {
        provider: 'zebbra',
        user: { id: 'z1', username: 'maker@example.com' },
        workspaces: [
          {
            id: 'w1',
            name: 'Print Farm',
            admin: true,
            memberCount: 1,
            models: [{ id: 'm1', name: 'Filament budget 2026' }]
          }
        ],
        otherModels: []
      }
    }
    const { user, fake } = await renderApp(setUp([ZEBBRA], expired))
    fake.on('accounts:sign-in-with-password', () => ZEBBRA)
    await openPage(user, 'maker@example.com')
    expect(await screen.findByTestId('zebbra-model')).toBeTruthy()
    expect(screen.getByTestId('page-data').dataset.stale).toBe('true')
    const form = screen.getByTestId('page-sign-in')
    await user.type(within(form).getByTestId('username-input'), 'maker@example.com')
    await user.type(within(form).getByTestId('password-input'), 'printdock-demo')
    await user.click(within(form).getByTestId('sign-in-button'))
    await waitFor(() =>
      expect(fake.callsOf('accounts:sign-in-with-password')).toEqual([
        [
          {
            profileKey: 'zebbra',
            serverUrl: ZEBBRA.serverOrigin,
            username: 'maker@example.com',
            password: 'printdock-demo'
          }
        ]
      ])
    )
    expect((within(form).getByTestId('password-input') as HTMLInputElement).value).toBe('')
  })

  it('a message is previewed and sent only after confirmation; bad JSON is refused in place', async () => {
    const { user, fake } = await renderApp(setUp([OCTOBLU], octobluPage()))
    fake.on('pages:send-message', () => undefined)
    await openPage(user, 'Maker Demo')
    const [prusa] = await screen.findAllByTestId('meshblu-device')
    await user.click(within(prusa!).getByTestId('send-message-button'))
    const input = within(prusa!).getByTestId('message-payload-input')
    await user.clear(input)
    await user.type(input, '{{oops')
    await user.click(within(prusa!).getByTestId('message-review'))
    expect(within(prusa!).getByTestId('message-payload-error').textContent).toMatch(
      /not valid JSON/
    )
    expect(screen.queryByTestId('message-dialog')).toBeNull()

    await user.clear(input)
    await user.type(input, '{{"command":"pause"}')
    await user.click(within(prusa!).getByTestId('message-review'))
    const dialog = await screen.findByTestId('message-dialog')
    expect(within(dialog).getByTestId('message-preview').textContent).toContain(
      '"command": "pause"'
    )
    expect(fake.callsOf('pages:send-message')).toHaveLength(0)
    await user.click(within(dialog).getByTestId('confirm-send-message'))
    await screen.findByTestId('message-sent')
    expect(fake.callsOf('pages:send-message')).toEqual([
      [OCTOBLU.id, { deviceUuid: 'p-1', payloadJson: '{"command":"pause"}' }]
    ])
  })

  it('removing a subscription asks first, then shows the page main answers', async () => {
    const { user, fake } = await renderApp(setUp([OCTOBLU], octobluPage()))
    const after: Snapshot<ProviderPage> = {
      revision: 7,
      value: octobluPage({
        data: { ...(octobluPage().data as OctobluPageData), subscriptions: [] }
      })
    }
    fake.on('pages:remove-subscription', () => after)
    await openPage(user, 'Maker Demo')
    await user.click(await screen.findByTestId('remove-subscription-button'))
    await user.click(
      within(screen.getByTestId('remove-subscription-dialog')).getByTestId(
        'confirm-remove-subscription'
      )
    )
    await waitFor(() => expect(screen.queryByTestId('meshblu-subscription')).toBeNull())
    expect(fake.callsOf('pages:remove-subscription')).toEqual([
      [OCTOBLU.id, { subscriberUuid: 'user-1', emitterUuid: 'p-1', type: 'broadcast.sent' }]
    ])
  })

  it('a watch that fails says so in plain words', async () => {
    const { user, fake } = await renderApp(setUp([OCTOBLU], octobluPage()))
    fake.on('pages:watch', () => fail('account/not-found', 'That account is no longer linked.'))
    const page = await openPage(user, 'Maker Demo')
    expect((await within(page).findByRole('alert')).textContent).toMatch(/no longer linked/i)
    expect(within(page).queryByTestId('page-data')).toBeNull()
  })
})
