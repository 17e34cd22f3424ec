import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './render-app'

function nav(): HTMLElement {
  return screen.getByRole('navigation', { name: 'Main' })
}

describe('app shell', () => {
  it('marks the document ready and restores the last screen from settings', async () => {
    await renderApp((fake) => {
      fake.settings = { ...fake.settings, lastScreen: 'repair' }
    })
    expect(document.documentElement.dataset.appState).toBe('ready')
    expect(await screen.findByRole('heading', { level: 1, name: 'Repair' })).toBeTruthy()
    expect(within(nav()).getByRole('button', { name: 'Repair' }).getAttribute('aria-current')).toBe(
      'page'
    )
  })

  it('has the four screens with exact accessible names and switches by click', async () => {
    const { user, fake } = await renderApp()
    const buttons = within(nav()).getAllByRole('button')
    expect(buttons.map((b) => b.textContent)).toEqual(['Printers', 'Files', 'Repair', 'Accounts'])
    expect(
      within(nav()).getByRole('button', { name: 'Printers' }).getAttribute('aria-current')
    ).toBe('page')

    await user.click(within(nav()).getByRole('button', { name: 'Files' }))
    // Screens other than Printers load on first show, so their heading arrives a moment later.
    expect(await screen.findByRole('heading', { level: 1, name: 'Files' })).toBeTruthy()
    expect(within(nav()).getByRole('button', { name: 'Files' }).getAttribute('aria-current')).toBe(
      'page'
    )
    expect(
      within(nav()).getByRole('button', { name: 'Printers' }).hasAttribute('aria-current')
    ).toBe(false)
    await waitFor(() =>
      expect(fake.callsOf('settings:update')).toContainEqual([{ lastScreen: 'files' }])
    )
  })

  it('moves focus with arrow keys, Home and End inside the nav, and opens with Enter', async () => {
    const { user } = await renderApp()
    const printers = within(nav()).getByRole('button', { name: 'Printers' })
    printers.focus()
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement?.textContent).toBe('Files')
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(document.activeElement?.textContent).toBe('Accounts')
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement?.textContent).toBe('Printers')
    await user.keyboard('{ArrowUp}')
    expect(document.activeElement?.textContent).toBe('Accounts')
    await user.keyboard('{Home}')
    expect(document.activeElement?.textContent).toBe('Printers')
    await user.keyboard('{End}')
    expect(document.activeElement?.textContent).toBe('Accounts')
    await user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeTruthy()
    expect(
      within(nav()).getByRole('button', { name: 'Accounts' }).getAttribute('aria-current')
    ).toBe('page')
  })

  it('puts the skip link first in Tab order and the nav items next', async () => {
    const { user } = await renderApp()
    await user.tab()
    expect(document.activeElement?.textContent).toBe('Skip to content')
    await user.tab()
    expect(document.activeElement?.textContent).toBe('Printers')
    await user.tab()
    expect(document.activeElement?.textContent).toBe('Files')
  })

  it('skip link moves focus to the screen heading', async () => {
    const { user } = await renderApp()
    await user.click(screen.getByRole('link', { name: 'Skip to content' }))
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Printers' }))
  })

  it('Ctrl+1..4 and Cmd+1..4 switch screens and focus the new heading', async () => {
    const { user } = await renderApp()
    await user.keyboard('{Control>}4{/Control}')
    const heading = await screen.findByRole('heading', { level: 1, name: 'Accounts' })
    // The focus request survives the screen's code loading: the heading takes it once it mounts.
    await waitFor(() => expect(document.activeElement).toBe(heading))
    await user.keyboard('{Meta>}2{/Meta}')
    const files = await screen.findByRole('heading', { level: 1, name: 'Files' })
    await waitFor(() => expect(document.activeElement).toBe(files))
    expect(within(nav()).getByRole('button', { name: 'Files' }).getAttribute('aria-current')).toBe(
      'page'
    )
    // Not a shortcut: Ctrl+5 (no fifth screen) and a plain 3.
    await user.keyboard('{Control>}5{/Control}3')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Files')
  })

  it('shows honest empty states that lead to Accounts', async () => {
    const { user } = await renderApp()
    expect(screen.getByTestId('printers-empty').textContent).toContain(
      'No printers yet — link an Obico account to see your printers'
    )
    await user.click(screen.getByTestId('printers-go-accounts'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeTruthy()

    await user.click(within(nav()).getByRole('button', { name: 'Files' }))
    expect((await screen.findByTestId('files-empty')).textContent).toContain(
      'Link an Obico account to see its G-code library'
    )

    await user.click(within(nav()).getByRole('button', { name: 'Repair' }))
    const zone = await screen.findByTestId('repair-dropzone')
    expect(zone.textContent).toContain('Mesh repair needs a linked Makeprintable account')
    // A dropped file must not navigate the window away: the zone cancels the drop.
    const drop = fireEvent.drop(zone)
    expect(drop).toBe(false)
  })

  it('shows a toast for app notices from main', async () => {
    const { fake } = await renderApp()
    expect(fake.listenerCount('app:notice')).toBe(1)
    act(() =>
      fake.emit('app:notice', {
        id: 'n1',
        level: 'warning',
        message: 'Keychain locked: sign-ins kept in memory.'
      })
    )
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Keychain locked: sign-ins kept in memory.')
    expect(toast.getAttribute('role')).toBe('status')
    act(() =>
      fake.emit('app:notice', { id: 'n2', level: 'error', message: 'Callback server failed.' })
    )
    expect((await screen.findByRole('alert')).textContent).toContain('Callback server failed.')
  })
})
