/**
 * Renderer test setup: a fresh fake `window.api` and fresh stores before every test, and React
 * trees unmounted after it (no Vitest globals, so Testing Library's auto-cleanup is wired here).
 */
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { accountsStore } from '../../src/renderer/src/stores/accounts-store'
import { navigationStore } from '../../src/renderer/src/stores/navigation-store'
import { noticeStore, resetNotices } from '../../src/renderer/src/stores/notice-store'
import { settingsStore } from '../../src/renderer/src/stores/settings-store'
import { printersStore } from '../../src/renderer/src/stores/printers-store'
import { FakeApi } from './fake-api'

declare global {
  // The fake of the current test, for helpers; tests usually take it from `currentFake()`.
  var __fakeApi: FakeApi | undefined
}

/** The fake `window.api` of the running test. */
export function currentFake(): FakeApi {
  if (!globalThis.__fakeApi) throw new Error('setup.ts did not install the fake api')
  return globalThis.__fakeApi
}

// React 19 warns when act() is used without this flag in a non-Jest environment.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

beforeEach(() => {
  const fake = new FakeApi()
  globalThis.__fakeApi = fake
  Object.defineProperty(window, 'api', { value: fake.api, configurable: true, writable: false })
  accountsStore.setState(accountsStore.getInitialState(), true)
  settingsStore.setState(settingsStore.getInitialState(), true)
  navigationStore.setState(navigationStore.getInitialState(), true)
  noticeStore.setState(noticeStore.getInitialState(), true)
  printersStore.setState(printersStore.getInitialState(), true)
})

afterEach(() => {
  cleanup()
  resetNotices()
  const root = document.documentElement
  delete root.dataset.theme
  delete root.dataset.themePreference
  delete root.dataset.appState
})
