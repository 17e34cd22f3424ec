import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { checkRedirectOverride } from '../../src/renderer/src/features/accounts/redirect'
import { account } from './fixtures'
import { renderApp, type AppHarness } from './render-app'

/**
 * "Advanced: redirect URI": the per-account redirect override of OAuth link forms and Re-link,
 * checked like main's chooseRedirect and sent as `redirectUri` only when it means something.
 */

async function openProvider(key: string): Promise<AppHarness> {
  const harness = await renderApp((fake) => {
    fake.settings.lastScreen = 'accounts'
  })
  await harness.user.click(await screen.findByTestId(`provider-${key}`))
  return harness
}

function form(key: string): HTMLElement {
  return screen.getByTestId(`provider-form-${key}`)
}

/** Opens the disclosure inside `scope` and returns the override field. */
async function openRedirect(harness: AppHarness, scope: HTMLElement): Promise<HTMLInputElement> {
  const toggle = within(scope).getByRole('button', { name: 'Advanced: redirect URI' })
  expect(toggle.getAttribute('aria-expanded')).toBe('false')
  expect(within(scope).queryByTestId('redirect-override-input')).toBeNull()
  await harness.user.click(toggle)
  expect(toggle.getAttribute('aria-expanded')).toBe('true')
  return within(scope).getByLabelText('Redirect URI') as HTMLInputElement
}

describe('checkRedirectOverride', () => {
  // The same inputs are checked against main's chooseRedirect in
  // test/unit/core/accounts/redirect-parity.test.ts, so the two cannot drift apart.
  it.each([
    ['printdock://oauth/callback', 'custom-scheme', 'printdock://oauth/callback'],
    ['http://127.0.0.1/printdock/callback', 'loopback', 'http://127.0.0.1/printdock/callback'],
    ['  http://127.0.0.1/farm/return  ', 'loopback', 'http://127.0.0.1/farm/return'],
    ['http://[::1]/printdock/callback', 'loopback', 'http://[::1]/printdock/callback'],
    // The default port is no port: URL drops it.
    ['http://127.0.0.1:80/printdock/callback', 'loopback', 'http://127.0.0.1/printdock/callback']
  ])('accepts %j', (input, redirectKind, uri) => {
    expect(checkRedirectOverride(input)).toEqual({ kind: 'valid', redirectKind, uri })
  })

  it.each([
    'printdock://oauth/other',
    'PRINTDOCK://oauth/callback',
    'http://127.0.0.1:8080/printdock/callback',
    'https://127.0.0.1/printdock/callback',
    'http://localhost/printdock/callback',
    'http://127.0.0.1/printdock/callback?x=1',
    'http://127.0.0.1/printdock/callback#top',
    'http://127.0.0.1/',
    'https://example.com/callback',
    'not a url'
  ])('rejects %j', (input) => {
    expect(checkRedirectOverride(input).kind).toBe('invalid')
  })

  it('treats an empty field as no override', () => {
    expect(checkRedirectOverride('   ')).toEqual({ kind: 'empty' })
  })

  it('explains a port and a missing path in plain words', () => {
    expect(checkRedirectOverride('http://127.0.0.1:3000/cb')).toMatchObject({
      reason: expect.stringContaining('no port')
    })
    expect(checkRedirectOverride('http://127.0.0.1/')).toMatchObject({
      reason: 'A loopback redirect needs a path, e.g. /printdock/callback.'
    })
    expect(checkRedirectOverride('printdock://elsewhere')).toMatchObject({
      reason: "Printdock's own redirect is printdock://oauth/callback."
    })
  })
})

