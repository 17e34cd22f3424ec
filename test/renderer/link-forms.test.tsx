import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { account, PROVIDERS } from './fixtures'
import { fail } from './fake-api'
import { renderApp, type AppHarness } from './render-app'

async function openProvider(
  key: string,
  prepare?: (fake: Parameters<NonNullable<Parameters<typeof renderApp>[0]>>[0]) => void
): Promise<AppHarness> {
  const harness = await renderApp((fake) => {
    fake.settings.lastScreen = 'accounts'
    fake.on('accounts:link-with-secret', (req) =>
      account({
        id: `${req.profileKey}|x`,
        credential: req.kind === 'api-key' ? 'api-key' : 'pasted-token'
      })
    )
    fake.on('accounts:sign-in-with-password', (req) =>
      account({
        id: 'zebbra|x',
        provider: 'zebbra',
        displayName: req.username,
        credential: 'password-grant'
      })
    )
    // After the defaults, so a test's own answers win.
    prepare?.(fake)
  })
  const toggle = await screen.findByTestId(`provider-${key}`)
  // The likely choice (Obico Cloud) is open from the start; a click would close it.
  if (toggle.getAttribute('aria-expanded') !== 'true') await harness.user.click(toggle)
  return harness
}

function form(key: string): HTMLElement {
  return screen.getByTestId(`provider-form-${key}`)
}

describe('self-hosted Obico form', () => {
  it('rejects an invalid server address before calling main', async () => {
    const { user, fake } = await openProvider('obico-self-hosted')
    const url = screen.getByTestId('server-url-input')
    await user.type(url, 'ftp://print-farm.local')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('server-url-input-error').textContent).toBe(
      'Only https:// and http:// addresses work.'
    )
    expect(url.getAttribute('aria-invalid')).toBe('true')
    expect(fake.linkRequests()).toHaveLength(0)
  })

  it('requires a server address and a client ID', async () => {
    const { user, fake } = await openProvider('obico-self-hosted')
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('server-url-input-error').textContent).toContain(
      'Enter the address of your server'
    )
    expect(screen.getByTestId('client-id-input-error').textContent).toContain('Enter the client ID')
    expect(fake.linkRequests()).toHaveLength(0)
  })

  it('warns about plain http on a non-loopback host, not on https or 127.0.0.1', async () => {
    const { user } = await openProvider('obico-self-hosted')
    const url = screen.getByTestId('server-url-input')
    await user.type(url, 'http://192.168.1.20:3334')
    expect(screen.getByTestId('http-warning').textContent).toContain(
      'tokens would travel unencrypted'
    )

    await user.clear(url)
    await user.type(url, 'http://127.0.0.1:3334')
    expect(screen.queryByTestId('http-warning')).toBeNull()

    await user.clear(url)
    await user.type(url, 'https://print-farm.example')
    expect(screen.queryByTestId('http-warning')).toBeNull()
  })

  it('normalises the address, shows the register guide for it, and sends the origin', async () => {
    const { user, fake } = await openProvider('obico-self-hosted')
    await user.type(
      screen.getByTestId('server-url-input'),
      '  Print-Farm.Example:8443/some/path/  '
    )
    expect(form('obico-self-hosted').textContent).toContain(
      'Printdock will use https://print-farm.example:8443.'
    )
    expect(screen.getByTestId('register-url').textContent).toBe(
      'https://print-farm.example:8443/o/applications/register/'
    )
    expect(screen.getByTestId('redirect-uri').textContent).toBe(
      'http://127.0.0.1/printdock/callback'
    )
    const guide = screen.getByTestId('redirect-guide')
    expect(guide.textContent).toContain('Public')
    expect(guide.textContent).toContain('Authorization code')
    expect(guide.textContent).toContain('without a port')

    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'obico-self-hosted',
          serverUrl: 'https://print-farm.example:8443',
          clientId: 'printdock-client'
        }
      ]
    ])
    expect(await screen.findByTestId('pending-link')).toBeTruthy()
  })

  it('links with an administrator-issued access token and clears the field', async () => {
    const { user, fake } = await openProvider('obico-self-hosted')
    await user.type(screen.getByTestId('server-url-input'), 'https://farm.example')
    const token = screen.getByTestId('token-input') as HTMLInputElement
    expect(token.type).toBe('password')
    await user.type(token, 'admin-issued-token')
    await user.click(screen.getByTestId('link-with-token-button'))
    expect(fake.callsOf('accounts:link-with-secret')).toEqual([
      [
        {
          profileKey: 'obico-self-hosted',
          serverUrl: 'https://farm.example',
          kind: 'access-token',
          secret: 'admin-issued-token'
        }
      ]
    ])
    expect(token.value).toBe('')
    expect(await screen.findByTestId('account-card')).toBeTruthy()
  })
})

