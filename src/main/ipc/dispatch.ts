/**
 * Transport-neutral invoke dispatch: validates, calls the handler, turns every outcome into an
 * `IpcResult`. No Electron import: `typed-ipc.ts` binds it to `ipcMain`, and the end-to-end harness
 * binds it to a WebSocket, so both run exactly this code.
 */
import {
  argumentSchemas,
  type EventChannel,
  type InvokeChannel,
  type InvokeChannels
} from '../../shared/ipc/contract'
import { fail, ok, type IpcResult } from '../../shared/ipc/result'
import { AppError } from '../core/errors'
import { redact, type Logger } from '../core/logger'
import type { CallerId } from '../core/leases'
import type { CallContext, EventSink, HandlerMap } from './handler-types'

/** Whether `channel` names an invoke channel of the contract (own property, not a prototype key). */
function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return (
    typeof channel === 'string' && Object.prototype.hasOwnProperty.call(argumentSchemas, channel)
  )
}

/**
 * Runs one invoke: unknown channel → `ipc/unknown-channel`; arguments failing the channel's strict
 * zod schema → `ipc/invalid-arguments` (the message names the path, never echoes the values, which
 * may hold a password); `AppError` → its DTO; anything else → `internal/unexpected`, logged
 * redacted. The handler gets the validated arguments, then `caller`: the transport's identity of
 * the window that called (never taken from the payload, so a page cannot claim another's leases).
 */
export async function dispatchInvoke<K extends InvokeChannel>(
  handlers: HandlerMap,
  channel: K | string,
  rawArgs: unknown,
  logger: Logger,
  caller: CallContext
): Promise<IpcResult<ReturnType<InvokeChannels[K]>>> {
  if (!isInvokeChannel(channel)) {
    logger.warn('ipc: unknown channel', { channel: String(channel).slice(0, 100) })
    return fail({ code: 'ipc/unknown-channel', message: 'Printdock does not know that request.' })
  }
  const schema = argumentSchemas[channel]
  const parsed = schema.safeParse(rawArgs)
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.code}`)
      .join('; ')
    logger.warn('ipc: invalid arguments', { channel, issues: where })
    return fail({
      code: 'ipc/invalid-arguments',
      message: `Invalid request to ${channel} (${where}).`
    })
  }
  const handler = handlers[channel] as (...args: unknown[]) => unknown
  try {
    const value = await handler(...(parsed.data as unknown[]), { callerId: caller.callerId })
    return ok(value as ReturnType<InvokeChannels[K]>)
  } catch (error) {
    if (error instanceof AppError) {
      // Not `code`: the logger redacts that key (it is the OAuth authorization code elsewhere).
      logger.info('ipc: request failed', { channel, errorCode: error.code })
      return fail(error.toDto())
    }
    logger.error('ipc: handler threw', { channel, error: redact(error) })
    return fail({ code: 'internal/unexpected', message: 'Something went wrong inside Printdock.' })
  }
}

/**
 * Builds an `EventSink` over a transport: `send` reaches one caller, `callers` lists the callers
 * that are there now (a broadcast goes to each).
 */
export function createEventSink(transport: {
  send(callerId: CallerId, channel: EventChannel, args: unknown[]): void
  callers(): CallerId[]
}): EventSink {
  return {
    emit(channel, ...args) {
      for (const callerId of transport.callers()) transport.send(callerId, channel, args)
    },
    emitTo(callerId, channel, ...args) {
      transport.send(callerId, channel, args)
    }
  }
}
