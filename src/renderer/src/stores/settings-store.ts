/**
 * Settings (theme, first-run, last screen) and facts about the running app.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { AppInfo } from '@shared/models/app-info'
import type { ThemePreference, UiSettings } from '@shared/models/settings'
import { api } from '../lib/api'
import { errorText } from '../lib/error-text'
import { toUiError } from '../lib/ui-error'
import { pushNotice } from './notice-store'

/** Loading state of the settings, as a union on `kind`. */
export type SettingsStatus =
  { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string }

/** State of the settings store. */
export interface SettingsState {
  status: SettingsStatus
  settings: UiSettings
  appInfo: AppInfo | null
  /** What the OS asks for (`prefers-color-scheme`). */
  systemDark: boolean
}

/** Defaults shown until main answers; `firstRunDone: true` avoids flashing the welcome screen. */
export const DEFAULT_SETTINGS: UiSettings = {
  theme: 'system',
  lastScreen: 'printers',
  firstRunDone: true
}

/** The settings store. */
export const settingsStore = createStore<SettingsState>(() => ({
  status: { kind: 'loading' },
  settings: DEFAULT_SETTINGS,
  appInfo: null,
  systemDark: false
}))

/** Loads settings from main. */
export async function loadSettings(): Promise<UiSettings | null> {
  try {
    const settings = await api.settings.get()
    settingsStore.setState({ settings, status: { kind: 'ready' } })
    return settings
  } catch (caught) {
    const error = toUiError(caught)
    settingsStore.setState({
      status: { kind: 'failed', message: errorText(error) }
    })
    return null
  }
}

/** Loads app facts (version, where secrets are kept). Failure is not fatal. */
export async function loadAppInfo(): Promise<void> {
  try {
    settingsStore.setState({ appInfo: await api.app.getInfo() })
  } catch {
    // The info is decoration; the screens work without it.
  }
}

/** Counts saves, so an answer that arrives after a newer save was made is known to be stale. */
let latestSave = 0

/**
 * Changes settings: applied at once so the UI answers immediately, then saved through main.
 * Only the newest save's answer is applied: an older one arriving late would undo a newer choice.
 * If saving fails, the values this save set (and nothing newer changed since) come back, and a
 * toast says why.
 */
export async function updateSettings(patch: Partial<UiSettings>): Promise<void> {
  const save = ++latestSave
  const before = settingsStore.getState().settings
  settingsStore.setState({ settings: { ...before, ...patch } })
  try {
    const saved = await api.settings.update(patch)
    if (save === latestSave) settingsStore.setState({ settings: saved })
  } catch (caught) {
    const current = settingsStore.getState().settings
    const reverted = { ...current }
    for (const key of Object.keys(patch) as (keyof UiSettings)[]) {
      if (current[key] === patch[key]) Object.assign(reverted, { [key]: before[key] })
    }
    settingsStore.setState({ settings: reverted })
    pushNotice({ level: 'error', message: `Settings not saved. ${errorText(toUiError(caught))}` })
  }
}

/** Sets the theme override. */
export function setThemePreference(theme: ThemePreference): Promise<void> {
  return updateSettings({ theme })
}

/** Records what the OS asks for. */
export function setSystemDark(systemDark: boolean): void {
  settingsStore.setState({ systemDark })
}

/** Reads the settings store from React. */
export function useSettingsStore<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector)
}
