import { describe, expect, it } from 'vitest'
import {
  DeepLinkBuffer,
  protocolClientRegistration,
  selectDeepLinkArg
} from '../../../../src/main/app/protocol-argv'

const LINK = 'printdock://oauth/callback?code=abc&state=xyz'

describe('selectDeepLinkArg', () => {
  it.each([
    {
      label: 'packaged cold start (Windows/Linux %u)',
      argv: ['/opt/Printdock/printdock', LINK],
      expected: LINK
    },
    {
      label: 'dev: electron + script + url',
      argv: ['electron', '/repo/out/main/index.js', LINK],
      expected: LINK
    },
    {
      label: 'chromium switches around it',
      argv: ['printdock', '--no-sandbox', LINK, '--enable-logging'],
      expected: LINK
    },
    {
      label: 'upper-case scheme',
      argv: ['printdock', 'PRINTDOCK://oauth/callback?x=1'],
      expected: 'PRINTDOCK://oauth/callback?x=1'
    },
    { label: 'no link', argv: ['printdock', '--flag'], expected: undefined },
    {
      label: 'two links: trust neither',
      argv: ['printdock', LINK, 'printdock://other'],
      expected: undefined
    },
    {
      label: 'other scheme',
      argv: ['printdock', 'https://evil.example/printdock:'],
      expected: undefined
    },
    {
      label: 'scheme as substring',
      argv: ['printdock', 'xprintdock://oauth'],
      expected: undefined
    },
    {
      label: 'whitespace smuggled',
      argv: ['printdock', 'printdock://oauth/callback --inspect'],
      expected: undefined
    },
    {
      label: 'over-long',
      argv: ['printdock', 'printdock://' + 'a'.repeat(9000)],
      expected: undefined
    },
    { label: 'empty argv', argv: [], expected: undefined }
  ])('$label', ({ argv, expected }) => {
    expect(selectDeepLinkArg(argv)).toBe(expected)
  })
})

describe('protocolClientRegistration', () => {
  it('packaged: no explicit executable', () => {
    expect(
      protocolClientRegistration({
        defaultApp: false,
        execPath: '/x',
        argv: ['/x'],
        resolve: (p) => p
      })
    ).toEqual({})
  })
  it('dev: electron with the resolved app script', () => {
    expect(
      protocolClientRegistration({
        defaultApp: true,
        execPath: '/repo/node_modules/electron/dist/electron',
        argv: ['/repo/node_modules/electron/dist/electron', '.'],
        resolve: (p) => `/repo/${p}`
      })
    ).toEqual({ executable: '/repo/node_modules/electron/dist/electron', args: ['/repo/.'] })
  })
})

describe('DeepLinkBuffer', () => {
  it('queues until ready, flushes in order, then delivers directly', () => {
    const buffer = new DeepLinkBuffer()
    const seen: string[] = []
    buffer.push('printdock://a')
    buffer.push('printdock://b')
    expect(seen).toEqual([])
    expect(buffer.pending).toEqual(['printdock://a', 'printdock://b'])
    buffer.ready((url) => seen.push(url))
    buffer.push('printdock://c')
    expect(seen).toEqual(['printdock://a', 'printdock://b', 'printdock://c'])
    expect(buffer.pending).toEqual([])
  })
})