describe('redirect override in a link form', () => {
  it('is collapsed, shows the loopback default and explains what to register', async () => {
    const harness = await openProvider('obico-self-hosted')
    const input = await openRedirect(harness, form('obico-self-hosted'))
    expect(input.value).toBe('')
    expect(input.placeholder).toBe('http://127.0.0.1/printdock/callback')
    const explainer = screen.getByTestId('redirect-explainer').textContent ?? ''
    expect(explainer).toContain('exactly this address registered')
    expect(explainer).toContain('custom scheme')
    expect(explainer).toContain('without a port')
    expect(form('obico-self-hosted').textContent).toContain(
      'Leave empty to use http://127.0.0.1/printdock/callback.'
    )
  })

  it('sends a different loopback path as redirectUri and shows it in the register guide', async () => {
    const harness = await openProvider('obico-self-hosted')
    const { user, fake } = harness
    await user.type(screen.getByTestId('server-url-input'), 'https://farm.example')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    const input = await openRedirect(harness, form('obico-self-hosted'))
    await user.type(input, 'http://127.0.0.1/farm/return')
    expect(form('obico-self-hosted').textContent).toContain(
      'Printdock will use http://127.0.0.1/farm/return.'
    )
    // The guide tells the user to register the redirect this link will actually use.
    expect(screen.getByTestId('redirect-uri').textContent).toBe('http://127.0.0.1/farm/return')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'obico-self-hosted',
          serverUrl: 'https://farm.example',
          clientId: 'printdock-client',
          redirectUri: 'http://127.0.0.1/farm/return'
        }
      ]
    ])
  })

  it('rejects a loopback redirect with a port before calling main', async () => {
    const harness = await openProvider('obico-self-hosted')
    const { user, fake } = harness
    await user.type(screen.getByTestId('server-url-input'), 'https://farm.example')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    const input = await openRedirect(harness, form('obico-self-hosted'))
    await user.type(input, 'http://127.0.0.1:8080/printdock/callback')
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('redirect-override-input-error').textContent).toContain('no port')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(fake.linkRequests()).toHaveLength(0)
  })

  it('does not send the default, nor anything typed once the disclosure is closed', async () => {
    const harness = await openProvider('obico-self-hosted')
    const { user, fake } = harness
    await user.type(screen.getByTestId('server-url-input'), 'https://farm.example')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    const input = await openRedirect(harness, form('obico-self-hosted'))
    await user.type(input, 'http://127.0.0.1/printdock/callback')
    await user.click(screen.getByTestId('link-button'))
    await user.click(await screen.findByTestId('cancel-link-button'))

    await user.clear(screen.getByTestId('redirect-override-input'))
    await user.type(screen.getByTestId('redirect-override-input'), 'not a redirect')
    await user.click(screen.getByTestId('redirect-toggle'))
    await user.click(screen.getByTestId('link-button'))
    const calls = fake.linkRequests()
    expect(calls).toHaveLength(2)
    for (const [request] of calls) expect(request).not.toHaveProperty('redirectUri')
  })

  it('offers the custom scheme as default for Makeprintable and sends a loopback override', async () => {
    const harness = await openProvider('makeprintable')
    const { user, fake } = harness
    const input = await openRedirect(harness, form('makeprintable'))
    expect(input.placeholder).toBe('printdock://oauth/callback')
    await user.type(screen.getByTestId('client-secret-input'), 'mp-client-secret')
    await user.type(input, 'http://127.0.0.1/printdock/callback')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'makeprintable',
          clientSecret: 'mp-client-secret',
          redirectUri: 'http://127.0.0.1/printdock/callback'
        }
      ]
    ])
  })

  it('is not offered on forms without a browser link', async () => {
    await openProvider('zebbra')
    expect(screen.queryByTestId('redirect-toggle')).toBeNull()
  })
})

describe('redirect override on Re-link', () => {
  it('re-links with the typed redirect, the default included', async () => {
    const harness = await renderApp((f) => {
      f.settings.lastScreen = 'accounts'
      f.accounts = [account({ state: 'needs-relink' })]
    })
    const card = await screen.findByTestId('account-card')
    const input = await openRedirect(harness, card)
    expect(input.placeholder).toBe('http://127.0.0.1/printdock/callback')
    expect(card.textContent).toContain('keep the redirect this account was linked with')
    // Typing the default is how an account with an earlier override goes back to it.
    await harness.user.type(input, 'http://127.0.0.1/printdock/callback')
    await harness.user.click(within(card).getByTestId('relink-button'))
    expect(harness.fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'obico-cloud',
          accountId: account().id,
          redirectUri: 'http://127.0.0.1/printdock/callback'
        }
      ]
    ])
  })

  it('stops Re-link on an invalid redirect and says why', async () => {
    const harness = await renderApp((f) => {
      f.settings.lastScreen = 'accounts'
      f.accounts = [account({ state: 'needs-relink' })]
    })
    const card = await screen.findByTestId('account-card')
    const input = await openRedirect(harness, card)
    await harness.user.type(input, 'http://localhost/printdock/callback')
    await harness.user.click(within(card).getByTestId('relink-button'))
    expect(within(card).getByTestId('redirect-override-input-error').textContent).toContain(
      'http://127.0.0.1/your/path'
    )
    expect(harness.fake.linkRequests()).toHaveLength(0)
  })

  it('is not offered on accounts that re-link by entering a secret again', async () => {
    await renderApp((f) => {
      f.settings.lastScreen = 'accounts'
      f.accounts = [account({ credential: 'pasted-token' })]
    })
    const card = await screen.findByTestId('account-card')
    // The details hold Re-link and its redirect option: open them first.
    fireEvent.click(within(card).getByTestId('account-details-toggle'))
    expect(within(card).getByTestId('relink-button')).toBeTruthy()
    expect(within(card).queryByTestId('redirect-toggle')).toBeNull()
  })
})