describe('Makeprintable form', () => {
  it('offers the browser and an API key; the key is sent as kind api-key', async () => {
    const { user, fake } = await openProvider('makeprintable')
    expect(
      within(form('makeprintable')).getByRole('button', { name: 'Link with browser' })
    ).toBeTruthy()
    // The hosted server is the default: its address field stays hidden until the user asks.
    const toggle = within(form('makeprintable')).getByRole('button', {
      name: 'Use a different server'
    })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByTestId('server-url-input')).toBeNull()
    expect(screen.getByTestId('default-server-note').textContent).toBe(
      'Printdock uses https://makeprintable.com.'
    )
    await user.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const url = screen.getByTestId('server-url-input') as HTMLInputElement
    expect(url.value).toBe('')
    expect(url.placeholder).toBe('https://makeprintable.com')
    expect(screen.getByLabelText('Server address')).toBe(url)
    await user.click(toggle)
    expect(screen.queryByTestId('server-url-input')).toBeNull()
    const key = screen.getByTestId('api-key-input') as HTMLInputElement
    expect(key.type).toBe('password')
    await user.type(key, 'mp-key-123')
    await user.click(screen.getByTestId('link-with-api-key-button'))
    expect(fake.callsOf('accounts:link-with-secret')).toEqual([
      [{ profileKey: 'makeprintable', kind: 'api-key', secret: 'mp-key-123' }]
    ])
    expect(key.value).toBe('')
  })

  it('asks for the client secret the token endpoint requires and sends it once', async () => {
    const { user, fake } = await openProvider('makeprintable')
    const secret = screen.getByTestId('client-secret-input') as HTMLInputElement
    expect(secret.type).toBe('password')
    expect(screen.getByLabelText('Client secret')).toBe(secret)
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('client-secret-input-error').textContent).toContain(
      'Enter the client secret'
    )
    expect(fake.linkRequests()).toHaveLength(0)

    await user.type(secret, 'mp-client-secret')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [{ profileKey: 'makeprintable', clientSecret: 'mp-client-secret' }]
    ])
    expect(secret.value).toBe('')
  })

  it('shows a rejected key in plain words', async () => {
    const { user, fake } = await openProvider('makeprintable')
    fake.on('accounts:link-with-secret', () => fail('auth/invalid-credentials', '401 from api'))
    await user.type(screen.getByTestId('api-key-input'), 'wrong')
    await user.click(screen.getByTestId('link-with-api-key-button'))
    const error = await screen.findByTestId('link-error')
    expect(error.textContent).toBe(
      'That API key was not accepted. Copy it again from your account settings.'
    )
  })
})

