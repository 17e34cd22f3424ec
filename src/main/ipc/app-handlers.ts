/**
 * Handlers for `app:*` and `settings:*`.
 */
import type { AppInfo } from '../../shared/models/app-info'
import type { UiSettings } from '../../shared/models/settings'
import { pickUiSettings, type AppSettings } from '../core/settings/settings-schema'
import type { SettingsStore } from '../core/settings/settings-store'
import type { HandlerMap } from './handler-types'

/** What the app/settings handlers need. */
export interface AppHandlerDeps {
  appInfo(): AppInfo
  settings: SettingsStore<AppSettings>
  /** Told after every successful update (Electron: apply the theme to nativeTheme). */
  onSettingsChanged?(settings: UiSettings): void
}

/** The `app:*` and `settings:*` handlers. Arguments arrive already validated by `dispatchInvoke`. */
export function appHandlers(
  deps: AppHandlerDeps
): Pick<HandlerMap, 'app:get-info' | 'settings:get' | 'settings:update'> {
  return {
    'app:get-info': () => deps.appInfo(),
    'settings:get': () => pickUiSettings(deps.settings.getAll()),
    'settings:update': (patch) => {
      if (patch.theme !== undefined) deps.settings.set('theme', patch.theme)
      if (patch.lastScreen !== undefined) deps.settings.set('lastScreen', patch.lastScreen)
      if (patch.firstRunDone !== undefined) deps.settings.set('firstRunDone', patch.firstRunDone)
      const next = pickUiSettings(deps.settings.getAll())
      deps.onSettingsChanged?.(next)
      return next
    }
  }
}
