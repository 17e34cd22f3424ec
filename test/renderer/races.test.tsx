/**
 * Answers from main that arrive late or out of order must not undo what the user (or main) did
 * since, and form errors must reach assistive technology.
 */
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AccountsWatch } from '@shared/ipc/contract'
import type { UiSettings } from '@shared/models/settings'
import { account, pendingLink } from './fixtures'
import { renderApp } from './render-app'

/** A promise and the function that settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/** The text of the elements an element's `aria-describedby` points at. */
function description(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
}

describe('out-of-order answers', () => {
  it('a slow save of an earlier theme does not overwrite the theme chosen after it', async () => {
    const answers: {
      patch: Partial<UiSettings>
      answer: ReturnType<typeof deferred<UiSettings>>
    }[] = []
    const { user, fake } = await renderApp((fake) => {
      fake.on('settings:update', (patch) => {
        const answer = deferred<UiSettings>()
        answers.push({ patch, answer })
        return answer.promise
      })
    })
    await user.click(screen.getByRole('radio', { name: 'Dark' }))
    await user.click(screen.getByRole('radio', { name: 'Light' }))
    expect(document.documentElement.dataset.theme).toBe('light')
    // Main answers the second save first, then the first one.
    await act(async () => answers[1].answer.resolve({ ...fake.settings, theme: 'light' }))
    await act(async () => answers[0].answer.resolve({ ...fake.settings, theme: 'dark' }))
    expect(document.documentElement.dataset.theme).toBe('light')
    expect((screen.getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true)
  })

  it('an account list read before accounts:changed does not overwrite the pushed list', async () => {
    const answer = deferred<void>()
    const { fake } = await renderApp((fake) => {
      fake.settings.lastScreen = 'accounts'
      // Main reads the (empty) list when asked, but its answer reaches the window late.
      fake.on('accounts:watch', () => {
        const stale: AccountsWatch = {
          leaseId: crypto.randomUUID(),
          snapshot: fake.accountsSnapshot([])
        }
        return answer.promise.then(() => stale)
      })
    })
    // A link lands meanwhile; main pushes the newer list before the old answer arrives.
    act(() =>
      fake.emit(
        'accounts:changed',
        fake.accountsSnapshot([account({ displayName: 'pushed@example.com' })])
      )
    )
    await act(async () => answer.resolve())
    // The Accounts screen's code loads on first show; its cards appear once it has.
    expect(await screen.findAllByTestId('account-card')).toHaveLength(1)
    await waitFor(() => expect(screen.queryByTestId('accounts-status')).toBeNull())
    expect(screen.getAllByTestId('account-card')).toHaveLength(1)
    expect(screen.getByTestId('account-card').textContent).toContain('pushed@example.com')
  })

  it('a pushed list older than the one shown is ignored', async () => {
    const { fake } = await renderApp((fake) => {
      fake.settings.lastScreen = 'accounts'
      fake.accounts = [account({ displayName: 'current@example.com' })]
    })
    expect((await screen.findByTestId('account-card')).textContent).toContain('current@example.com')
    act(() => fake.emit('accounts:changed', { revision: 0, value: [] }))
    expect(screen.getByTestId('account-card').textContent).toContain('current@example.com')
  })

  it('a link that finished before its start was answered leaves no waiting panel behind', async () => {
    const { user, fake } = await renderApp((fake) => {
      fake.settings.lastScreen = 'accounts'
      fake.on('accounts:start-link', (operationId) => {
        // Main reports the outcome before the answer to start-link reaches the window: the
        // outcome names the page's own operation id, which the page knew before asking.
        fake.emit('accounts:link-finished', {
          attemptId: operationId,
          ok: true,
          account: account()
        })
        return pendingLink({ attemptId: operationId })
      })
    })
    // Obico Cloud, the likely choice, is open from the start.
    await screen.findByTestId('provider-form-obico-cloud')
    await user.click(screen.getByTestId('link-button'))
    expect(await screen.findByTestId('account-card')).toBeTruthy()
    await waitFor(() => expect(fake.callsOf('accounts:start-link')).toHaveLength(1))
    await act(async () => {})
    expect(screen.queryByTestId('pending-link')).toBeNull()
    expect((screen.getByTestId('link-button') as HTMLButtonElement).disabled).toBe(false)
  })
})

describe('secret form errors', () => {
  it('describe the field they belong to', async () => {
    const { user } = await renderApp((fake) => {
      fake.settings.lastScreen = 'accounts'
    })
    await user.click(await screen.findByTestId('provider-makeprintable'))
    await user.click(screen.getByTestId('link-with-api-key-button'))
    const input = screen.getByTestId('api-key-input')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(description(input)).toContain('Enter the api key.')
  })
})
