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
  /** Bumped when focus should move to the new screen's heading (shortcuts, skip link). */
  focusRequest: number
}

/** The navigation store. */
export const navigationStore = createStore<NavigationState>(() => ({
  screen: 'printers',
  focusRequest: 0
}))

/** Shows a screen and remembers it as the start-up screen. */
export function navigate(screen: ScreenId, options: { focusHeading?: boolean } = {}): void {
  const { screen: current, focusRequest } = navigationStore.getState()
  navigationStore.setState({
    screen,
    focusRequest: options.focusHeading ? focusRequest + 1 : focusRequest
  })
  if (screen !== current) void updateSettings({ lastScreen: screen })
}

/** Sets the screen without saving it (start-up restore). */
export function restoreScreen(screen: ScreenId): void {
  navigationStore.setState({ screen })
}

/** Reads the navigation store from React. */
export function useNavigationStore<T>(selector: (state: NavigationState) => T): T {
  return useStore(navigationStore, selector)
}
