import { afterEach, describe, expect, it } from 'vitest'
import type { LinkOutcome } from '../../../../src/shared/ipc/contract'
import type { AccountSummary } from '../../../../src/shared/models/account'
import type { Snapshot } from '../../../../src/shared/snapshot'
import { InMemoryAccountRegistry } from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { ManualClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { nullLogger } from '../../../../src/main/core/logger'
import type { BrowserLauncher } from '../../../../src/main/core/platform/browser-launcher'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'
import { sampleRecord } from './fixtures/sample-record'

/**
 * Link attempts named by the caller, and the account list as revisioned snapshots, through the
 * real account service (no server is contacted: nothing here reaches a code exchange).
 */

const OPERATION = '3f0c7a52-9f7e-4b8e-a1d2-5c6b7a8e9f01'

class RecordingBrowser implements BrowserLauncher {
  readonly opened: string[] = []
  async open(url: string): Promise<void> {
    this.opened.push(url)
  }
}

let service: PrintdockAccountService | undefined
afterEach(() => service?.dispose())

function setUp(registry = new InMemoryAccountRegistry()) {
  const browser = new RecordingBrowser()
  service = createAccountService({
    vault: new InMemoryTokenVault(),
    registry,
    browser,
    clock: new ManualClock(),
    logger: nullLogger,
    clientIds: { 'obico-cloud': 'printdock-test' },
    // app.obico.io "answers" the reachability check before the browser opens; nothing else is asked.
    http: { request: async () => ({ status: 200, headers: {}, text: '', json: () => ({}) }) },
    redirect: { customSchemeAvailable: true }
  })
  const outcomes: LinkOutcome[] = []
  service.onDidFinishLink((outcome) => outcomes.push(outcome))
  return { service, browser, outcomes, registry }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  return error instanceof AppError ? error.code : String(error)
}

describe('caller-named link attempts', () => {
  it('know the attempt by the caller’s id, and its outcome carries it', async () => {
    const { service, outcomes } = setUp()
    const pending = await service.startLink({ profileKey: 'obico-cloud' }, OPERATION)
    expect(pending.attemptId).toBe(OPERATION)
    service.cancelLink(OPERATION)
    expect(await codeOf(service.waitForLink(OPERATION))).toBe('auth/cancelled')
    expect(outcomes).toEqual([
      {
        attemptId: OPERATION,
        ok: false,
        error: expect.objectContaining({ code: 'auth/cancelled' })
      }
    ])
  })

  it('keep the OAuth state a separate secret, not the id', async () => {
    const { service, browser } = setUp()
    await service.startLink({ profileKey: 'obico-cloud' }, OPERATION)
    const state = new URL(browser.opened[0]).searchParams.get('state') ?? ''
    expect(state).not.toContain(OPERATION)
    // 256 bits, base64url.
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuse an id that is still in flight, without opening the browser again', async () => {
    const { service, browser } = setUp()
    await service.startLink({ profileKey: 'obico-cloud' }, OPERATION)
    const again = service.startLink(
      { profileKey: 'obico-cloud', serverUrl: 'https://other.example' },
      OPERATION
    )
    expect(await codeOf(again)).toBe('ipc/duplicate-operation')
    expect(browser.opened).toHaveLength(1)
    expect(service.listPendingLinks().map((link) => link.attemptId)).toEqual([OPERATION])
  })

  it('make one up when the caller (the CLI) names none', async () => {
    const { service } = setUp()
    const pending = await service.startLink({ profileKey: 'obico-cloud' })
    expect(pending.attemptId).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('account snapshots', () => {
  it('share one revision sequence between listings and change events', async () => {
    const registry = new InMemoryAccountRegistry()
    const { service } = setUp(registry)
    const changes: Snapshot<AccountSummary[]>[] = []
    service.onDidChangeAccounts((snapshot) => changes.push(snapshot))
    const before = await service.accountsSnapshot()
    const record = sampleRecord('1')
    await registry.put(record)
    // No secret is stored, so unlinking only forgets the record locally (no request is sent).
    await service.unlink(record.id)
    const after = await service.accountsSnapshot()
    expect(changes).toHaveLength(1)
    expect(before.value).toEqual([])
    expect(changes[0].revision).toBeGreaterThan(before.revision)
    expect(changes[0].value).toEqual([])
    expect(after.revision).toBeGreaterThan(changes[0].revision)
  })
})
