import { expect } from 'vitest'
import {
  InMemoryAccountRegistry,
  type AccountRegistry
} from '../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../src/main/core/accounts/create-account-service'
import type { Clock } from '../../../src/main/core/clock'
import { createHttpClient, type HttpClient } from '../../../src/main/core/http'
import { nullLogger } from '../../../src/main/core/logger'
import type { BrowserLauncher } from '../../../src/main/core/platform/browser-launcher'
import {
  InMemoryTokenVault,
  type StoredSecret,
  type TokenVault
} from '../../../src/main/core/vault/token-vault'
import type { LinkOutcome } from '../../../src/shared/ipc/contract'
import type { AccountSummary } from '../../../src/shared/models/account'

/**
 * Test support for linking against the fakes over real HTTP: a browser that performs consent
 * by HTTP, a counting token client, vaults that fail, and secret-leak checks.
 */

/** A tiny cookie-keeping, redirect-following HTTP "browser". */
export class HttpBrowser {
  private readonly cookies = new Map<string, string>()

  /** GETs `url` and follows redirects while they stay on `origin`; returns the first URL that leaves it. */
  async follow(
    url: string,
    origin: string,
    init: RequestInit = {}
  ): Promise<{ url: string; status: number; body: string }> {
    let current = url
    let request: RequestInit = init
    for (let hop = 0; hop < 15; hop++) {
      if (!/^https?:/.test(current) || new URL(current).origin !== origin)
        return { url: current, status: 302, body: '' }
      const response = await fetch(current, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers as Record<string, string>), cookie: this.cookieHeader() }
      })
      this.remember(response)
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).toString().startsWith('http')
          ? new URL(location, current).toString()
          : location
        request = {}
        continue
      }
      return { url: current, status: response.status, body: await response.text() }
    }
    throw new Error('too many redirects')
  }

  /** POSTs a form on the fake and follows redirects like `follow`. */
  postForm(url: string, origin: string, form: Record<string, string>) {
    return this.follow(url, origin, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString()
    })
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
    }
  }
}

/** A BrowserLauncher that records URLs and runs an optional script for each. */
export class ScriptedBrowser implements BrowserLauncher {
  readonly opened: string[] = []
  readonly runs: Promise<unknown>[] = []
  constructor(public script?: (url: string) => Promise<unknown>) {}

  async open(url: string): Promise<void> {
    this.opened.push(url)
    if (this.script) {
      const run = this.script(url)
      run.catch(() => undefined)
      this.runs.push(run)
    }
  }

  last(): string {
    const url = this.opened.at(-1)
    if (!url) throw new Error('the browser was never opened')
    return url
  }
}

/**
 * Counts token and revocation endpoint POSTs (the form posts: RFC 6749 and 7009 speak forms) by
 * grant type; other requests pass uncounted.
 */
export function countingHttp(
  inner: HttpClient = createHttpClient()
): HttpClient & { calls: { url: string; grant?: string }[] } {
  const calls: { url: string; grant?: string }[] = []
  return {
    calls,
    request(request) {
      if (request.body instanceof URLSearchParams) {
        calls.push({ url: request.url, grant: request.body.get('grant_type') ?? undefined })
      }
      return inner.request(request)
    }
  }
}

/** A vault whose `get` can be told to throw or lose entries, counting reads. */
export class FlakyVault implements TokenVault {
  readonly kind = 'keychain' as const
  readonly description = 'the test keychain'
  readonly inner = new InMemoryTokenVault()
  failReads = false
  forget = false
  reads = 0

  async get(accountId: string): Promise<StoredSecret | undefined> {
    this.reads++
    if (this.failReads) throw new Error('org.freedesktop.secrets was not provided')
    if (this.forget) return undefined
    return this.inner.get(accountId)
  }
  set(accountId: string, secret: StoredSecret): Promise<void> {
    return this.inner.set(accountId, secret)
  }
  delete(accountId: string): Promise<void> {
    return this.inner.delete(accountId)
  }
}

/** A service wired for tests, with event logs. */
export function createTestService(options: {
  clock: Clock
  browser: BrowserLauncher
  clientIds?: Record<string, string>
  vault?: TokenVault
  registry?: AccountRegistry
  http?: HttpClient
  customSchemeAvailable?: boolean
}) {
  const vault = options.vault ?? new FlakyVault()
  const registry = options.registry ?? new InMemoryAccountRegistry()
  const service: PrintdockAccountService = createAccountService({
    vault,
    registry,
    browser: options.browser,
    clock: options.clock,
    logger: nullLogger,
    http: options.http,
    clientIds: options.clientIds ?? {},
    redirect: { customSchemeAvailable: options.customSchemeAvailable ?? true }
  })
  const changes: AccountSummary[][] = []
  const outcomes: LinkOutcome[] = []
  service.onDidChangeAccounts((snapshot) => changes.push(snapshot.value))
  service.onDidFinishLink((outcome) => outcomes.push(outcome))
  return { service, vault, registry, changes, outcomes }
}

/** Asserts that no summary (nor any change event) contains any of the secrets. */
export function expectNoSecrets(values: unknown, secrets: (string | undefined)[]): void {
  const text = JSON.stringify(values)
  for (const secret of secrets) {
    if (secret && secret.length >= 4) expect(text).not.toContain(secret)
  }
}

/** Waits until `check` holds (polling real time). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000
): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The AppError code a promise rejects with. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
  throw new Error('expected a rejection')
}
