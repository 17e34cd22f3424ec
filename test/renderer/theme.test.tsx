import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fail } from './fake-api'
import { renderApp } from './render-app'

/** A controllable `prefers-color-scheme: dark` media query. */
function installMatchMedia(initialDark: boolean): { setDark: (dark: boolean) => void } {
  let dark = initialDark
  const listeners = new Set<(event: MediaQueryListEvent) => void>()
  const query = {
    get matches() {
      return dark
    },
    media: '(prefers-color-scheme: dark)',
    addEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) =>
      listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) =>
      listeners.delete(listener)
  }
  vi.stubGlobal('matchMedia', () => query)
  return {
    setDark(next: boolean) {
      dark = next
      for (const l of listeners) l({ matches: next } as MediaQueryListEvent)
    }
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

const root = (): HTMLElement => document.documentElement

describe('theme', () => {
  it('follows the OS while set to System, including live changes', async () => {
    const os = installMatchMedia(true)
    await renderApp()
    expect(root().dataset.theme).toBe('dark')
    expect(root().dataset.themePreference).toBe('system')
    act(() => os.setDark(false))
    expect(root().dataset.theme).toBe('light')
  })

  it('override toggles data-theme and is saved through settings.update', async () => {
    installMatchMedia(false)
    const { user, fake } = await renderApp()
    expect(root().dataset.theme).toBe('light')

    await user.click(screen.getByRole('radio', { name: 'Dark' }))
    expect(root().dataset.theme).toBe('dark')
    expect(root().dataset.themePreference).toBe('dark')
    await waitFor(() => expect(fake.callsOf('settings:update')).toContainEqual([{ theme: 'dark' }]))
    expect(fake.settings.theme).toBe('dark')

    await user.click(screen.getByRole('radio', { name: 'Light' }))
    expect(root().dataset.theme).toBe('light')
    await user.click(screen.getByRole('radio', { name: 'System' }))
    expect(root().dataset.theme).toBe('light')
    expect(root().dataset.themePreference).toBe('system')
  })

  it('starts with the saved override', async () => {
    installMatchMedia(false)
    await renderApp((fake) => {
      fake.settings = { ...fake.settings, theme: 'dark' }
    })
    expect(root().dataset.theme).toBe('dark')
    expect((screen.getByRole('radio', { name: 'Dark' }) as HTMLInputElement).checked).toBe(true)
  })

  it('reverts and says so when main refuses to save', async () => {
    installMatchMedia(false)
    const { user } = await renderApp((fake) => {
      fake.on('settings:update', () => fail('settings/invalid'))
    })
    await user.click(screen.getByRole('radio', { name: 'Dark' }))
    await waitFor(() => expect(root().dataset.theme).toBe('light'))
    expect((screen.getByRole('radio', { name: 'System' }) as HTMLInputElement).checked).toBe(true)
    expect((await screen.findByRole('alert')).textContent).toContain(
      'That setting could not be saved.'
    )
  })
})
