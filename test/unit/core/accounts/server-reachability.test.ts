import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { InMemoryAccountRegistry } from '../../../../src/main/core/accounts/account-registry'
import {
  createAccountService,
  type PrintdockAccountService
} from '../../../../src/main/core/accounts/create-account-service'
import { assertServerAnswers } from '../../../../src/main/core/accounts/server-reachability'
import { systemClock } from '../../../../src/main/core/clock'
import { AppError } from '../../../../src/main/core/errors'
import { createHttpClient } from '../../../../src/main/core/http'
import { nullLogger } from '../../../../src/main/core/logger'
import { InMemoryTokenVault } from '../../../../src/main/core/vault/token-vault'

/**
 * A server that does not answer is reported within seconds, by its address, before any browser
 * opens (issue 8: it used to be a silent five-minute wait).
 */

const closers: (() => Promise<unknown>)[] = []
let service: PrintdockAccountService | undefined
afterEach(async () => {
  service?.dispose()
  service = undefined
  for (const close of closers.splice(0).reverse()) await close()
})

/** An address nothing listens on: a port that was free a moment ago. */
async function deadOrigin(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return `http://127.0.0.1:${port}`
}

/** A server that answers every request with `status`, or never answers when `status` is null. */
async function serverAnswering(status: number | null): Promise<string> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((_req, res) => {
    if (status !== null) res.writeHead(status).end('<p>page</p>')
  })
  server.on('connection', (socket) => sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('assertServerAnswers', () => {
  it('names the address of a server that refuses the connection', async () => {
    const origin = await deadOrigin()
    const started = Date.now()
    const error = await caught(assertServerAnswers(createHttpClient(), `${origin}/o/authorize/`))
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(error.code).toBe('network/offline')
    expect(error.server).toBe(origin)
    expect(error.message).toBe(
      `Printdock could not reach ${origin}. Check the address and that the server is running.`
    )
    expect(error.toDto()).toMatchObject({ code: 'network/offline', server: origin })
  })

  it('gives up on a server that accepts but never answers, at its short deadline', async () => {
    const origin = await serverAnswering(null)
    const started = Date.now()
    const error = await caught(
      assertServerAnswers(createHttpClient(), `${origin}/authorize`, { deadlineMs: 300 })
    )
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(error.code).toBe('network/timeout')
    expect(error.server).toBe(origin)
  })

  it.each([200, 302, 404, 500])(
    'takes any HTTP answer (%i) as a server being there',
    async (status) => {
      const origin = await serverAnswering(status)
      await expect(assertServerAnswers(createHttpClient(), `${origin}/o/authorize/`)).resolves.toBe(
        undefined
      )
    }
  )
})

describe('start-link against a dead server', () => {
  it('fails at once naming the address, with no browser, listener or pending attempt', async () => {
    const origin = await deadOrigin()
    const opened: string[] = []
    service = createAccountService({
      vault: new InMemoryTokenVault(),
      registry: new InMemoryAccountRegistry(),
      browser: { open: async (url) => void opened.push(url) },
      clock: systemClock,
      logger: nullLogger,
      http: createHttpClient(),
      clientIds: {},
      redirect: { customSchemeAvailable: false }
    })
    const started = Date.now()
    const error = await caught(
      service.startLink({
        profileKey: 'obico-self-hosted',
        serverUrl: origin,
        clientId: 'printdock'
      })
    )
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(error.code).toBe('network/offline')
    expect(error.message).toContain(origin)
    expect(opened).toEqual([])
    expect(service.listPendingLinks()).toEqual([])
  })
})
