import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../../../src/shared/ipc/channels'
import { AppError } from '../../../../src/main/core/errors'
import { redact, type Logger } from '../../../../src/main/core/logger'
import { createEventSink, dispatchInvoke } from '../../../../src/main/ipc/dispatch'
import type { HandlerMap } from '../../../../src/main/ipc/handler-types'

const CALLER = { callerId: 'webContents:7' }
const OPERATION = '0b5c8f5e-4a0e-4f43-9d0c-6f1f3c2b9a11'

/** Records every log line as JSON text, to check what would reach a log file. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error')
  }
}

/** A handler map whose every handler records its call and returns the channel name. */
function recordingHandlers(
  overrides: Partial<Record<string, (...args: unknown[]) => unknown>> = {}
) {
  const calls: { channel: string; args: unknown[] }[] = []
  const map = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      (...args: unknown[]) => {
        calls.push({ channel, args })
        return overrides[channel] ? overrides[channel]!(...args) : channel
      }
    ])
  ) as unknown as HandlerMap
  return { map, calls }
}

describe('dispatchInvoke', () => {
  it('passes validated arguments to the handler and wraps the value', async () => {
    const { map, calls } = recordingHandlers()
    const result = await dispatchInvoke(
      map,
      'settings:update',
      [{ theme: 'dark' }],
      recordingLogger(),
      CALLER
    )
    expect(result).toEqual({ ok: true, value: 'settings:update' })
    expect(calls).toEqual([{ channel: 'settings:update', args: [{ theme: 'dark' }, CALLER] }])
  })

  it("hands the handler the transport's caller, whatever the payload claims", async () => {
    const { map, calls } = recordingHandlers()
    const leaseId = '6d1f0e2a-3b4c-4d5e-8f60-718293a4b5c6'
    await dispatchInvoke(map, 'leases:release', [leaseId], recordingLogger(), {
      callerId: 'harness-socket:3'
    })
    // A payload cannot add a caller: the extra argument is refused before any handler runs.
    const forged = await dispatchInvoke(
      map,
      'leases:release',
      [leaseId, { callerId: 'webContents:1' }],
      recordingLogger(),
      CALLER
    )
    expect(forged).toMatchObject({ ok: false, error: { code: 'ipc/invalid-arguments' } })
    expect(calls).toEqual([
      { channel: 'leases:release', args: [leaseId, { callerId: 'harness-socket:3' }] }
    ])
  })

  it('accepts a UUID operation id for the calls that start work', async () => {
    const { map, calls } = recordingHandlers()
    const started = await dispatchInvoke(
      map,
      'accounts:start-link',
      [OPERATION, { profileKey: 'obico-cloud' }],
      recordingLogger(),
      CALLER
    )
    expect(started.ok).toBe(true)
    expect(await dispatchInvoke(map, 'demo:start', [OPERATION], recordingLogger(), CALLER)).toEqual(
      {
        ok: true,
        value: 'demo:start'
      }
    )
    expect(calls.map((call) => call.args[0])).toEqual([OPERATION, OPERATION])
  })

  it.each(['nope:nothing', '__proto__', 'constructor', 'toString', 42, undefined])(
    'refuses unknown channel %s',
    async (channel) => {
      const { map, calls } = recordingHandlers()
      const result = await dispatchInvoke(map, channel as string, [], recordingLogger(), CALLER)
      expect(result).toMatchObject({ ok: false, error: { code: 'ipc/unknown-channel' } })
      expect(calls).toEqual([])
    }
  )

  it.each([
    { label: 'extra key', channel: 'settings:update', args: [{ theme: 'dark', admin: true }] },
    { label: 'wrong type', channel: 'settings:update', args: [{ firstRunDone: 'yes' }] },
    { label: 'wrong enum', channel: 'settings:update', args: [{ theme: 'blue' }] },
    { label: 'extra argument', channel: 'settings:get', args: ['x'] },
    { label: 'missing argument', channel: 'accounts:unlink', args: [] },
    { label: 'args not an array', channel: 'accounts:unlink', args: 'abc' },
    {
      label: 'bad profile key',
      channel: 'accounts:start-link',
      args: [OPERATION, { profileKey: '../x' }]
    },
    {
      label: 'start without an operation id',
      channel: 'accounts:start-link',
      args: [{ profileKey: 'obico-cloud' }]
    },
    {
      label: 'operation id that is not a UUID',
      channel: 'accounts:start-link',
      args: ['attempt-1', { profileKey: 'obico-cloud' }]
    },
    { label: 'demo without an operation id', channel: 'demo:start', args: [] },
    { label: 'cancel by a non-UUID', channel: 'accounts:cancel-link', args: ['../x'] },
    { label: 'release of a non-UUID lease', channel: 'leases:release', args: ['lease-1'] },
    { label: 'watch with arguments', channel: 'accounts:watch', args: [{ all: true }] },
    { label: 'register a number as a path', channel: 'files:register-path', args: [42] },
    { label: 'register an empty path', channel: 'files:register-path', args: [''] },
    {
      label: 'nested extra key',
      channel: 'accounts:start-link',
      args: [
        OPERATION,
        {
          profileKey: 'generic',
          generic: { authorizeUrl: 'https://a', tokenUrl: 'https://b', x: 1 }
        }
      ]
    }
  ])('refuses $label', async ({ channel, args }) => {
    const { map, calls } = recordingHandlers()
    const result = await dispatchInvoke(map, channel, args, recordingLogger(), CALLER)
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc/invalid-arguments' } })
    expect(calls).toEqual([])
  })

  it('never echoes a refused secret in the error or the log', async () => {
    const logger = recordingLogger()
    const { map } = recordingHandlers()
    const secret = 'hunter2-super-secret-password'
    const result = await dispatchInvoke(
      map,
      'accounts:sign-in-with-password',
      [{ profileKey: 'zebbra', username: 'u', password: secret, sneaky: secret }],
      logger,
      CALLER
    )
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain(secret)
    expect(logger.lines.join('\n')).not.toContain(secret)
  })

  it('turns an AppError into its DTO', async () => {
    const { map } = recordingHandlers({
      'accounts:unlink': () => {
        throw new AppError('account/not-found', 'That account is gone.', { retryable: false })
      }
    })
    const result = await dispatchInvoke(
      map,
      'accounts:unlink',
      ['acc-1'],
      recordingLogger(),
      CALLER
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'account/not-found', message: 'That account is gone.', retryable: false }
    })
  })

  it('hides unexpected errors behind internal/unexpected and logs them redacted', async () => {
    const logger = recordingLogger()
    const { map } = recordingHandlers({
      'accounts:complete-link': async () => {
        throw new Error('boom at https://x/cb?code=SECRETCODE123&state=s1 Bearer abc.def.ghi')
      }
    })
    const result = await dispatchInvoke(
      map,
      'accounts:complete-link',
      ['printdock://oauth/callback'],
      logger,
      CALLER
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal/unexpected', message: 'Something went wrong inside Printdock.' }
    })
    const log = logger.lines.join('\n')
    expect(log).toContain('boom')
    expect(log).not.toContain('SECRETCODE123')
    expect(log).not.toContain('abc.def.ghi')
  })
})

