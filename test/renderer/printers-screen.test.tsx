import { act, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { account } from './fixtures'
import type { FakeApi } from './fake-api'
import {
  ACCOUNT_ID,
  accountPrinters,
  change,
  idlePrinter,
  next,
  printer,
  view
} from './printer-fixtures'
import { renderApp } from './render-app'
import { navigationStore } from '../../src/renderer/src/stores/navigation-store'

const alpha = printer({ obicoId: 1, name: 'Alpha' })
const bravo = printer({ obicoId: 2, name: 'Bravo' })

function withPrinters(printers = [alpha, bravo], accounts = [accountPrinters()]) {
  return (fake: FakeApi): void => {
    fake.accounts = [account()]
    fake.printers = view(printers, accounts)
  }
}

async function cardOf(name: string): Promise<HTMLElement> {
  const cards = await screen.findAllByTestId('printer-card')
  const card = cards.find((c) => within(c).queryByRole('heading', { name }))
  if (!card) throw new Error(`no card for ${name}`)
  return card
}

describe('printers dashboard', () => {
  beforeEach(() => {
    // jsdom has no matchMedia; uPlot (the printer page's chart) asks it for the pixel ratio.
    vi.stubGlobal('matchMedia', () => ({
      matches: false,
      addEventListener: () => undefined,
      removeEventListener: () => undefined
    }))
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe(): void {}
        disconnect(): void {}
      }
    )
    return () => vi.unstubAllGlobals()
  })

  it('asks for printers at launch, beside settings and accounts, and watches through one lease', async () => {
    let watchesWhenSettingsAsked = -1
    const { fake } = await renderApp((fake) => {
      withPrinters()(fake)
      fake.on('settings:get', () => {
        watchesWhenSettingsAsked = fake.callsOf('printers:watch').length
        return fake.settings
      })
    })
    await cardOf('Alpha')
    // Not one round trip after settings and accounts: the dashboard paints from the first answers.
    expect(watchesWhenSettingsAsked).toBe(1)
    // The screen's own start joined the launch's watch instead of making a second one.
    expect(fake.callsOf('printers:watch')).toHaveLength(1)
    expect(fake.leases.size).toBe(2)
  })

  it('ends the launch watch when the app opens on another screen', async () => {
    const { fake } = await renderApp((fake) => {
      withPrinters()(fake)
      fake.settings = { ...fake.settings, lastScreen: 'accounts' }
    })
    await screen.findByTestId('account-card')
    expect(fake.callsOf('printers:watch')).toHaveLength(1)
    // Only the accounts watch is left.
    await waitFor(() => expect(fake.callsOf('leases:release')).toHaveLength(1))
    expect(fake.leases.size).toBe(1)
  })

  it('shows each printer with state, file, progress, times, layers and temperatures', async () => {
    const { fake } = await renderApp(withPrinters())
    const card = await cardOf('Alpha')
    expect(within(card).getByTestId('printer-state').textContent).toBe('Printing')
    expect(within(card).getByTestId('printer-file').textContent).toBe('benchy.gcode')
    expect(within(card).getByTestId('printer-progress').textContent).toBe('42 %')
    expect(within(card).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42')
    expect(within(card).getByTestId('printer-remaining').textContent).toMatch(/28 min · done at/)
    expect(card.textContent).toContain('40 of 120')
    expect(within(card).getByTestId('temperature-tool').textContent).toBe('215 / 215 °C')
    expect(within(card).getByTestId('temperature-bed').textContent).toBe('60 / 60 °C')
    expect(within(card).queryByTestId('temperature-chamber')).toBeNull()
    expect(within(card).getByTestId('detection-status').textContent).toBe('Watching: looks fine.')
    expect(within(card).getByTestId('snapshot-none')).toBeTruthy()
    // The screen holds one watch lease while it is open.
    expect(fake.leases.size).toBe(2)
  })

  it('says why failure detection is not watching', async () => {
    await renderApp(withPrinters([idlePrinter({ name: 'Idle one' })]))
    const card = await cardOf('Idle one')
    expect(within(card).getByTestId('detection-status').textContent).toBe(
      'Not watching: Printer is not actively printing.'
    )
    expect(within(card).queryByTestId('printer-pause')).toBeNull()
  })

  it('progress pushed by main shows on the card', async () => {
    const { fake } = await renderApp(withPrinters())
    await cardOf('Alpha')
    act(() =>
      fake.emit(
        'printers:changed',
        change([next(alpha, { job: { ...alpha.job!, progressPercent: 81 } })], {
          revision: fake.nextRevision()
        })
      )
    )
    expect(within(await cardOf('Alpha')).getByTestId('printer-progress').textContent).toBe('81 %')
  })

  it('shows the snapshot main fetched, or says the host cannot be reached', async () => {
    const { fake } = await renderApp((f) => {
      withPrinters([
        printer({ obicoId: 1, name: 'Alpha', hasSnapshot: true, snapshotKey: 'k1' }),
        printer({ obicoId: 2, name: 'Bravo', hasSnapshot: true, snapshotKey: 'k1' })
      ])(f)
      f.on('printers:snapshot-image', (id) =>
        id.endsWith('#1')
          ? { ok: true, dataUrl: 'data:image/jpeg;base64,AAAA', snapshotKey: 'k1' }
          : {
              ok: false,
              reason: 'unreachable',
              message: "The snapshot's host (localhost:3334) can't be reached from this computer."
            }
      )
    })
    const image = await within(await cardOf('Alpha')).findByRole('img')
    expect(image.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA')
    expect(image.getAttribute('alt')).toBe('Latest webcam snapshot of Alpha')
    const note = await within(await cardOf('Bravo')).findByTestId('snapshot-message')
    expect(note.textContent).toContain("localhost:3334) can't be reached")
    expect(within(await cardOf('Bravo')).queryByRole('img')).toBeNull()
    expect(fake.callsOf('printers:snapshot-image')).toHaveLength(2)
  })

  it('cancel asks first, and only the confirmation sends it', async () => {
    const { fake, user } = await renderApp((f) => {
      withPrinters()(f)
      f.on('printers:command', (_op, request) =>
        request.printerIds.map((printerId) => ({ printerId, state: 'awaiting-confirmation' }))
      )
    })
    const card = await cardOf('Alpha')
    await user.click(within(card).getByTestId('printer-cancel'))
    const dialog = screen.getByTestId('cancel-dialog')
    expect(dialog.textContent).toContain("A cancelled print can't be resumed.")
    // The safe choice has focus.
    expect(document.activeElement?.textContent).toBe('Keep printing')
    await user.keyboard('{Escape}')
    expect(screen.queryByTestId('cancel-dialog')).toBeNull()
    expect(fake.callsOf('printers:command')).toHaveLength(0)

    await user.click(within(card).getByTestId('printer-cancel'))
    await user.click(screen.getByTestId('cancel-confirm'))
    expect(fake.callsOf('printers:command').map(([, r]) => r)).toEqual([
      { printerIds: [alpha.id], command: 'cancel' }
    ])
  })

  it('pause shows Pausing… at once, then main says whether the printer confirmed it', async () => {
    let release: () => void = () => undefined
    const { fake, user } = await renderApp((f) => {
      withPrinters()(f)
      f.on(
        'printers:command',
        (_op, request) =>
          new Promise((resolve) => {
            release = () =>
              resolve(
                request.printerIds.map((printerId) => ({
                  printerId,
                  state: 'awaiting-confirmation' as const
                }))
              )
          })
      )
    })
    const card = await cardOf('Alpha')
    await user.click(within(card).getByTestId('printer-pause'))
    expect(within(card).getByTestId('command-note').textContent).toBe('Pausing…')
    expect((within(card).getByTestId('printer-pause') as HTMLButtonElement).disabled).toBe(true)
    const [operationId] = fake.callsOf('printers:command')[0]!
    const sentAt = new Date().toISOString()
    const waiting = next(alpha, {
      pendingCommand: {
        operationId,
        command: 'pause',
        state: 'awaiting-confirmation',
        sentAt,
        confirmBy: sentAt
      }
    })
    act(() => fake.emit('printers:changed', change([waiting], { revision: fake.nextRevision() })))
    await act(async () => release())
    expect(within(await cardOf('Alpha')).getByTestId('command-note').textContent).toBe('Pausing…')

    act(() =>
      fake.emit(
        'printers:changed',
        change(
          [
            next(waiting, {
              pendingCommand: { ...waiting.pendingCommand!, state: 'not-confirmed' }
            })
          ],
          { revision: fake.nextRevision() }
        )
      )
    )
    const after = await cardOf('Alpha')
    expect(within(after).getByTestId('command-note').textContent).toBe(
      'The printer has not confirmed the pause. It may be offline.'
    )
    // Not retried: the button is there to press again, nothing was sent on its own.
    expect(fake.callsOf('printers:command')).toHaveLength(1)
    expect((within(after).getByTestId('printer-pause') as HTMLButtonElement).disabled).toBe(false)
  })

  it('a failure alert is prominent and its three answers reach main', async () => {
    const alerted = printer({
      obicoId: 1,
      name: 'Alpha',
      alert: { printId: 501, alertedAt: '2026-12-03T07:00:00Z', muted: false }
    })
    const { fake, user } = await renderApp((f) => {
      withPrinters([alerted, bravo])(f)
      f.on('printers:acknowledge-alert', () => next(alerted, { alert: null }))
      f.on('printers:mute', () => next(alerted, { alert: { ...alerted.alert!, muted: true } }))
    })
    const card = await cardOf('Alpha')
    const panel = within(card).getByRole('alert')
    expect(panel.textContent).toContain('Possible print failure')
    expect(screen.getByTestId('open-alerts').textContent).toBe('1 open alert')
    await user.click(within(panel).getByTestId('alert-mute'))
    expect(fake.callsOf('printers:mute')).toEqual([[alerted.id, true]])
    expect(within(await cardOf('Alpha')).getByTestId('alert-muted')).toBeTruthy()
  })

  it('answers an alert with "It failed"', async () => {
    const alerted = printer({
      obicoId: 1,
      name: 'Alpha',
      alert: { printId: 501, alertedAt: '2026-12-03T07:00:00Z', muted: false }
    })
    const { fake, user } = await renderApp((f) => {
      withPrinters([alerted])(f)
      f.on('printers:acknowledge-alert', () => next(alerted, { alert: null }))
    })
    await user.click(within(await cardOf('Alpha')).getByTestId('alert-failed'))
    expect(fake.callsOf('printers:acknowledge-alert')).toEqual([[alerted.id, 'failed']])
    await waitFor(async () => expect(within(await cardOf('Alpha')).queryByRole('alert')).toBeNull())
  })

  it('never offers to mute when nothing is printing', async () => {
    const alertedIdle = idlePrinter({
      name: 'Idle',
      alert: { printId: 9, alertedAt: '2026-12-03T07:00:00Z', muted: false }
    })
    await renderApp(withPrinters([alertedIdle]))
    const card = await cardOf('Idle')
    expect(within(card).getByTestId('failure-alert')).toBeTruthy()
    expect(within(card).queryByTestId('alert-mute')).toBeNull()
  })

  it('an account that needs re-linking greys its printers and its banner leads to Accounts', async () => {
    const stale = printer({
      obicoId: 1,
      name: 'Alpha',
      stale: true,
      lastSeen: new Date(Date.now() - 5 * 60_000).toISOString()
    })
    const { user } = await renderApp(
      withPrinters(
        [stale],
        [accountPrinters({ status: 'needs-relink', detail: 'Token rejected.' })]
      )
    )
    const card = await cardOf('Alpha')
    expect(card.className).toContain('greyed')
    expect(within(card).getByTestId('printer-last-seen').textContent).toBe(
      'Not current. Last seen 5 min ago'
    )
    expect((within(card).getByTestId('printer-pause') as HTMLButtonElement).disabled).toBe(true)
    const banner = screen.getByTestId('account-banner')
    expect(banner.textContent).toContain('needs to be linked again')
    await user.click(within(banner).getByTestId('banner-go-accounts'))
    expect(navigationStore.getState().screen).toBe('accounts')
  })

  it('an offline printer greys out with its last-seen time', async () => {
    await renderApp(
      withPrinters([
        printer({
          obicoId: 3,
          name: 'Gone',
          state: 'offline',
          job: null,
          lastSeen: new Date(Date.now() - 3 * 3600_000).toISOString()
        })
      ])
    )
    const card = await cardOf('Gone')
    expect(card.className).toContain('greyed')
    expect(within(card).getByTestId('printer-last-seen').textContent).toBe('Last seen 3 h ago')
  })

  it('pauses several printers after one confirmation naming them', async () => {
    const idle = idlePrinter({ obicoId: 3, name: 'Charlie' })
    const { fake, user } = await renderApp((f) => {
      withPrinters([alpha, bravo, idle])(f)
      f.on('printers:command', (_op, request) =>
        request.printerIds.map((printerId) => ({ printerId, state: 'awaiting-confirmation' }))
      )
    })
    for (const name of ['Alpha', 'Bravo', 'Charlie']) {
      await user.click(within(await cardOf(name)).getByTestId('printer-select'))
    }
    await user.click(screen.getByTestId('bulk-pause'))
    const dialog = screen.getByTestId('bulk-dialog')
    expect(within(dialog).getByTestId('bulk-names').textContent).toBe('Alpha and Bravo will pause.')
    expect(dialog.textContent).toContain('Charlie is left alone')
    await user.click(screen.getByTestId('bulk-confirm'))
    expect(fake.callsOf('printers:command').map(([, r]) => r)).toEqual([
      { printerIds: [alpha.id, bravo.id], command: 'pause' }
    ])
    expect(screen.queryByTestId('bulk-bar')).toBeNull()
  })

  it('moves a printer with the keyboard and keeps the order in preferences', async () => {
    const { fake, user } = await renderApp(withPrinters())
    const handle = within(await cardOf('Bravo')).getByTestId('printer-move')
    handle.focus()
    await user.keyboard('{ArrowUp}')
    await waitFor(() =>
      expect(screen.getAllByTestId('printer-card').map((c) => c.dataset.printerId)).toEqual([
        bravo.id,
        alpha.id
      ])
    )
    expect(fake.callsOf('printers:update-preferences')).toEqual([[{ order: [bravo.id, alpha.id] }]])
    expect(screen.getByText('Bravo moved to place 1 of 2.')).toBeTruthy()
  })

  it('shows the saved order and the compact list for farms', async () => {
    const { fake, user } = await renderApp((f) => {
      withPrinters()(f)
      f.printerPreferences = { ...f.printerPreferences, order: [bravo.id] }
    })
    await waitFor(() =>
      expect(screen.getAllByTestId('printer-card').map((c) => c.dataset.printerId)).toEqual([
        bravo.id,
        alpha.id
      ])
    )
    await user.click(screen.getByTestId('layout-list'))
    expect(screen.getAllByTestId('printer-row')).toHaveLength(2)
    expect(screen.queryByTestId('printer-card')).toBeNull()
    expect(fake.callsOf('printers:update-preferences')).toEqual([[{ layout: 'list' }]])
  })

  it('groups printers by account when there are several', async () => {
    const other = 'obico|http://farm.local|7'
    await renderApp((f) => {
      f.accounts = [account(), account({ id: other, displayName: 'farm-admin' })]
      f.printers = view(
        [alpha, printer({ obicoId: 9, name: 'Farm 1', accountId: other })],
        [
          accountPrinters(),
          accountPrinters({ accountId: other, displayName: 'farm-admin', status: 'unreachable' })
        ]
      )
    })
    const groups = await screen.findAllByTestId('printer-group')
    expect(groups).toHaveLength(2)
    expect(within(groups[0]!).getByRole('heading', { level: 2 }).textContent).toContain(
      'maker@example.com'
    )
    expect(within(groups[1]!).getByRole('heading', { level: 2 }).textContent).toContain(
      'farm-admin'
    )
    expect(within(groups[1]!).getByTestId('account-banner').textContent).toContain(
      "can't be reached"
    )
    expect(within(groups[0]!).queryByTestId('account-banner')).toBeNull()
  })

  it('a clicked notification opens that printer page; back returns focus to its card', async () => {
    const { fake, user } = await renderApp((f) => {
      withPrinters()(f)
      f.settings.lastScreen = 'accounts'
    })
    act(() => fake.emit('printers:open', bravo.id))
    const page = await screen.findByTestId('printer-page')
    expect(page.dataset.printerId).toBe(bravo.id)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Bravo')
    await waitFor(() =>
      expect(fake.callsOf('printers:temperature-history').length).toBeGreaterThan(0)
    )
    await user.click(screen.getByTestId('printer-back'))
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Bravo'))
  })

  it('leaving the screen ends the watch', async () => {
    const { fake, user } = await renderApp(withPrinters())
    await cardOf('Alpha')
    const before = fake.leases.size
    await user.click(screen.getByTestId('nav-accounts'))
    await waitFor(() => expect(fake.leases.size).toBe(before - 1))
  })

  it('notification switches per kind and per printer go to main as preferences', async () => {
    const { fake, user } = await renderApp(withPrinters())
    await cardOf('Alpha')
    await user.click(screen.getByText('Desktop notifications'))
    await user.click(screen.getByTestId('notify-finished'))
    expect(fake.callsOf('printers:update-preferences').at(-1)).toEqual([
      { notify: { finished: false } }
    ])
    expect((screen.getByTestId('notify-finished') as HTMLInputElement).checked).toBe(false)

    await user.click(within(await cardOf('Bravo')).getByTestId('printer-open'))
    const perPrinter = await screen.findByTestId('printer-notifications')
    expect((perPrinter as HTMLInputElement).checked).toBe(true)
    await user.click(perPrinter)
    expect(fake.callsOf('printers:update-preferences').at(-1)).toEqual([
      { mutedPrinters: [bravo.id] }
    ])
    expect((perPrinter as HTMLInputElement).checked).toBe(false)
  })

  it('the printer page saves only the settings that changed', async () => {
    const { fake, user } = await renderApp((f) => {
      withPrinters()(f)
      f.on('printers:update-settings', (_id, patch) =>
        next(alpha, { settings: { ...alpha.settings, ...patch } })
      )
    })
    await user.click(within(await cardOf('Alpha')).getByTestId('printer-open'))
    await user.selectOptions(await screen.findByTestId('settings-action'), 'NONE')
    await user.click(screen.getByTestId('settings-save'))
    expect(fake.callsOf('printers:update-settings')).toEqual([
      [alpha.id, { actionOnFailure: 'NONE' }]
    ])
  })
})

describe('print history', () => {
  it('pages, filters and deletes the ticked prints after a confirmation', async () => {
    const record = (id: number) => ({
      id,
      accountId: ACCOUNT_ID,
      printerId: alpha.id,
      printerName: 'Alpha',
      fileName: `part-${id}.gcode`,
      outcome: 'finished' as const,
      startedAt: '2026-12-01T10:00:00Z',
      endedAt: '2026-12-01T11:00:00Z',
      printTimeSeconds: 3600,
      filamentUsedMm: 1500,
      alertedAt: null,
      alertVerdict: null,
      posterUrl: null
    })
    const { fake, user } = await renderApp((f) => {
      withPrinters()(f)
      f.on('prints:list', (query) => ({
        prints: Array.from({ length: 3 }, (_, i) => record(query.start + i + 1)),
        hasMore: query.start === 0
      }))
    })
    await cardOf('Alpha')
    await user.click(screen.getByTestId('open-history'))
    expect(await screen.findAllByTestId('history-row')).toHaveLength(3)
    expect(fake.callsOf('prints:stats')[0]![0]).toMatchObject({
      accountId: ACCOUNT_ID,
      groupBy: 'day'
    })

    await user.click(screen.getByTestId('history-older'))
    await waitFor(() =>
      expect(screen.getAllByTestId('history-row')[0]!.textContent).toContain('part-21.gcode')
    )
    await user.selectOptions(screen.getByTestId('history-filter'), 'cancelled')
    await waitFor(() =>
      expect(fake.callsOf('prints:list').at(-1)![0]).toMatchObject({
        filter: 'cancelled',
        start: 0
      })
    )

    await screen.findAllByTestId('history-row')
    await user.click(screen.getByLabelText('Select part-1.gcode'))
    await user.click(screen.getByLabelText('Select part-2.gcode'))
    await user.click(screen.getByTestId('history-delete'))
    const dialog = screen.getByTestId('history-delete-dialog')
    expect(dialog.textContent).toContain('Delete 2 prints?')
    expect(dialog.textContent).toContain('part-1.gcode, part-2.gcode')
    await user.click(screen.getByTestId('history-delete-confirm'))
    expect(fake.callsOf('prints:delete')).toEqual([[ACCOUNT_ID, [1, 2]]])
  })
})