describe('Zebbra form', () => {
  it('uses a password field, says the password is not stored, and clears it after submit', async () => {
    const { user, fake } = await openProvider('zebbra')
    const password = screen.getByTestId('password-input') as HTMLInputElement
    expect(password.type).toBe('password')
    expect(form('zebbra').textContent).toContain('never stores your password')
    await user.type(screen.getByTestId('username-input'), 'ada@zebbra.example')
    await user.type(password, 'correct horse')
    await user.click(screen.getByTestId('sign-in-button'))
    expect(fake.callsOf('accounts:sign-in-with-password')).toEqual([
      [
        {
          profileKey: 'zebbra',
          username: 'ada@zebbra.example',
          password: 'correct horse'
        }
      ]
    ])
    expect(password.value).toBe('')
    expect((await screen.findByTestId('account-card')).textContent).toContain('ada@zebbra.example')
  })

  it('clears the password after a failed sign-in too', async () => {
    const { user, fake } = await openProvider('zebbra')
    fake.on('accounts:sign-in-with-password', () => fail('auth/invalid-credentials'))
    const password = screen.getByTestId('password-input') as HTMLInputElement
    await user.type(screen.getByTestId('username-input'), 'ada')
    await user.type(password, 'wrong')
    await user.click(screen.getByTestId('sign-in-button'))
    expect(await screen.findByTestId('link-error')).toBeTruthy()
    expect(password.value).toBe('')
  })

  it('"Create account" sends the registration details', async () => {
    const { user, fake } = await openProvider('zebbra')
    await user.click(screen.getByRole('radio', { name: 'Create account' }))
    await user.type(screen.getByTestId('username-input'), 'new@zebbra.example')
    await user.type(screen.getByTestId('password-input'), 's3cret-pass')
    await user.click(screen.getByTestId('sign-in-button'))
    expect(fake.callsOf('accounts:sign-in-with-password')).toHaveLength(0)
    expect(screen.getByText('Enter your first name.')).toBeTruthy()
    // Not sent, so not cleared: the user only has to add the missing fields.
    expect((screen.getByTestId('password-input') as HTMLInputElement).value).toBe('s3cret-pass')

    await user.type(screen.getByTestId('first-name-input'), 'Ada')
    await user.type(screen.getByTestId('last-name-input'), 'Maker')
    await user.click(screen.getByTestId('sign-in-button'))
    await waitFor(() => expect(fake.callsOf('accounts:sign-in-with-password')).toHaveLength(1))
    expect(fake.callsOf('accounts:sign-in-with-password')[0][0]).toEqual({
      profileKey: 'zebbra',
      username: 'new@zebbra.example',
      password: 's3cret-pass',
      register: { firstName: 'Ada', lastName: 'Maker' }
    })
    expect((screen.getByTestId('password-input') as HTMLInputElement).value).toBe('')
  })
})

