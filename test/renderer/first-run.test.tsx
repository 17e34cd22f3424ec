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
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeTruthy()
    await waitFor(() => expect(fake.settings.firstRunDone).toBe(true))
    expect(fake.settings.lastScreen).toBe('accounts')
    expect(await screen.findByTestId('provider-obico-cloud')).toBeTruthy()
  })

  it('"Skip for now" goes to Printers with focus on its heading', async () => {
    const { user, fake } = await renderApp(firstRun)
    await user.click(screen.getByRole('button', { name: 'Skip for now' }))
    const heading = screen.getByRole('heading', { level: 1 })
    expect(heading.textContent).toBe('Printers')
    await waitFor(() => expect(document.activeElement).toBe(heading))
    await waitFor(() => expect(fake.settings.firstRunDone).toBe(true))
  })

  it('"Link an account" leaves focus on the Accounts heading, not on the body', async () => {
    const { user } = await renderApp(firstRun)
    await user.click(screen.getByRole('button', { name: 'Link an account' }))
    const heading = await screen.findByRole('heading', { level: 1, name: 'Accounts' })
    await waitFor(() => expect(document.activeElement).toBe(heading))
  })

  it('promises the keychain only when main has one', async () => {
    await renderApp(firstRun)
    const points = await screen.findByTestId('first-run-points')
    await waitFor(() => expect(points.textContent).toContain('Tokens stay in your system keychain'))
  })

  it('says plainly when sign-ins last only until Printdock quits', async () => {
    await renderApp((fake) => {
      firstRun(fake)
      fake.secretStorage = { kind: 'memory', detail: "Memory only: you'll be signed out." }
    })
    const points = await screen.findByTestId('first-run-points')
    await waitFor(() =>
      expect(points.textContent).toContain("you'll be signed out when Printdock quits")
    )
    expect(points.textContent).not.toContain('keychain, never')
    expect(points.textContent).not.toContain('Tokens stay in your system keychain')
  })

  it('says encrypted on this computer with Electron safe storage, not keychain', async () => {
    await renderApp((fake) => {
      firstRun(fake)
      fake.secretStorage = { kind: 'safe-storage', detail: 'Electron safe storage (basic_text)' }
    })
    const points = await screen.findByTestId('first-run-points')
    await waitFor(() => expect(points.textContent).toContain('saved encrypted on this computer'))
    expect(points.textContent).not.toContain('Tokens stay in your system keychain')
  })

  it('names the services beyond Obico that this build offers', async () => {
    await renderApp((fake) => {
      firstRun(fake)
      // Main's label for Octoblu carries its API's name in brackets.
      fake.providers = fake.providers.map((p) =>
        p.key === 'octoblu' ? { ...p, label: 'Octoblu (Meshblu)' } : p
      )
    })
    const points = await screen.findByTestId('first-run-points')
    await waitFor(() => expect(points.textContent).toContain('Makeprintable'))
    for (const name of ['Obico Cloud', 'your own Obico server', 'Octoblu', 'Omniport', 'Zebbra'])
      expect(points.textContent).toContain(name)
    expect(points.textContent).toContain('any standard OAuth 2.0 server')
    // The profile's API name in brackets is left out of a sentence.
    expect(points.textContent).not.toContain('(Meshblu)')
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
