import { useRef, type KeyboardEvent, type ReactNode } from 'react'
import type { ThemePreference } from '@shared/models/settings'
import { navigate, SCREENS, useNavigationStore } from '../../stores/navigation-store'
import { setThemePreference, useSettingsStore } from '../../stores/settings-store'
import { Toasts } from '../../components/Toasts'
import { AssistantLauncher } from '../assistant/AssistantLauncher'
import { shortcutLabel } from './shortcuts'

const THEMES: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

/**
 * The sidebar: main navigation, the toast stack and the theme override.
 *
 * Every item is in the Tab order; Up/Down (and Left/Right), Home and End move focus within the
 * list, Enter or Space opens the screen. The active item carries `aria-current="page"`.
 */
export function Sidebar(): ReactNode {
  const screen = useNavigationStore((s) => s.screen)
  const theme = useSettingsStore((s) => s.settings.theme)
  const list = useRef<HTMLUListElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const buttons = Array.from(list.current?.querySelectorAll('button') ?? [])
    const index = buttons.findIndex((b) => b === document.activeElement)
    if (index === -1) return
    let next = -1
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight') next = (index + 1) % buttons.length
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft')
      next = (index - 1 + buttons.length) % buttons.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = buttons.length - 1
    if (next === -1) return
    event.preventDefault()
    buttons[next].focus()
  }

  return (
    <aside className="sidebar">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">▣</span> Printdock
      </div>
      <nav aria-label="Main">
        <ul ref={list} className="nav-list" onKeyDown={onKeyDown}>
          {SCREENS.map((item, i) => (
            <li key={item.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === item.id ? 'page' : undefined}
                aria-keyshortcuts={`Control+${i + 1} Meta+${i + 1}`}
                title={`${item.label} (${shortcutLabel(i + 1)})`}
                data-testid={`nav-${item.id}`}
                onClick={() => navigate(item.id)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <AssistantLauncher />
      {/* Toasts live here, in the sidebar's free space: never over the screen's forms. */}
      <Toasts docked />
      <fieldset className="theme-picker">
        <legend>Theme</legend>
        <div className="segmented">
          {THEMES.map((option) => (
            <label key={option.value} className="segment">
              <input
                type="radio"
                name="theme"
                value={option.value}
                checked={theme === option.value}
                onChange={() => void setThemePreference(option.value)}
                data-testid={`theme-${option.value}`}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="shortcut-hint">
        {shortcutLabel(1)}–{SCREENS.length} switch screens
      </p>
    </aside>
  )
}
