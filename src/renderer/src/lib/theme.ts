/**
 * Applies the theme to the document.
 *
 * `data-theme` holds the resolved theme (`light` | `dark`) that the CSS variables key on, and
 * `data-theme-preference` the user's choice (`system` | `light` | `dark`).
 */
import type { ThemePreference } from '@shared/models/settings'

/** The theme actually drawn. */
export type ResolvedTheme = 'light' | 'dark'

const DARK_QUERY = '(prefers-color-scheme: dark)'

/** Resolves a preference against the OS setting. */
function resolveTheme(preference: ThemePreference, systemDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemDark ? 'dark' : 'light'
  return preference
}

/** Sets the theme attributes on `<html>`. */
export function applyTheme(preference: ThemePreference, systemDark: boolean): void {
  const root = document.documentElement
  root.dataset.theme = resolveTheme(preference, systemDark)
  root.dataset.themePreference = preference
}

/** Whether the OS asks for dark, and a subscription to changes (no-op where matchMedia is absent). */
export function watchSystemDark(onChange: (dark: boolean) => void): {
  dark: boolean
  dispose: () => void
} {
  if (typeof window.matchMedia !== 'function') return { dark: false, dispose: () => {} }
  const query = window.matchMedia(DARK_QUERY)
  const listener = (event: MediaQueryListEvent): void => onChange(event.matches)
  query.addEventListener('change', listener)
  return { dark: query.matches, dispose: () => query.removeEventListener('change', listener) }
}
