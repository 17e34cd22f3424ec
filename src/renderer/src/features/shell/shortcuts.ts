/**
 * Keyboard shortcuts of the shell: Ctrl+1..4 (Cmd+1..4 on macOS) open the screens in sidebar order.
 */
import { SCREENS, navigate } from '../../stores/navigation-store'

/** True on macOS, where Cmd replaces Ctrl in the shortcut labels. */
function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
}

/** Label of the shortcut for the n-th screen, e.g. "Ctrl+1". */
export function shortcutLabel(n: number): string {
  return `${isMac() ? '⌘' : 'Ctrl+'}${n}`
}

/**
 * Handles a keydown anywhere in the window; returns true when it switched screens.
 * Ignored while a modal dialog is open, so the dialog keeps the user's attention.
 */
export function handleScreenShortcut(event: KeyboardEvent): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false
  const n = Number.parseInt(event.key, 10)
  if (!Number.isInteger(n) || n < 1 || n > SCREENS.length) return false
  if (document.querySelector('[aria-modal="true"]')) return false
  event.preventDefault()
  navigate(SCREENS[n - 1].id, { focusHeading: true })
  return true
}