describe('"Use a different server" on hosted profiles', () => {
  function toggleOf(key: string): HTMLElement {
    return within(form(key)).getByTestId('other-server-toggle')
  }

  it('opens and closes from the keyboard (Enter and Space) and keeps focus on the toggle', async () => {
    const { user } = await openProvider('octoblu')
    const toggle = toggleOf('octoblu')
    expect(toggle.tagName).toBe('BUTTON')
    const panel = screen.getByTestId('other-server-panel')
    expect(toggle.getAttribute('aria-controls')).toBe(panel.id)
    expect(panel.hidden).toBe(true)

    toggle.focus()
    await user.keyboard('{Enter}')
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    expect(panel.hidden).toBe(false)
    expect(within(panel).getByTestId('server-url-input')).toBeTruthy()
    expect(document.activeElement).toBe(toggle)

    await user.keyboard(' ')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByTestId('server-url-input')).toBeNull()

    await user.keyboard(' ')
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    // Tab moves from the toggle into the address field it revealed.
    await user.tab()
    expect(document.activeElement).toBe(screen.getByTestId('server-url-input'))
  })

  it('is offered where main says so, not where an address is required, absent or covered elsewhere', async () => {
    const { user } = await openProvider('makeprintable')
    expect(toggleOf('makeprintable')).toBeTruthy()
    // Obico Cloud: another Obico is "Obico (self-hosted)", with its own client ID.
    for (const key of ['obico-cloud', 'obico-self-hosted', 'generic']) {
      await user.click(screen.getByTestId(`provider-${key}`))
      expect(within(form(key)).queryByTestId('other-server-toggle')).toBeNull()
    }
    // Self-hosted Obico keeps its required, always-visible field.
    await user.click(screen.getByTestId('provider-obico-self-hosted'))
    expect(within(form('obico-self-hosted')).getByTestId('server-url-input')).toBeTruthy()
  })

  it('sends a typed server with "Link with browser", as its origin', async () => {
    const { user, fake } = await openProvider('octoblu')
    await user.click(toggleOf('octoblu'))
    await user.type(screen.getByTestId('server-url-input'), 'Meshblu.Example.org:8443/oauth')
    expect(form('octoblu').textContent).toContain(
      'Printdock will use https://meshblu.example.org:8443.'
    )
    await user.type(screen.getByTestId('client-id-input'), 'device-uuid')
    await user.type(screen.getByTestId('client-secret-input'), 'device-token')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'octoblu',
          serverUrl: 'https://meshblu.example.org:8443',
          clientId: 'device-uuid',
          clientSecret: 'device-token'
        }
      ]
    ])
  })

  it('sends a typed server with an API key', async () => {
    const { user, fake } = await openProvider('makeprintable')
    await user.click(toggleOf('makeprintable'))
    await user.type(screen.getByTestId('server-url-input'), 'https://mp.self-hosted.example')
    await user.type(screen.getByTestId('api-key-input'), 'mp-key-123')
    await user.click(screen.getByTestId('link-with-api-key-button'))
    expect(fake.callsOf('accounts:link-with-secret')).toEqual([
      [
        {
          profileKey: 'makeprintable',
          serverUrl: 'https://mp.self-hosted.example',
          kind: 'api-key',
          secret: 'mp-key-123'
        }
      ]
    ])
  })

  it('sends a typed server with the Zebbra password and names it in the hint', async () => {
    const { user, fake } = await openProvider('zebbra')
    await user.click(toggleOf('zebbra'))
    await user.type(screen.getByTestId('server-url-input'), 'https://zebbra.my-farm.example')
    expect(form('zebbra').textContent).toContain('Sent once to https://zebbra.my-farm.example')
    await user.type(screen.getByTestId('username-input'), 'ada')
    await user.type(screen.getByTestId('password-input'), 'correct horse')
    await user.click(screen.getByTestId('sign-in-button'))
    expect(fake.callsOf('accounts:sign-in-with-password')).toEqual([
      [
        {
          profileKey: 'zebbra',
          serverUrl: 'https://zebbra.my-farm.example',
          username: 'ada',
          password: 'correct horse'
        }
      ]
    ])
  })

  it('sends no serverUrl when left empty, set to the default, or closed again', async () => {
    const { user, fake } = await openProvider('makeprintable')
    const send = async (): Promise<void> => {
      await user.type(screen.getByTestId('client-secret-input'), 'mp-client-secret')
      await user.click(screen.getByTestId('link-button'))
      await user.click(await screen.findByTestId('cancel-link-button'))
      await waitFor(() => expect(screen.queryByTestId('pending-link')).toBeNull())
    }
    await user.click(toggleOf('makeprintable'))
    await send()
    await user.type(screen.getByTestId('server-url-input'), 'HTTPS://MakePrintable.com/')
    await send()
    await user.clear(screen.getByTestId('server-url-input'))
    await user.type(screen.getByTestId('server-url-input'), 'https://mp.example')
    await user.click(toggleOf('makeprintable'))
    await send()
    expect(fake.linkRequests()).toEqual([
      [{ profileKey: 'makeprintable', clientSecret: 'mp-client-secret' }],
      [{ profileKey: 'makeprintable', clientSecret: 'mp-client-secret' }],
      [{ profileKey: 'makeprintable', clientSecret: 'mp-client-secret' }]
    ])
  })

  it('blocks every submit on an invalid address with a plain message, keeping typed secrets', async () => {
    const { user, fake } = await openProvider('makeprintable')
    await user.click(toggleOf('makeprintable'))
    const url = screen.getByTestId('server-url-input')
    await user.type(url, 'ftp://mp.example')
    await user.type(screen.getByTestId('client-secret-input'), 'mp-client-secret')
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('server-url-input-error').textContent).toBe(
      'Only https:// and http:// addresses work.'
    )
    expect(url.getAttribute('aria-invalid')).toBe('true')

    const key = screen.getByTestId('api-key-input') as HTMLInputElement
    await user.type(key, 'mp-key-123')
    await user.click(screen.getByTestId('link-with-api-key-button'))
    expect(key.value).toBe('mp-key-123')
    expect(fake.linkRequests()).toHaveLength(0)
    expect(fake.callsOf('accounts:link-with-secret')).toHaveLength(0)

    // Fixed, the same key goes out with the server.
    await user.clear(url)
    await user.type(url, 'https://mp.example')
    expect(screen.queryByTestId('server-url-input-error')).toBeNull()
    await user.click(screen.getByTestId('link-with-api-key-button'))
    expect(fake.callsOf('accounts:link-with-secret')).toEqual([
      [
        {
          profileKey: 'makeprintable',
          serverUrl: 'https://mp.example',
          kind: 'api-key',
          secret: 'mp-key-123'
        }
      ]
    ])
  })

  it('blocks the Zebbra sign-in on an invalid address and keeps the password', async () => {
    const { user, fake } = await openProvider('zebbra')
    await user.click(toggleOf('zebbra'))
    await user.type(screen.getByTestId('server-url-input'), 'https://user:pw@zebbra.example')
    await user.type(screen.getByTestId('username-input'), 'ada')
    const password = screen.getByTestId('password-input') as HTMLInputElement
    await user.type(password, 'correct horse')
    await user.click(screen.getByTestId('sign-in-button'))
    expect(screen.getByTestId('server-url-input-error').textContent).toContain(
      'Leave the user name and password out of the address'
    )
    expect(password.value).toBe('correct horse')
    expect(fake.callsOf('accounts:sign-in-with-password')).toHaveLength(0)
  })

  it('warns about plain http on another computer, not on loopback or https', async () => {
    const { user } = await openProvider('zebbra')
    await user.click(toggleOf('zebbra'))
    const url = screen.getByTestId('server-url-input')
    await user.type(url, 'http://192.168.1.20:8000')
    expect(within(form('zebbra')).getByTestId('http-warning').textContent).toContain(
      'tokens would travel unencrypted'
    )
    await user.clear(url)
    await user.type(url, 'http://localhost:8000')
    expect(screen.queryByTestId('http-warning')).toBeNull()
    await user.clear(url)
    await user.type(url, 'https://zebbra.example')
    expect(screen.queryByTestId('http-warning')).toBeNull()
    // Closing the disclosure drops the warning with the address it was about.
    await user.clear(url)
    await user.type(url, 'http://192.168.1.20:8000')
    expect(screen.getByTestId('http-warning')).toBeTruthy()
    await user.click(toggleOf('zebbra'))
    expect(screen.queryByTestId('http-warning')).toBeNull()
  })
})

