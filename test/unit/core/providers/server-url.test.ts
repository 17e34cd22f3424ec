import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import { normalizeServerUrl } from '../../../../src/main/core/providers/server-url'

describe('normalizeServerUrl accepts and normalises', () => {
  const cases: [string, string, 'plain-http' | undefined][] = [
    ['https://app.obico.io', 'https://app.obico.io', undefined],
    ['https://app.obico.io/', 'https://app.obico.io', undefined],
    ['  https://App.Obico.IO/  ', 'https://app.obico.io', undefined],
    ['HTTPS://APP.OBICO.IO', 'https://app.obico.io', undefined],
    ['https://app.obico.io:443/', 'https://app.obico.io', undefined],
    ['http://print-farm.local:80', 'http://print-farm.local', 'plain-http'],
    ['http://print-farm.local:3334/', 'http://print-farm.local:3334', 'plain-http'],
    ['https://print-farm.local:8443/printers/', 'https://print-farm.local:8443', undefined],
    ['print-farm.local', 'https://print-farm.local', undefined],
    ['print-farm.local:3334', 'https://print-farm.local:3334', undefined],
    ['192.168.1.20:3334', 'https://192.168.1.20:3334', undefined],
    ['http://192.168.1.20:3334', 'http://192.168.1.20:3334', 'plain-http'],
    ['http://127.0.0.1:3334', 'http://127.0.0.1:3334', undefined],
    ['http://127.8.9.10', 'http://127.8.9.10', undefined],
    ['http://localhost:8000/', 'http://localhost:8000', undefined],
    ['http://obico.localhost', 'http://obico.localhost', undefined],
    ['http://[::1]:3334', 'http://[::1]:3334', undefined],
    ['https://[2001:db8::1]:8443', 'https://[2001:db8::1]:8443', undefined],
    ['https://bücher.example', 'https://xn--bcher-kva.example', undefined],
    // Copied from the browser bar: the origin is the server; query and fragment are dropped.
    ['https://app.obico.io/?next=evil', 'https://app.obico.io', undefined],
    ['https://app.obico.io/#frag', 'https://app.obico.io', undefined]
  ]
  it.each(cases)('%s → %s', (input, origin, warning) => {
    const result = normalizeServerUrl(input)
    expect(result.origin).toBe(origin)
    expect(result.warning).toBe(warning)
  })
})

describe('normalizeServerUrl rejects hostile or unusable input', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   ', 'blank'],
    ['javascript:alert(1)', 'javascript scheme'],
    ['file:///etc/passwd', 'file scheme'],
    ['file:/etc/passwd', 'file scheme without slashes'],
    ['ftp://files.example.com', 'ftp scheme'],
    ['data:text/html,<script>alert(1)</script>', 'data URL'],
    ['mailto:me@example.com', 'mailto'],
    ['printdock://oauth/callback', 'custom scheme'],
    ['https://user:pass@app.obico.io', 'userinfo with password'],
    ['https://user@app.obico.io', 'userinfo'],
    ['https://@app.obico.io', 'empty userinfo'],
    ['https://app.obico.io@evil.example', 'userinfo trick'],
    ['https://app .obico.io', 'space inside'],
    ['https://app.obico.io\u0000.evil', 'NUL'],
    ['https://app.obico.io\u202e', 'bidi override'],
    ['https:\\\\app.obico.io', 'backslashes'],
    ['//app.obico.io', 'scheme-relative'],
    ['https://', 'no host'],
    ['https://app.obico.io:99999', 'port out of range'],
    ['https://exa mple.com', 'space in host'],
    ['https://' + 'a'.repeat(3000) + '.com', 'too long'],
    ['not a url', 'words, not a host'],
    ['1', 'a number, not a host'],
    ['https://a..b', 'an empty label']
  ]
  it.each(cases)('%j (%s)', (input) => {
    let caught: unknown
    try {
      normalizeServerUrl(input)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('account/invalid-server-url')
  })
})
