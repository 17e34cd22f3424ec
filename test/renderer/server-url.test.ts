import { describe, expect, it } from 'vitest'
import { checkServerUrl, isLoopbackHost } from '../../src/renderer/src/lib/server-url'

describe('checkServerUrl', () => {
  const cases: {
    label: string
    input: string
    origin?: string
    insecure?: boolean
    invalid?: RegExp
  }[] = [
    {
      label: 'https origin',
      input: 'https://obico.example.com',
      origin: 'https://obico.example.com',
      insecure: false
    },
    {
      label: 'trailing slash and case',
      input: 'HTTPS://Obico.Example.com/',
      origin: 'https://obico.example.com',
      insecure: false
    },
    {
      label: 'no scheme → https',
      input: 'print-farm.local:3334',
      origin: 'https://print-farm.local:3334',
      insecure: false
    },
    {
      label: 'http on LAN',
      input: 'http://192.168.1.20:3334',
      origin: 'http://192.168.1.20:3334',
      insecure: true
    },
    {
      label: 'http on 127.0.0.1',
      input: 'http://127.0.0.1:3334',
      origin: 'http://127.0.0.1:3334',
      insecure: false
    },
    {
      label: 'http on localhost',
      input: 'http://localhost:3334',
      origin: 'http://localhost:3334',
      insecure: false
    },
    {
      label: 'http on ::1',
      input: 'http://[::1]:3334',
      origin: 'http://[::1]:3334',
      insecure: false
    },
    {
      label: 'default port dropped',
      input: 'https://obico.example.com:443',
      origin: 'https://obico.example.com',
      insecure: false
    },
    {
      label: 'path dropped',
      input: 'https://obico.example.com/accounts/login/?next=/',
      origin: 'https://obico.example.com',
      insecure: false
    },
    { label: 'ftp', input: 'ftp://files.example.com', invalid: /https:\/\/ and http:\/\// },
    { label: 'mailto', input: 'mailto:me@example.com', invalid: /starts with https/ },
    {
      label: 'credentials',
      input: 'https://user:pw@obico.example.com',
      invalid: /user name and password/
    },
    { label: 'garbage', input: 'http://', invalid: /not a web address|host name/ }
  ]
  for (const c of cases) {
    it(c.label, () => {
      const result = checkServerUrl(c.input)
      if (c.invalid) {
        expect(result.kind).toBe('invalid')
        if (result.kind === 'invalid') expect(result.reason).toMatch(c.invalid)
      } else {
        expect(result).toMatchObject({ kind: 'valid', origin: c.origin, insecure: c.insecure })
      }
    })
  }

  it('treats blank input as empty, not invalid', () => {
    expect(checkServerUrl('   ')).toEqual({ kind: 'empty' })
  })

  it('explains what normalisation changed', () => {
    const result = checkServerUrl('farm.example/some/path')
    expect(result.kind).toBe('valid')
    if (result.kind === 'valid') {
      expect(result.notes.join(' ')).toContain('https:// is assumed')
      expect(result.notes.join(' ')).toContain('/some/path')
    }
  })

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('127.1.2.3')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('LOCALHOST')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
    expect(isLoopbackHost('localhost.example.com')).toBe(false)
  })
})
