import { act, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  dismissNotice,
  holdNotices,
  noticeStore,
  pushNotice,
  releaseNotices,
  TOAST_MS
} from '../../src/renderer/src/stores/notice-store'
import { renderApp } from './render-app'

/**
 * Toasts go away by themselves (errors too, only later), have a close button, stop their clocks
 * while the user reads them, stay only when they need the user to act, and never cover the screen:
 * they live in the sidebar, outside the main content.
 */

const shown = (): string[] => noticeStore.getState().toasts.map((toast) => toast.message)

describe('toast lifetimes', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('every level goes away by itself, errors last', () => {
    vi.useFakeTimers()
    pushNotice({ level: 'info', message: 'info' })
    pushNotice({ level: 'warning', message: 'warning' })
    pushNotice({ level: 'error', message: 'error' })
    expect(TOAST_MS.info).toBeLessThan(TOAST_MS.warning)
    expect(TOAST_MS.warning).toBeLessThanOrEqual(TOAST_MS.error)

    vi.advanceTimersByTime(TOAST_MS.info)
    expect(shown()).toEqual(['warning', 'error'])
    vi.advanceTimersByTime(TOAST_MS.warning - TOAST_MS.info)
    expect(shown()).toEqual(['error'])
    vi.advanceTimersByTime(TOAST_MS.error - TOAST_MS.warning - 1)
    expect(shown()).toEqual(['error'])
    vi.advanceTimersByTime(1)
    expect(shown()).toEqual([])
  })

  it('a notice that needs the user to act stays until dismissed', () => {
    vi.useFakeTimers()
    const id = pushNotice({
      level: 'error',
      message: 'accounts file unreadable',
      needsAction: true
    })
    vi.advanceTimersByTime(10 * 60_000)
    expect(shown()).toEqual(['accounts file unreadable'])
    dismissNotice(id)
    expect(shown()).toEqual([])
  })

  it('holding stops the clocks; releasing runs only the time that was left', () => {
    vi.useFakeTimers()
    pushNotice({ level: 'error', message: 'error' })
    vi.advanceTimersByTime(TOAST_MS.error - 1000)
    holdNotices()
    vi.advanceTimersByTime(60_000)
    expect(shown()).toEqual(['error'])
    releaseNotices()
    vi.advanceTimersByTime(999)
    expect(shown()).toEqual(['error'])
    vi.advanceTimersByTime(1)
    expect(shown()).toEqual([])
  })

  it('a toast pushed while held waits for the release', () => {
    vi.useFakeTimers()
    holdNotices()
    pushNotice({ level: 'info', message: 'later' })
    vi.advanceTimersByTime(TOAST_MS.info * 3)
    expect(shown()).toEqual(['later'])
    releaseNotices()
    vi.advanceTimersByTime(TOAST_MS.info)
    expect(shown()).toEqual([])
  })
})

describe('the toast stack on screen', () => {
  it('sits in the sidebar, outside the main content, and closes with its button', async () => {
    const { user } = await renderApp((fake) => {
      fake.settings.lastScreen = 'accounts'
    })
    act(() => {
      pushNotice({ level: 'error', message: 'Linking Obico Cloud did not finish.' })
    })
    const toast = await screen.findByTestId('toast')
    expect(toast.getAttribute('role')).toBe('alert')
    expect(screen.getByRole('main').contains(toast)).toBe(false)
    expect(screen.getByRole('complementary').contains(toast)).toBe(true)

    await user.click(within(toast).getByRole('button', { name: /^Dismiss: Linking Obico Cloud/ }))
    expect(screen.queryByTestId('toast')).toBeNull()
  })

  it('stops the clocks while the pointer is on the stack', async () => {
    await renderApp()
    vi.useFakeTimers()
    try {
      act(() => {
        pushNotice({ level: 'info', message: 'Linked.' })
      })
      const region = screen.getByRole('region', { name: 'Notifications' })
      fireEvent.mouseEnter(region)
      act(() => vi.advanceTimersByTime(TOAST_MS.info * 2))
      expect(shown()).toEqual(['Linked.'])
      fireEvent.mouseLeave(region)
      act(() => vi.advanceTimersByTime(TOAST_MS.info))
      expect(shown()).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })
})
