/**
 * Builds `window.api` over an `ipcRenderer`-shaped object. Kept apart from `index.ts` (which only
 * wires Electron) so a Node test can check what the page receives.
 */
import type { IpcRendererEvent } from 'electron'
import { buildApi, type PrintdockApi } from '../shared/ipc/api-shape'
import type { IpcResult } from '../shared/ipc/result'

/** The three `ipcRenderer` methods the api uses; nothing else of it is reachable from the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown
  removeListener(
    channel: string,
    listener: (event: IpcRendererEvent, ...args: unknown[]) => void
  ): unknown
}

/**
 * The api: one verb per invoke channel, one `on*` per event channel.
 *
 * Listeners get the contract's arguments only: the `IpcRendererEvent` (which carries `sender`, an
 * ipcRenderer handle) is dropped. An invoke that rejects (no handler registered yet, main crashed)
 * resolves to `internal/unexpected` so callers only ever handle `IpcResult`.
 */
export function createPreloadApi(ipc: IpcRendererLike): PrintdockApi {
  return buildApi(
    async (channel, args) => {
      try {
        return (await ipc.invoke(channel, ...args)) as IpcResult<unknown>
      } catch {
        return {
          ok: false,
          error: {
            code: 'internal/unexpected',
            message: 'Printdock could not reach its background process.'
          }
        }
      }
    },
    (channel, listener) => {
      const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args)
      ipc.on(channel, wrapped)
      return () => {
        ipc.removeListener(channel, wrapped)
      }
    }
  )
}