describe('Octoblu form', () => {
  it('sends the Meshblu API server only when given, as an origin', async () => {
    const { user, fake } = await openProvider('octoblu')
    await user.type(screen.getByTestId('client-id-input'), 'device-uuid')
    await user.type(screen.getByTestId('client-secret-input'), 'device-token')
    await user.type(screen.getByTestId('api-server-input'), 'https://meshblu.example/')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'octoblu',
          clientId: 'device-uuid',
          clientSecret: 'device-token',
          apiServerUrl: 'https://meshblu.example'
        }
      ]
    ])
  })
})

describe('generic OAuth form', () => {
  it('needs authorize and token URLs and sends the whole configuration', async () => {
    const { user, fake } = await openProvider('generic')
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('authorize-url-input-error').textContent).toBe(
      'Enter the authorize URL.'
    )
    expect(fake.linkRequests()).toHaveLength(0)

    await user.type(screen.getByTestId('authorize-url-input'), 'https://id.example/authorize')
    await user.type(screen.getByTestId('token-url-input'), 'http://id.example/token')
    expect(screen.getByTestId('http-warning').textContent).toContain('unencrypted')
    await user.type(screen.getByTestId('revoke-url-input'), 'https://id.example/revoke')
    await user.type(screen.getByTestId('scopes-input'), 'read write')
    await user.type(screen.getByTestId('client-id-input'), 'my-client')
    await user.click(screen.getByTestId('link-button'))
    expect(fake.linkRequests()).toEqual([
      [
        {
          profileKey: 'generic',
          clientId: 'my-client',
          generic: {
            authorizeUrl: 'https://id.example/authorize',
            tokenUrl: 'http://id.example/token',
            revokeUrl: 'https://id.example/revoke',
            scopes: 'read write'
          }
        }
      ]
    ])
  })
})

