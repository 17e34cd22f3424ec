/**
 * The shape of `window.api`, derived from the IPC contract, plus the one function that builds it.
 *
 * Names come from channel strings: invoke `'accounts:start-link'` → `api.accounts.startLink(req)`,
 * event `'accounts:link-finished'` → `api.accounts.onLinkFinished(cb)` (returns an unsubscribe
 * function). Every invoke resolves to an `IpcResult<T>`; it never rejects for an application error.
 *
 * Its only runtime import is the zod-free name list (channels.ts), so the sandboxed preload bundles
 * it without zod, and the end-to-end harness can serve both files to a plain browser page. Both
 * the preload and the harness call `buildApi`, so all three ends (main, preload, harness) type from
 * `contract.ts`.
 *
 * Preload-only channels (channels.ts) are not forwarded: the page reaches them only through a
 * preload-local verb (`PreloadVerbs`) that each transport implements in its own way.
 */
import type { RegisteredFile } from '../models/files'
import {
  EVENT_CHANNELS,
  PAGE_INVOKE_CHANNELS,
  type EventChannel,
  type InvokeChannel,
  type PageInvokeChannel
} from './channels'
import type { EventChannels, InvokeChannels } from './contract'
import type { IpcResult } from './result'

/** `'start-link'` → `'startLink'`. */
export type KebabToCamel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<KebabToCamel<Tail>>}`
  : S

/** `'accounts:start-link'` → `'accounts'`. */
export type ChannelDomain<C extends string> = C extends `${infer D}:${string}` ? D : never

/** `'accounts:start-link'` → `'startLink'`. */
export type ChannelMethod<C extends string> = C extends `${string}:${infer V}`
  ? KebabToCamel<V>
  : never

/** `'accounts:link-finished'` → `'onLinkFinished'`. */
export type EventMethod<C extends string> = `on${Capitalize<ChannelMethod<C>>}`

/** Every domain that has at least one page-reachable invoke or event channel. */
export type ApiDomain = ChannelDomain<PageInvokeChannel> | ChannelDomain<EventChannel>

/** An invoke wrapper: the contract's parameters in, an `IpcResult` of its return type out. */
export type InvokeMethod<C extends InvokeChannel> = (
  ...args: Parameters<InvokeChannels[C]>
) => Promise<IpcResult<ReturnType<InvokeChannels[C]>>>

/** An event subscription: the listener gets the contract's arguments; the return unsubscribes. */
export type SubscribeMethod<C extends EventChannel> = (
  listener: (...args: Parameters<EventChannels[C]>) => void
) => () => void

/** The methods of one domain, e.g. `PrintdockApi['accounts']`. */
export type DomainApi<D extends string> = {
  [C in PageInvokeChannel as ChannelDomain<C> extends D ? ChannelMethod<C> : never]: InvokeMethod<C>
} & {
  [C in EventChannel as ChannelDomain<C> extends D ? EventMethod<C> : never]: SubscribeMethod<C>
}

/**
 * What the preload exposes as `window.api`.
 *
 * ```ts
 * const result = await window.api.accounts.startLink({ profileKey: 'obico-cloud' })
 * if (result.ok) show(result.value) else showError(result.error.code)
 * const off = window.api.accounts.onChanged((accounts) => …); off()
 * ```
 */
export type PrintdockApi = { readonly [D in ApiDomain]: DomainApi<D> } & {
  readonly [D in keyof PreloadVerbs]: Readonly<PreloadVerbs[D]>
}

/**
 * Verbs that are not a plain forward of one channel: the transport implements them (the preload
 * with `webUtils`, the harness by uploading bytes), and the page sees only the verb.
 */
export interface PreloadVerbs {
  files: {
    /**
     * Hands main a file the user dropped on the window; main answers with an opaque reference.
     * The page never names a path: the preload asks Electron for the dropped file's path itself.
     */
    registerDroppedFile(file: File): Promise<IpcResult<RegisteredFile>>
  }
}

/** Sends one invoke over whatever transport (ipcRenderer, WebSocket) and resolves with its result. */
export type InvokeTransport = (
  channel: InvokeChannel,
  args: unknown[]
) => Promise<IpcResult<unknown>>

/** Subscribes to one event channel over the transport; the listener never sees the raw event. */
export type SubscribeTransport = (
  channel: EventChannel,
  listener: (...args: unknown[]) => void
) => () => void

/** Runtime twin of `KebabToCamel`. */
export function kebabToCamel(text: string): string {
  return text.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase())
}

/** Splits a channel into the domain and method names the api uses. */
export function channelNames(channel: string, kind: 'invoke' | 'event'): [string, string] {
  const colon = channel.indexOf(':')
  const domain = channel.slice(0, colon)
  const method = kebabToCamel(channel.slice(colon + 1))
  return [domain, kind === 'invoke' ? method : `on${method[0].toUpperCase()}${method.slice(1)}`]
}

/**
 * Builds the api object over a transport.
 *
 * The result is a plain, frozen tree whose leaves are functions only: no transport object, no
 * channel-generic `invoke(channel, …)` escape hatch (a preload that forwards any channel lets a
 * compromised renderer reach every handler).
 */
export function buildApi(
  invoke: InvokeTransport,
  subscribe: SubscribeTransport,
  verbs: PreloadVerbs
): PrintdockApi {
  const tree: Record<string, Record<string, (...args: never[]) => unknown>> = {}
  const domainOf = (name: string) => (tree[name] ??= {})
  for (const channel of PAGE_INVOKE_CHANNELS) {
    const [domain, method] = channelNames(channel, 'invoke')
    domainOf(domain)[method] = (...args: unknown[]) => invoke(channel, args)
  }
  for (const channel of EVENT_CHANNELS) {
    const [domain, method] = channelNames(channel, 'event')
    domainOf(domain)[method] = (listener: (...args: unknown[]) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${method} needs a function`)
      return subscribe(channel, listener)
    }
  }
  for (const [domain, methods] of Object.entries(verbs)) {
    for (const [method, verb] of Object.entries(methods as Record<string, unknown>)) {
      if (typeof verb !== 'function') throw new TypeError(`${domain}.${method} must be a function`)
      domainOf(domain)[method] = verb as (...args: never[]) => unknown
    }
  }
  for (const domain of Object.values(tree)) Object.freeze(domain)
  return Object.freeze(tree) as unknown as PrintdockApi
}
