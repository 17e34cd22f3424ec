/**
 * The shape of `window.api` as the renderer sees it.
 *
 * Derived from the IPC contract the same way the preload builds it: `'accounts:start-link'` becomes
 * `accounts.startLink(...)` returning `Promise<IpcResult<T>>`, and the event
 * `'accounts:link-finished'` becomes `accounts.onLinkFinished(cb)` returning an unsubscribe function.
 */
import type {
  EventChannel,
  EventChannels,
  InvokeChannel,
  InvokeChannels
} from '@shared/ipc/contract'
import type { IpcResult } from '@shared/ipc/result'

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S
type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? Camel<V> : never

type InvokeMethods<D extends string> = {
  [C in InvokeChannel as DomainOf<C> extends D ? VerbOf<C> : never]: (
    ...args: Parameters<InvokeChannels[C]>
  ) => Promise<IpcResult<ReturnType<InvokeChannels[C]>>>
}

type EventMethods<D extends string> = {
  [C in EventChannel as DomainOf<C> extends D ? `on${Capitalize<VerbOf<C>>}` : never]: (
    listener: (...args: Parameters<EventChannels[C]>) => void
  ) => () => void
}

/** `window.api`: invoke wrappers and disposable event subscriptions, grouped by domain. */
export type PrintdockApi = {
  [D in DomainOf<InvokeChannel> | DomainOf<EventChannel>]: InvokeMethods<D> & EventMethods<D>
}
