import { describe, expect, it } from 'vitest'
import { chooseRedirect } from '../../../../src/main/core/accounts/link-redirect'
import { getProfile } from '../../../../src/main/core/providers/profiles'

/**
 * The renderer's redirect check (src/renderer/src/features/accounts/redirect.ts) must accept and
 * reject exactly what main's chooseRedirect does, or the form would block a redirect main takes or
 * let through one main refuses after the user pressed "Link".
 */

/** The renderer module, loaded by path: the node tsconfig does not compile renderer files. */
const RENDERER_REDIRECT = '../../../../src/renderer/src/features/accounts/redirect'

type RedirectCheck =
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'valid'; redirectKind: string; uri: string }

const { checkRedirectOverride } = (await import(/* @vite-ignore */ RENDERER_REDIRECT)) as {
  checkRedirectOverride: (input: string) => RedirectCheck
}

const INPUTS = [
  'printdock://oauth/callback',
  'printdock://oauth/other',
  'PRINTDOCK://oauth/callback',
  'printdock:oauth/callback',
  'http://127.0.0.1/printdock/callback',
  '  http://127.0.0.1/farm/return  ',
  'http://127.0.0.1/a/b/c/',
  'http://[::1]/printdock/callback',
  'http://127.0.0.1:80/printdock/callback',
  'http://127.0.0.1:8080/printdock/callback',
  'https://127.0.0.1/printdock/callback',
  'http://localhost/printdock/callback',
  'http://127.0.0.2/printdock/callback',
  'http://127.0.0.1/printdock/callback?x=1',
  'http://127.0.0.1/printdock/callback#top',
  'http://user@127.0.0.1/printdock/callback',
  'http://127.0.0.1/',
  'http://127.0.0.1',
  'https://example.com/callback',
  'not a url'
]

describe('renderer redirect check and main chooseRedirect agree', () => {
  const profile = getProfile('obico-self-hosted')!

  it.each(INPUTS)('%j', (input) => {
    let main: { kind: string; uri: string } | undefined
    try {
      main = chooseRedirect(profile, input, true)
    } catch {
      main = undefined
    }
    const here = checkRedirectOverride(input)
    if (main) expect(here).toEqual({ kind: 'valid', redirectKind: main.kind, uri: main.uri })
    else expect(here.kind).toBe('invalid')
  })
})
