/**
 * Builds `window.api` over an `ipcRenderer`-shaped object and `webUtils`. Kept apart from
 * `index.ts` (which only wires Electron) so a Node test can check what the page receives.
 */
import type { IpcRendererEvent } from 'electron'
import { buildApi, type PreloadVerbs, type PrintdockApi } from '../shared/ipc/api-shape'
import type { IpcResult } from '../shared/ipc/result'
import type { RegisteredFile } from '../shared/models/files'

/** The three `ipcRenderer` methods the api uses; nothing else of it is reachable from the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown
  removeListener(
    channel: string,
    listener: (event: IpcRendererEvent, ...args: unknown[]) => void
  ): unknown
}

/** The one `webUtils` method the preload-local verbs use. */
export interface WebUtilsLike {
  getPathForFile(file: File): string
}

const UNREACHABLE: IpcResult<never> = {
  ok: false,
  error: {
    code: 'internal/unexpected',
    message: 'Printdock could not reach its background process.'
  }
}

/**
 * The api: one verb per page channel, one `on*` per event channel, and the preload-local verbs.
 *
 * Listeners get the contract's arguments only: the `IpcRendererEvent` (which carries `sender`, an
 * ipcRenderer handle) is dropped. An invoke that rejects (no handler registered yet, main crashed)
 * resolves to `internal/unexpected` so callers only ever handle `IpcResult`.
 */
export function createPreloadApi(ipc: IpcRendererLike, webUtils: WebUtilsLike): PrintdockApi {
  const invoke = async (channel: string, args: unknown[]): Promise<IpcResult<unknown>> => {
    try {
      return (await ipc.invoke(channel, ...args)) as IpcResult<unknown>
    } catch {
      return UNREACHABLE
    }
  }
  const verbs: PreloadVerbs = {
    files: {
      async registerDroppedFile(file) {
        // The path comes from Electron for a File the user dropped, never from the page: the page
        // cannot make this verb send main a path of its choosing.
        let path = ''
        try {
          path = webUtils.getPathForFile(file)
        } catch {
          // Not a File at all (webUtils throws on other values).
        }
        if (!path) {
          return {
            ok: false,
            error: {
              code: 'files/not-a-file',
              message: 'That item is not a file on this computer.'
            }
          }
        }
        return (await invoke('files:register-path', [path])) as IpcResult<RegisteredFile>
      }
    }
  }
  return buildApi(
    invoke,
    (channel, listener) => {
      const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args)
      ipc.on(channel, wrapped)
      return () => {
        ipc.removeListener(channel, wrapped)
      }
    },
    verbs
  )
}
