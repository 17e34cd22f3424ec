import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../../src/cli/exit-codes'
import { startCli } from './cli-process'

/**
 * CLI processes against servers that misbehave.
 *
 * The first Ctrl+C or SIGTERM stops `printdock link` even after the browser delivered the code,
 * while the token exchange hangs on a server that sends one byte every half second.
 */
let home: string
let env: NodeJS.ProcessEnv
let tokenServer: Server
let tokenUrl: string
let exchangeStarted: () => void
let exchanges: Promise<void>

function expectExchange(): void {
  exchanges = new Promise((resolve) => (exchangeStarted = resolve))
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'printdock-cli-signals-'))
  env = {
    ...process.env,
    PRINTDOCK_HOME: join(home, 'data'),
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus.sock')}`
  }
  tokenServer = createServer((request, response) => {
    // The authorize page: it only has to answer the reachability check before the link starts.
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>Sign in</p>')
      return
    }
    exchangeStarted()
    response.writeHead(200, { 'content-type': 'application/json' })
    const drip = setInterval(() => response.write(' '), 500)
    request.socket.on('close', () => clearInterval(drip))
  })
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve))
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`
})
afterAll(async () => {
  tokenServer?.closeAllConnections()
  await new Promise((resolve) => tokenServer?.close(resolve))
  rmSync(home, { recursive: true, force: true })
})

/** The test server's origin, which also serves the authorize page. */
function authorizeOrigin(): string {
  return new URL(tokenUrl).origin
}

describe('a signal after the code is delivered', () => {
  it.each([
    ['SIGINT', ExitCode.Interrupted],
    ['SIGTERM', ExitCode.Terminated]
  ] as const)('the first %s stops the command at once', async (signal, code) => {
    expectExchange()
    const cli = startCli(
      [
        'link',
        'generic',
        '--server',
        authorizeOrigin(),
        '--authorize-url',
        `${authorizeOrigin()}/authorize`,
        '--token-url',
        tokenUrl,
        '--client-id',
        'printdock-test',
        '--no-browser',
        '--timeout',
        '30',
        '--allow-memory'
      ],
      env
    )
    const authorize = new URL(await cli.waitForLine(/^https?:\/\//))
    const callback = new URL(authorize.searchParams.get('redirect_uri')!)
    callback.searchParams.set('code', 'the-code')
    callback.searchParams.set('state', authorize.searchParams.get('state')!)
    // The browser delivers the code; its page may never finish loading while the exchange hangs.
    fetch(callback).catch(() => undefined)
    await exchanges

    const sentAt = Date.now()
    cli.child.kill(signal)
    const run = await cli.done
    expect(run.code, run.stderr).toBe(code)
    expect(Date.now() - sentAt).toBeLessThan(3000)
    expect(run.stderr).toContain(`stopped (${signal})`)
  })

  it('--timeout 3 says "up to 3 s", not a minute', async () => {
    const cli = startCli(
      [
        'link',
        'generic',
        '--server',
        authorizeOrigin(),
        '--authorize-url',
        `${authorizeOrigin()}/authorize`,
        '--token-url',
        tokenUrl,
        '--client-id',
        'printdock-test',
        '--no-browser',
        '--timeout',
        '3',
        '--allow-memory'
      ],
      env
    )
    const run = await cli.done
    expect(run.code, run.stderr).toBe(ExitCode.Cancelled)
    expect(run.stderr).toContain('(up to 3 s)')
    expect(run.stderr).not.toContain('min)')
  })
})

describe('a server that does not answer', () => {
  it('"could not reach" names the address the user gave', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const address = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    const cli = startCli(
      ['link', 'obico-self-hosted', '--server', address, '--token', '-', '--allow-memory'],
      env,
      'a-pasted-token\n'
    )
    const run = await cli.done
    expect(run.code, run.stderr).toBe(ExitCode.Network)
    expect(run.stderr).toContain(`server at ${address}`)
  })

  it('a browser link to it stops within seconds, naming it once, before any URL is printed', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const address = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    const started = Date.now()
    const cli = startCli(
      [
        'link',
        'obico-self-hosted',
        '--server',
        address,
        '--client-id',
        'printdock-test',
        '--no-browser',
        '--allow-memory'
      ],
      env
    )
    const run = await cli.done
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(run.code, run.stderr).toBe(ExitCode.Network)
    expect(run.stderr).toContain(`Printdock could not reach ${address}.`)
    expect(run.stderr.split(address)).toHaveLength(2)
    expect(run.stdout).not.toContain('/o/authorize/')
  })
})
