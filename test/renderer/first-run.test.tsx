import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fail } from './fake-api'
import { renderApp } from './render-app'

const firstRun = (fake: { settings: { firstRunDone: boolean } }): void => {
  fake.settings.firstRunDone = false
}

describe('first run', () => {
  it('shows the welcome screen instead of the shell until done', async () => {
    await renderApp(firstRun)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Printdock')
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Link an account' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Try the demo' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Skip for now' })).toBeTruthy()
  })

  it('"Link an account" goes to Accounts and records first run as done', async () => {
    const { user, fake } = await renderApp(firstRun)
    await user.click(screen.getByRole('button', { name: 'Link an account' }))
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Accounts')
    await waitFor(() => expect(fake.settings.firstRunDone).toBe(true))
    expect(fake.settings.lastScreen).toBe('accounts')
    expect(await screen.findByTestId('provider-obico-cloud')).toBeTruthy()
  })

  it('"Skip for now" goes to Printers', async () => {
    const { user, fake } = await renderApp(firstRun)
    await user.click(screen.getByRole('button', { name: 'Skip for now' }))
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Printers')
    await waitFor(() => expect(fake.settings.firstRunDone).toBe(true))
  })

  it('"Try the demo" starts the demo and shows the pending link on Accounts', async () => {
    const { user, fake } = await renderApp(firstRun)
    await user.click(screen.getByRole('button', { name: 'Try the demo' }))
    expect(fake.callsOf('demo:start')).toHaveLength(1)
    const pending = await screen.findByTestId('pending-link')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Accounts')
    expect(pending.textContent).toContain('Waiting for you to approve in your browser…')
    expect((screen.getByTestId('auth-url') as HTMLInputElement).value).toContain('/o/authorize/')
    await waitFor(() => expect(fake.settings.firstRunDone).toBe(true))
  })

  it('stays on the welcome screen with a plain-language error when the demo cannot start', async () => {
    const { user, fake } = await renderApp((f) => {
      firstRun(f)
      f.on('demo:start', () => fail('network/offline', 'ECONNREFUSED 127.0.0.1:41234'))
    })
    await user.click(screen.getByRole('button', { name: 'Try the demo' }))
    const error = await screen.findByTestId('first-run-error')
    expect(error.textContent).toContain('Printdock could not reach the server.')
    expect(error.textContent).not.toContain('network/offline')
    expect(error.textContent).not.toContain('ECONNREFUSED')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Printdock')
    expect(fake.settings.firstRunDone).toBe(false)
  })
})
