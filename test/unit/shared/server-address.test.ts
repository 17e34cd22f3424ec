import { describe, expect, it } from 'vitest'
import {
  isInsecureUrl,
  isLoopbackHost,
  parseServerAddress
} from '../../../src/shared/server-address'

/**
 * The one server-address parser (main, renderer and CLI all use it). Each row is what a person
 * might type and what Printdock must make of it.
 */
describe('parseServerAddress accepts hosts and normalises them to an origin', () => {
  const rows: { input: string; origin: string; insecure: boolean; note?: RegExp }[] = [
    { input: 'https://obico.example.com', origin: 'https://obico.example.com', insecure: false },
    {
      input: '  HTTPS://Obico.Example.COM/ ',
      origin: 'https://obico.example.com',
      insecure: false
    },
    {
      input: 'https://obico.example.com:443',
      origin: 'https://obico.example.com',
      insecure: false
    },
    {
      input: 'print-farm.local:3334',
      origin: 'https://print-farm.local:3334',
      insecure: false,
      note: /https:\/\/ is assumed/
    },
    { input: '192.168.1.20', origin: 'https://192.168.1.20', insecure: false },
    { input: 'http://192.168.1.20:3334', origin: 'http://192.168.1.20:3334', insecure: true },
    { input: 'http://printer', origin: 'http://printer', insecure: true },
    { input: 'http://127.0.0.1:5340', origin: 'http://127.0.0.1:5340', insecure: false },
    // All of 127.0.0.0/8 is loopback (one old copy only knew 127.0.0.1).
    { input: 'http://127.0.0.2:5340', origin: 'http://127.0.0.2:5340', insecure: false },
    { input: 'http://localhost:8000', origin: 'http://localhost:8000', insecure: false },
    // *.localhost is loopback too (another old copy forgot it).
    { input: 'http://obico.localhost', origin: 'http://obico.localhost', insecure: false },
    { input: 'http://[::1]:3334', origin: 'http://[::1]:3334', insecure: false },
    { input: 'https://[2001:db8::1]:8443', origin: 'https://[2001:db8::1]:8443', insecure: false },
    { input: 'https://bücher.example', origin: 'https://xn--bcher-kva.example', insecure: false },
    {
      input: 'https://obico.example.com/accounts/login/?next=/',
      origin: 'https://obico.example.com',
      insecure: false,
      note: /path \/accounts\/login\/ was dropped/
    },
    {
      input: 'https://obico.example.com/#top',
      origin: 'https://obico.example.com',
      insecure: false,
      note: /after \? or # was dropped/
    }
  ]
  it.each(rows)('$input → $origin', ({ input, origin, insecure, note }) => {
    const result = parseServerAddress(input)
    expect(result).toMatchObject({ ok: true, origin, insecure })
    if (note && result.ok) expect(result.notes.join(' ')).toMatch(note)
  })
})

describe('parseServerAddress refuses what is not a server address', () => {
  const rows: { input: string; reason: RegExp }[] = [
    { input: 'not a url', reason: /no spaces/ },
    { input: 'not%20a%20url', reason: /not a server address|not a web address/ },
    { input: 'https://not%20a%20url', reason: /not a server address|not a web address/ },
    { input: '1', reason: /not a server address/ },
    { input: 'http://10.1', reason: /not a server address/ },
    { input: 'https://a..b', reason: /not a server address/ },
    { input: 'https://-printer-', reason: /not a server address/ },
    { input: 'https://999.1.1.1', reason: /not a server address|not a web address/ },
    { input: 'https://exa_mple.com', reason: /not a server address|not a web address/ },
    { input: 'http://', reason: /not a web address|host name/ },
    { input: '//obico.example.com', reason: /https:\/\// },
    { input: 'ftp://files.example.com', reason: /https:\/\/ and http:\/\// },
    { input: 'mailto:me@example.com', reason: /starts with https/ },
    { input: 'javascript:alert(1)', reason: /starts with https/ },
    { input: 'file:///etc/passwd', reason: /https:\/\/ and http:\/\// },
    { input: 'https://user:pw@obico.example.com', reason: /user name and password/ },
    { input: 'https://@obico.example.com', reason: /user name and password/ },
    { input: 'https://app.obico.io@evil.example', reason: /user name and password/ },
    { input: 'https://app.obico.io\u202e', reason: /invisible/ },
    { input: 'https:\\\\app.obico.io', reason: /backslash/ },
    { input: 'https://app.obico.io:99999', reason: /not a web address/ },
    { input: 'https://' + 'a'.repeat(3000) + '.com', reason: /too long/ }
  ]
  it.each(rows)('$input', ({ input, reason }) => {
    const result = parseServerAddress(input)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problem).toBe('invalid')
      expect(result.reason).toMatch(reason)
    }
  })

  it('tells an empty field apart, so a form decides whether it is an error', () => {
    expect(parseServerAddress('   ')).toMatchObject({ ok: false, problem: 'empty' })
  })
})

describe('one loopback rule', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.1', true],
    ['[::1]', true],
    ['::1', true],
    ['localhost', true],
    ['a.localhost', true],
    ['128.0.0.1', false],
    ['127.0.0.1.evil.com', false],
    ['localhost.evil.com', false],
    ['10.0.0.1', false]
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })

  it('flags plain-http endpoints to other computers only', () => {
    expect(isInsecureUrl('http://print-farm.local:3334/o/token/')).toBe(true)
    expect(isInsecureUrl('http://192.168.1.5')).toBe(true)
    expect(isInsecureUrl('https://app.obico.io')).toBe(false)
    expect(isInsecureUrl('http://127.0.0.2:3334')).toBe(false)
    expect(isInsecureUrl('http://[::1]:3334')).toBe(false)
    expect(isInsecureUrl('garbage')).toBe(false)
  })
})
