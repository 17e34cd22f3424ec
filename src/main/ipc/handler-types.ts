/**
 * Handler map types, derived from the IPC contract.
 */
import type {
  EventChannel,
  EventChannels,
  InvokeChannel,
  InvokeChannels
} from '../../shared/ipc/contract'

/** One handler: the contract's parameters in, its return value (or a promise of it) out. */
export type InvokeHandler<K extends InvokeChannel> = (
  ...args: Parameters<InvokeChannels[K]>
) => Promise<ReturnType<InvokeChannels[K]>> | ReturnType<InvokeChannels[K]>

/** A handler for every invoke channel; a missing channel is a compile error. */
export type HandlerMap = { [K in InvokeChannel]: InvokeHandler<K> }

/** Sends events to the renderer, typed by `EventChannels`. */
export interface EventSink {
  emit<K extends EventChannel>(channel: K, ...args: Parameters<EventChannels[K]>): void
}
