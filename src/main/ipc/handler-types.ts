/**
 * Handler map types, derived from the IPC contract.
 */
import type {
  EventChannel,
  EventChannels,
  InvokeChannel,
  InvokeChannels
} from '../../shared/ipc/contract'
import type { CallerId } from '../core/leases'

/** Who made a call: the transport fills it in (typed-ipc.ts, the harness), never the page. */
export interface CallContext {
  callerId: CallerId
}

/**
 * One handler: the contract's parameters, then the caller, in; its return value (or a promise of
 * it) out. Handlers that do not care who called simply declare fewer parameters.
 */
export type InvokeHandler<K extends InvokeChannel> = (
  ...args: [...Parameters<InvokeChannels[K]>, CallContext]
) => Promise<ReturnType<InvokeChannels[K]>> | ReturnType<InvokeChannels[K]>

/** A handler for every invoke channel; a missing channel is a compile error. */
export type HandlerMap = { [K in InvokeChannel]: InvokeHandler<K> }

/** Sends events to the renderer, typed by `EventChannels`. */
export interface EventSink {
  /** To every window. */
  emit<K extends EventChannel>(channel: K, ...args: Parameters<EventChannels[K]>): void
  /** To one caller (a window holding a lease); dropped when that caller is gone. */
  emitTo<K extends EventChannel>(
    callerId: CallerId,
    channel: K,
    ...args: Parameters<EventChannels[K]>
  ): void
}