/** The provider list of a build without a baked-in client ID for Obico Cloud. */
function withoutCloudClientId(): typeof PROVIDERS {
  return PROVIDERS.map((provider) =>
    provider.key === 'obico-cloud'
      ? { ...provider, needsClientId: true, supportsPastedToken: true }
      : provider
  )
}

describe('Obico Cloud in a build without a baked-in client ID', () => {
  it('says so in one sentence and guides the registration on app.obico.io', async () => {
    await openProvider('obico-cloud', (fake) => (fake.providers = withoutCloudClientId()))
    const panel = form('obico-cloud')
    expect(within(panel).getByTestId('client-id-notice').textContent).toContain(
      'no Obico Cloud client ID built in'
    )
    const guide = within(panel).getByTestId('redirect-guide')
    expect(guide.hasAttribute('open')).toBe(true)
    expect(within(guide).getByTestId('register-url').textContent).toBe(
      'https://app.obico.io/o/applications/register/'
    )
    expect(within(guide).getByTestId('copy-register-url')).toBeTruthy()
    expect(within(guide).getByTestId('guide-value-name').textContent).toBe('Printdock')
    expect(within(guide).getByTestId('guide-value-client-type').textContent).toBe('Public')
    expect(within(guide).getByTestId('guide-value-grant-type').textContent).toBe(
      'Authorization code'
    )
    expect(within(guide).getByTestId('redirect-uri').textContent).toBe(
      'http://127.0.0.1/printdock/callback'
    )
    expect(within(guide).getByTestId('copy-redirect-uri')).toBeTruthy()
    expect(within(guide).getByTestId('support-route').textContent).toContain('support@obico.io')
    expect(within(panel).getByTestId('client-id-input')).toBeTruthy()
    // The cloud's token text has nothing to do with a server's admin pages.
    expect(panel.textContent).not.toMatch(/Django|admin/i)
  })

  it('sends the client ID the user registered', async () => {
    const { user, fake } = await openProvider('obico-cloud', (fake) => {
      fake.providers = withoutCloudClientId()
    })
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('client-id-input-error').textContent).toContain('Enter the client ID')
    expect(fake.linkRequests()).toHaveLength(0)
    await user.type(screen.getByTestId('client-id-input'), 'my-printdock')
    await user.click(screen.getByTestId('link-button'))
    await waitFor(() => expect(fake.linkRequests()).toHaveLength(1))
    expect(fake.linkRequests()[0]![0]).toMatchObject({
      profileKey: 'obico-cloud',
      clientId: 'my-printdock'
    })
  })

  it('with a baked-in client ID asks for nothing and explains nothing', async () => {
    await openProvider('obico-cloud')
    const panel = form('obico-cloud')
    expect(within(panel).queryByTestId('client-id-notice')).toBeNull()
    expect(within(panel).queryByTestId('redirect-guide')).toBeNull()
    expect(within(panel).queryByTestId('client-id-input')).toBeNull()
  })
})

describe('where other services hand out client IDs', () => {
  it.each([
    ['octoblu', /Thing of type “OAuth Application”.*UUID is the client ID/],
    ['omniport', /channeli\.in\/developer\/add.*approve/]
  ])('%s names its developer page in plain words', async (key, words) => {
    await openProvider(key)
    const panel = form(key)
    expect(within(panel).getByTestId('client-id-notice').textContent).toContain('no ')
    expect(within(panel).getByTestId('client-id-source').textContent).toMatch(words)
    expect(within(panel).getByTestId('copy-redirect-uri')).toBeTruthy()
  })

  it('makeprintable names makeprintable.com when no client ID is built in', async () => {
    await openProvider('makeprintable', (fake) => {
      fake.providers = PROVIDERS.map((p) =>
        p.key === 'makeprintable' ? { ...p, needsClientId: true } : p
      )
    })
    expect(within(form('makeprintable')).getByTestId('client-id-source').textContent).toContain(
      'Create an app on makeprintable.com'
    )
  })
})