describe('createEventSink', () => {
  const notice = { id: 'n1', level: 'info', message: 'hi' } as const
  const sinkOver = (callers: string[]) => {
    const sent: unknown[] = []
    const sink = createEventSink({
      callers: () => callers,
      send: (callerId, channel, args) => sent.push([callerId, channel, args])
    })
    return { sink, sent }
  }

  it('broadcasts the channel and arguments to every caller there now', () => {
    const { sink, sent } = sinkOver(['a', 'b'])
    sink.emit('app:notice', notice)
    expect(sent).toEqual([
      ['a', 'app:notice', [notice]],
      ['b', 'app:notice', [notice]]
    ])
  })

  it('sends to one caller only with emitTo', () => {
    const { sink, sent } = sinkOver(['a', 'b'])
    const snapshot = { revision: 3, value: [] }
    sink.emitTo('b', 'accounts:changed', snapshot)
    expect(sent).toEqual([['b', 'accounts:changed', [snapshot]]])
  })
})

describe('dispatchInvoke logging', () => {
  it('logs the code of a failed request under a name redaction keeps', async () => {
    const fields: unknown[] = []
    const logger: Logger = {
      debug: () => undefined,
      info: (_message, extra) => fields.push(redact(extra)),
      warn: () => undefined,
      error: () => undefined
    }
    const { map } = recordingHandlers({
      'accounts:list': () => {
        throw new AppError('auth/denied', 'No.')
      }
    })
    await dispatchInvoke(map, 'accounts:list', [], logger, CALLER)
    expect(JSON.stringify(fields)).toContain('auth/denied')
  })
})
