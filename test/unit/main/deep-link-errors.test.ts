import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { testComposeDeps } from './test-compose-deps'
import { composeServices, type Services } from '../../../src/main/compose-services'
import type { Logger } from '../../../src/main/core/logger'
import type { Notice } from '../../../src/shared/models/app-info'

/**
 * `printdock://oauth/callback?error=…` links can come from any web page. With no sign-in waiting
 * they are dropped (logged); with one waiting, only our state ends it, and a stateless error
 * redirect (Octoblu's quirk) is told in Printdock's own words: no text chosen by the page.
 */

const HOSTILE = 'Your account is locked. Call +1-555-0100 to unlock it'
let services: Services | undefined
afterEach(async () => {
  await services?.dispose()
  services = undefined
})

async function compose() {
  const logged: { level: string; message: string }[] = []
  const record =
    (level: string) =>
    (message: string): void =>
      void logged.push({ level, message })
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error')
  }
  const opened: string[] = []
  services = await composeServices(
    testComposeDeps(mkdtempSync(join(tmpdir(), 'printdock-deep-link-')), {
      browser: { open: async (url) => void opened.push(url) },
      logger,
      env: { PRINTDOCK_OCTOBLU_CLIENT_ID: 'printdock-octoblu' },
      // The Octoblu server "answers" the reachability check before the browser opens.
      http: { request: async () => ({ status: 200, headers: {}, text: '', json: () => ({}) }) }
    })
  )
  const notices: Notice[] = []
  services.onNotice((notice) => notices.push(notice))
  return { services, notices, logged, opened }
}

const errorLink = (extra = '') =>
  `printdock://oauth/callback?error=access_denied&error_description=${encodeURIComponent(HOSTILE)}${extra}`

async function startOctoblu(svc: Services) {
  return svc.accountService.startLink({
    profileKey: 'octoblu',
    serverUrl: 'https://oauth.octoblu.example',
    apiServerUrl: 'https://meshblu.octoblu.example',
    clientSecret: 'client-secret'
  })
}

describe('error links on the app scheme', () => {
  it('with no sign-in waiting, they are dropped: logged, never shown', async () => {
    const { services, notices, logged } = await compose()
    for (const link of [errorLink(), errorLink('&state=abc'), errorLink('&code=400')]) {
      await services.handleDeepLink(link)
    }
    expect(notices).toEqual([])
    expect(logged.some((entry) => /dropped|ignored/.test(entry.message))).toBe(true)
  })

  it('with one waiting, a link with another state changes nothing and shows nothing', async () => {
    const { services, notices } = await compose()
    const pending = await startOctoblu(services)
    await services.handleDeepLink(errorLink('&state=not-ours-not-ours-not-ours'))
    expect(notices).toEqual([])
    expect(services.accountService.listPendingLinks().map((link) => link.attemptId)).toEqual([
      pending.attemptId
    ])
  })

  it('a stateless error redirect while one waits is told in our words only; the attempt stays', async () => {
    const { services, notices } = await compose()
    const pending = await startOctoblu(services)
    await services.handleDeepLink(errorLink('&code=403'))
    await services.handleDeepLink(
      `printdock://oauth/callback?error=made_up_code&error_description=${encodeURIComponent(HOSTILE)}`
    )
    expect(notices).toHaveLength(1)
    expect(notices[0]!.message).toMatch(/^Octoblu reported an error: .*\(access_denied\)/)
    expect(notices[0]!.message).not.toContain('555')
    expect(notices[0]!.message).not.toContain('locked')
    expect(services.accountService.listPendingLinks().map((link) => link.attemptId)).toEqual([
      pending.attemptId
    ])
  })

  it('the link with our state ends the attempt', async () => {
    const { services, notices, opened } = await compose()
    const pending = await startOctoblu(services)
    const state = new URL(opened[0]!).searchParams.get('state')!
    const ended = services.accountService.waitForLink(pending.attemptId)
    await services.handleDeepLink(errorLink(`&state=${encodeURIComponent(state)}`))
    await expect(ended).rejects.toMatchObject({ code: 'auth/denied' })
    expect(notices).toEqual([])
  })
})