describe('server address and link errors beside the form', () => {
  it('refuses words that are not a host, beside the field', async () => {
    const { user, fake } = await openProvider('obico-self-hosted')
    await user.type(screen.getByTestId('server-url-input'), 'not a url')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    await user.click(screen.getByTestId('link-button'))
    expect(screen.getByTestId('server-url-input-error').textContent).toContain('no spaces')
    expect(fake.linkRequests()).toHaveLength(0)
  })

  it('names the server that did not answer, in the form, with no toast', async () => {
    const { user } = await openProvider('obico-self-hosted', (fake) => {
      fake.on('accounts:start-link', () => ({
        ok: false,
        error: {
          code: 'network/offline',
          message: 'main says so',
          server: 'http://127.0.0.1:9'
        }
      }))
    })
    await user.type(screen.getByTestId('server-url-input'), 'http://127.0.0.1:9')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    await user.click(screen.getByTestId('link-button'))
    const error = await within(form('obico-self-hosted')).findByTestId('link-error')
    expect(error.textContent).toBe(
      'Printdock could not reach http://127.0.0.1:9. Check the address and that the server is running.'
    )
    expect(screen.queryByRole('status', { name: /could not reach/ })).toBeNull()
    expect(document.body.textContent?.match(/could not reach/g)).toHaveLength(1)
  })

  it('a pending link says so where its buttons are greyed', async () => {
    const { user } = await openProvider('obico-self-hosted')
    await user.type(screen.getByTestId('server-url-input'), 'https://obico.example.com')
    await user.type(screen.getByTestId('client-id-input'), 'printdock-client')
    await user.click(screen.getByTestId('link-button'))
    const button = await screen.findByRole('button', {
      name: 'Waiting for approval in your browser'
    })
    expect((button as HTMLButtonElement).disabled).toBe(true)
    expect(within(form('obico-self-hosted')).getByTestId('pending-note').textContent).toContain(
      'waiting for your approval in the browser'
    )
    expect(screen.getByTestId('provider-summary-obico-self-hosted').textContent).toContain(
      'Waiting for your approval in the browser.'
    )
  })
})

describe('"Link an account" with accounts listed', () => {
  it('jumps past the accounts to the open provider', async () => {
    const { user } = await openProvider('obico-cloud', (fake) => {
      fake.accounts = [account(), account({ id: 'obico|https://app.obico.io|43' })]
    })
    await user.click(screen.getByTestId('jump-to-link'))
    expect(document.activeElement).toBe(screen.getByTestId('provider-obico-cloud'))
    expect(screen.getByTestId('provider-obico-cloud').getAttribute('aria-expanded')).toBe('true')
  })

  it('is not needed when nothing is linked: the link section follows the empty list', async () => {
    await openProvider('obico-cloud')
    expect(screen.queryByTestId('jump-to-link')).toBeNull()
  })
})

describe('a rejected credential is named for what the user typed', () => {
  it('a token, when the server gave no reason', async () => {
    const { user } = await openProvider('obico-self-hosted', (fake) => {
      fake.on('accounts:link-with-secret', () => fail('auth/invalid-credentials'))
    })
    await user.type(screen.getByTestId('server-url-input'), 'https://obico.example.com')
    await user.type(screen.getByTestId('token-input'), 'not-a-real-token')
    await user.click(screen.getByTestId('link-with-token-button'))
    expect((await screen.findByTestId('link-error')).textContent).toBe(
      'That access token was not accepted. Check that you copied all of it and that it has not been revoked.'
    )
  })

  it("a password: the server's own reason when it gave one", async () => {
    const { user } = await openProvider('zebbra', (fake) => {
      fake.on('accounts:sign-in-with-password', () => ({
        ok: false,
        error: {
          code: 'auth/invalid-credentials',
          message: 'x',
          serverSaid: 'Incorrect username or password'
        }
      }))
    })
    await user.type(screen.getByTestId('username-input'), 'ada@example.com')
    await user.type(screen.getByTestId('password-input'), 'wrong-password')
    await user.click(screen.getByTestId('sign-in-button'))
    expect((await screen.findByTestId('link-error')).textContent).toBe(
      'Incorrect username or password.'
    )
  })
})
