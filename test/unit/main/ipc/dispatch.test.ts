import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../../../src/shared/ipc/contract'
import { AppError } from '../../../../src/main/core/errors'
import { redact, type Logger } from '../../../../src/main/core/logger'
import { createEventSink, dispatchInvoke } from '../../../../src/main/ipc/dispatch'
import type { HandlerMap } from '../../../../src/main/ipc/handler-types'

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
      recordingLogger()
    )
    expect(result).toEqual({ ok: true, value: 'settings:update' })
    expect(calls).toEqual([{ channel: 'settings:update', args: [{ theme: 'dark' }] }])
  })

  it.each(['nope:nothing', '__proto__', 'constructor', 'toString', 42, undefined])(
    'refuses unknown channel %s',
    async (channel) => {
      const { map, calls } = recordingHandlers()
      const result = await dispatchInvoke(map, channel as string, [], recordingLogger())
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
    { label: 'bad profile key', channel: 'accounts:start-link', args: [{ profileKey: '../x' }] },
    {
      label: 'nested extra key',
      channel: 'accounts:start-link',
      args: [
        {
          profileKey: 'generic',
          generic: { authorizeUrl: 'https://a', tokenUrl: 'https://b', x: 1 }
        }
      ]
    }
  ])('refuses $label', async ({ channel, args }) => {
    const { map, calls } = recordingHandlers()
    const result = await dispatchInvoke(map, channel, args, recordingLogger())
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
      logger
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
    const result = await dispatchInvoke(map, 'accounts:unlink', ['acc-1'], recordingLogger())
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
      logger
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
  it('sends the channel and arguments as given', () => {
    const sent: unknown[] = []
    const sink = createEventSink((channel, args) => sent.push([channel, args]))
    sink.emit('app:notice', { id: 'n1', level: 'info', message: 'hi' })
    expect(sent).toEqual([['app:notice', [{ id: 'n1', level: 'info', message: 'hi' }]]])
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
    await dispatchInvoke(map, 'accounts:list', [], logger)
    expect(JSON.stringify(fields)).toContain('auth/denied')
  })
})
