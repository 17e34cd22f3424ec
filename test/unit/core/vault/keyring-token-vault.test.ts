import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import type { Logger } from '../../../../src/main/core/logger'
import { MEMORY_VAULT_NOTICE } from '../../../../src/main/core/vault/choose-vault'
import { detectSecretBackend } from '../../../../src/main/core/vault/detect-secret-backend'
import {
  ENTRY_OPTIONS,
  loadKeyringModule,
  type KeyringEntry
} from '../../../../src/main/core/vault/keyring-module'
import {
  createKeyringTokenVault,
  KeyringTokenVault
} from '../../../../src/main/core/vault/keyring-token-vault'
import {
  provideSecretService,
  reportMissingKeyring,
  REPO_ROOT,
  TSX_CLI
} from './secret-service-fixture'

const sha = (text: string) => createHash('sha256').update(text).digest('hex')
const VAULT_CHILD = join(__dirname, 'fixtures/vault-child.ts')
const CHOOSE_CHILD = join(__dirname, 'fixtures/choose-child.ts')

interface ChildResult {
  code: number | null
  stdout: string
  stderr: string
  json: Record<string, unknown>
}

/** Runs a TypeScript fixture in a separate Node process (tsx), feeding `input` on stdin. */
function runChild(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input = ''
): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSX_CLI, script, ...args], { env, cwd: REPO_ROOT })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '{}'
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(line) as Record<string, unknown>
      } catch {
        json = { unparsed: stdout }
      }
      done({ code, stdout, stderr, json })
    })
    child.stdin.end(input)
  })
}

/** A logger that keeps every line, to prove no secret reaches it. */
function recordingLogger(): Logger & { text(): string } {
  const lines: string[] = []
  const write = (message: string, fields?: Record<string, unknown>) =>
    lines.push(message + ' ' + JSON.stringify(fields ?? {}))
  return { debug: write, info: write, warn: write, error: write, text: () => lines.join('\n') }
}

const provided = await provideSecretService()
const secretService = provided.fixture
const missingKeyring = secretService
  ? undefined
  : reportMissingKeyring('keyring-token-vault', provided.reason)
if (secretService)
  console.warn(`[keyring-token-vault] using the ${secretService.origin} Secret Service`)

afterAll(async () => {
  await secretService?.stop()
})

