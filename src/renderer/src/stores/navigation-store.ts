/**
 * Which screen is shown.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { ScreenId } from '@shared/models/settings'
import { updateSettings } from './settings-store'

/** The screens, in sidebar order (Ctrl/Cmd+1..4 follow it). */
export const SCREENS: readonly { id: ScreenId; label: string }[] = [
  { id: 'printers', label: 'Printers' },
  { id: 'files', label: 'Files' },
  { id: 'repair', label: 'Repair' },
  { id: 'accounts', label: 'Accounts' }
]

/** State of the navigation store. */
export interface NavigationState {
  screen: ScreenId
  /** True until the shown screen's heading takes focus (after shortcuts and the skip link). */
  focusPending: boolean
}

/** The navigation store. */
export const navigationStore = createStore<NavigationState>(() => ({
  screen: 'printers',
  focusPending: false
}))

/** Shows a screen and remembers it as the start-up screen. */
export function navigate(screen: ScreenId, options: { focusHeading?: boolean } = {}): void {
  const current = navigationStore.getState().screen
  navigationStore.setState({ screen, focusPending: options.focusHeading === true })
  if (screen !== current) void updateSettings({ lastScreen: screen })
}

/** Asks the current screen's heading to take focus. */
export function focusScreenHeading(): void {
  navigationStore.setState({ focusPending: true })
}

/** Marks the focus request as handled. */
export function focusHandled(): void {
  navigationStore.setState({ focusPending: false })
}

/** Sets the screen without saving it (start-up restore). */
export function restoreScreen(screen: ScreenId): void {
  navigationStore.setState({ screen })
}

/** Reads the navigation store from React. */
export function useNavigationStore<T>(selector: (state: NavigationState) => T): T {
  return useStore(navigationStore, selector)
}
