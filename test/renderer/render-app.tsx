/**
 * Renders the whole renderer app against the fake api, the way main.tsx does, and waits until it
 * marks itself ready and its first screen's code has arrived.
 */
import { render, waitFor, type RenderResult } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { onTestFinished } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { startBridge } from '../../src/renderer/src/lib/bridge'
import type { FakeApi } from './fake-api'
import { currentFake } from './setup'

/** What a test gets back from `renderApp`. */
export interface AppHarness extends RenderResult {
  fake: FakeApi
  user: ReturnType<typeof userEvent.setup>
}

/**
 * Starts the bridge and renders `<App />`. Configure the fake (settings, accounts, handlers) with
 * `prepare` before anything is loaded.
 */
export async function renderApp(prepare?: (fake: FakeApi) => void): Promise<AppHarness> {
  const fake = currentFake()
  prepare?.(fake)
  const stop = startBridge()
  onTestFinished(stop)
  const user = userEvent.setup()
  const view = render(<App />)
  await waitFor(() => {
    if (document.documentElement.dataset.appState !== 'ready') throw new Error('not ready yet')
    // Screens other than Printers load on first show (App.tsx): wait for the one shown.
    if (document.querySelector('.screen-loading')) throw new Error('screen still loading')
  })
  return { ...view, fake, user }
}