describe('KeyringTokenVault against a real Secret Service (gnome-keyring)', () => {
  // In CI the skips below would hide a broken keyring setup: fail by name instead. Without a
  // keyring on a developer machine this is skipped too, and reportMissingKeyring said why.
  it.skipIf(!secretService && !missingKeyring)('has a Secret Service to test against', () => {
    if (missingKeyring) throw missingKeyring
    expect(secretService?.env.DBUS_SESSION_BUS_ADDRESS).toBeTruthy()
  })

  const service = `Printdock-test-${randomBytes(4).toString('hex')}`
  const accountId = `obico|http://127.0.0.1:${8000 + Math.floor(Math.random() * 1000)}|42`
  const secret = {
    accessToken: `at-${randomBytes(12).toString('hex')}`,
    refreshToken: `rt-${randomBytes(12).toString('hex')}`,
    expiresAt: 1_900_000_000_000,
    tokenType: 'Bearer'
  }

  it.skipIf(!secretService)(
    'reports the Secret Service as available after a round trip',
    async () => {
      const status = await detectSecretBackend({
        env: secretService!.env,
        service,
        timeoutMs: 8000
      })
      expect(status).toEqual({ available: true, reason: expect.stringContaining('Secret Service') })
    }
  )

  it.skipIf(!secretService)('a secret stored by one process is read back by another', async () => {
    const env = secretService!.env
    const stored = await runChild(
      VAULT_CHILD,
      ['set', service, accountId],
      env,
      JSON.stringify(secret)
    )
    expect(stored.json, stored.stderr).toEqual({ ok: true })

    const read = await runChild(VAULT_CHILD, ['get', service, accountId], env)
    expect(read.json, read.stderr).toEqual({
      ok: true,
      found: true,
      accessTokenSha256: sha(secret.accessToken),
      refreshTokenSha256: sha(secret.refreshToken),
      expiresAt: secret.expiresAt
    })
    // The reading child printed hashes only.
    expect(read.stdout + read.stderr).not.toContain(secret.accessToken)
  })

  it.skipIf(!secretService)(
    'the item lives in the Secret Service itself, under service and account',
    () => {
      const hasSecretTool = spawnSync('sh', ['-c', 'command -v secret-tool']).status === 0
      if (!hasSecretTool) {
        const missing = reportMissingKeyring(
          'keyring-token-vault',
          'secret-tool missing (apt-get install libsecret-tools), so the attribute check cannot run'
        )
        if (missing) throw missing
        return
      }
      // secret-tool talks to org.freedesktop.secrets directly, so this proves the item is not in
      // kernel keyutils (keyring-rs's silent fallback).
      const lookup = spawnSync(
        'secret-tool',
        ['lookup', 'service', service, 'username', accountId],
        {
          env: secretService!.env,
          encoding: 'utf8'
        }
      )
      expect(lookup.status).toBe(0)
      expect(JSON.parse(lookup.stdout)).toEqual(secret)
    }
  )

  it.skipIf(!secretService)(
    'a damaged item reads as vault/read-failed without quoting it',
    async () => {
      const damagedId = `${accountId}-damaged`
      const garbage = `not-json-${randomBytes(6).toString('hex')}`
      // The in-process module reads the bus address from this process's environment.
      const previous = process.env.DBUS_SESSION_BUS_ADDRESS
      process.env.DBUS_SESSION_BUS_ADDRESS = secretService!.env.DBUS_SESSION_BUS_ADDRESS
      try {
        const { AsyncEntry } = loadKeyringModule()
        await new AsyncEntry(service, damagedId, ENTRY_OPTIONS).setPassword(garbage)
        const vault = new KeyringTokenVault({ service })
        const error = await vault.get(damagedId).then(
          () => undefined,
          (caught: unknown) => caught
        )
        expect(error).toBeInstanceOf(AppError)
        expect((error as AppError).code).toBe('vault/read-failed')
        expect((error as AppError).message).not.toContain(garbage)
        await vault.delete(damagedId)
        expect(await vault.get(damagedId)).toBeUndefined()
      } finally {
        if (previous === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
        else process.env.DBUS_SESSION_BUS_ADDRESS = previous
      }
    }
  )

  it.skipIf(!secretService)(
    'delete in one process removes the item for every process',
    async () => {
      const env = secretService!.env
      const deleted = await runChild(VAULT_CHILD, ['delete', service, accountId], env)
      expect(deleted.json, deleted.stderr).toEqual({ ok: true })
      const read = await runChild(VAULT_CHILD, ['get', service, accountId], env)
      expect(read.json).toMatchObject({ ok: true, found: false })
    }
  )
})

describe('without a Secret Service', () => {
  it('a process whose D-Bus address points nowhere detects "unavailable" and falls back to memory, writing nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'printdock-novault-'))
    const token = `at-${randomBytes(12).toString('hex')}`
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_DATA_HOME: join(home, '.local/share'),
        XDG_RUNTIME_DIR: home,
        PRINTDOCK_HOME: join(home, 'printdock'),
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus.sock')}`,
        CHILD_TEST_TOKEN: token
      }
      const result = await runChild(CHOOSE_CHILD, [], env)
      expect(result.code, result.stderr).toBe(0)
      expect(result.json).toEqual({
        detected: { available: false, reason: expect.stringContaining('D-Bus') },
        kind: 'memory',
        notice: MEMORY_VAULT_NOTICE,
        roundTrip: true
      })
      expect(result.stdout + result.stderr).not.toContain(token)
      // Nothing reached the disk: the temp HOME (data dirs, keyrings, PRINTDOCK_HOME) is still empty.
      expect(readdirSync(home)).toEqual([])
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('a process with no D-Bus address at all is told so in plain words', async () => {
    const status = await detectSecretBackend({
      env: { PATH: process.env.PATH },
      platform: 'linux'
    })
    expect(status.available).toBe(false)
    expect(status.reason).toMatch(/No D-Bus session bus/)
  })

  describe('a D-Bus socket that accepts but never answers', () => {
    let server: Server | undefined
    let dir: string | undefined
    const sockets = new Set<Socket>()
    afterAll(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    it('does not block start-up: the probe gives up after its timeout', async () => {
      dir = mkdtempSync(join(tmpdir(), 'printdock-hung-bus-'))
      const socket = join(dir, 'bus.sock')
      server = createServer((socket) => {
        // Accept, read and stay silent, like a wedged bus daemon.
        sockets.add(socket)
        socket.resume()
      })
      await new Promise<void>((done) => server!.listen(socket, done))
      const started = Date.now()
      const status = await detectSecretBackend({
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` },
        platform: 'linux',
        timeoutMs: 1500
      })
      const elapsed = Date.now() - started
      expect(status).toEqual({
        available: false,
        reason: expect.stringContaining("didn't answer within 1.5 seconds")
      })
      expect(elapsed).toBeGreaterThanOrEqual(1400)
      expect(elapsed).toBeLessThan(6000)
    })
  })

  it('createKeyringTokenVault returns undefined and logs the reason', async () => {
    const logger = recordingLogger()
    const vault = await createKeyringTokenVault({
      logger,
      platform: 'linux',
      detect: { env: { PATH: process.env.PATH }, platform: 'linux' }
    })
    expect(vault).toBeUndefined()
    expect(logger.text()).toMatch(/keychain: not available.*D-Bus/)
  })
})

describe('KeyringTokenVault error mapping (scripted entries)', () => {
  const token = 'at-never-logged-0123456789'

  function scripted(behaviour: Partial<KeyringEntry>): KeyringEntry {
    return {
      getPassword: behaviour.getPassword ?? (async () => null),
      setPassword: behaviour.setPassword ?? (async () => {}),
      deletePassword: behaviour.deletePassword ?? (async () => true)
    }
  }

  it('a locked or vanished keychain on read → vault/read-failed', async () => {
    const logger = recordingLogger()
    const vault = new KeyringTokenVault({
      logger,
      entries: () =>
        scripted({
          getPassword: async () => Promise.reject(new Error('Platform failure: DBus error: locked'))
        })
    })
    await expect(vault.get('a')).rejects.toMatchObject({ code: 'vault/read-failed' })
    expect(logger.text()).toContain('read failed')
  })

  it('a keychain that never answers → vault/read-failed after the timeout', async () => {
    const vault = new KeyringTokenVault({
      timeoutMs: 50,
      entries: () => scripted({ getPassword: () => new Promise<string | null>(() => {}) })
    })
    await expect(vault.get('a')).rejects.toMatchObject({
      code: 'vault/read-failed',
      message: expect.stringContaining("didn't answer")
    })
  })

  it('a failed write → vault/unavailable, and the secret is in no log line', async () => {
    const logger = recordingLogger()
    const vault = new KeyringTokenVault({
      logger,
      entries: () =>
        scripted({ setPassword: async () => Promise.reject(new Error('No such interface')) })
    })
    await expect(vault.set('a', { accessToken: token })).rejects.toMatchObject({
      code: 'vault/unavailable'
    })
    expect(logger.text()).not.toContain(token)
  })

  it('stores exactly the JSON of the StoredSecret under (Printdock, account id)', async () => {
    const writes: [string, string, string][] = []
    const vault = new KeyringTokenVault({
      entries: (service, account) =>
        scripted({
          setPassword: async (password) => {
            writes.push([service, account, password])
          }
        })
    })
    await vault.set('obico|https://app.obico.io|5', { accessToken: token, expiresAt: 5 })
    expect(writes).toEqual([
      [
        'Printdock',
        'obico|https://app.obico.io|5',
        JSON.stringify({ accessToken: token, expiresAt: 5 })
      ]
    ])
  })
})
