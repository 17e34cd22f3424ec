/**
 * The preload: exposes `window.api` and nothing else. Bundled to one CJS file (sandboxed preloads
 * cannot require local modules), importing only `electron` and `src/shared`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createPreloadApi } from './preload-api'

contextBridge.exposeInMainWorld('api', createPreloadApi(ipcRenderer, webUtils))
