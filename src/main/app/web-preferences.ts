/**
 * The main window's security settings, as a pure function so a unit test pins every flag.
 */
import type { WebPreferences } from 'electron'

/** The flags that must never change without a security review. */
export interface HardenedWebPreferences extends WebPreferences {
  preload: string
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  webviewTag: false
  experimentalFeatures: false
  enableBlinkFeatures: ''
  navigateOnDragDrop: false
  spellcheck: boolean
}

/**
 * Web preferences for every Printdock window.
 *
 * `sandbox: true` is why the preload is bundled to one CJS file importing only `electron`
 * (electron-vite "Isolated build"); `webviewTag: false` because no screen embeds remote content
 * and a webview would bypass the navigation guard.
 */
export function hardenedWebPreferences(preloadPath: string): HardenedWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    spellcheck: true
  }
}
