/// <reference path="../../src/preload/index.d.ts" />
/**
 * A server that does not answer is reported within seconds, naming its address, and no browser
 * opens (issue 8: it used to be a silent five-minute wait on "Waiting for you to approve…").
 */
import { createServer } from 'node:net'
import { expect, test } from '@playwright/test'
import { startHarness } from '../harness'
import { AccountsScreen } from './pages/accounts-screen'

let cleanups: (() => Promise<unknown>)[] = []
test.afterEach(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined)
  cleanups = []
})

/** An address nothing listens on: a port that was free a moment ago. */
async function deadOrigin(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  if (!address || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

test('a self-hosted server that does not answer is named within seconds, with no browser', async ({
  context
}) => {
  const dead = await deadOrigin()
  const harness = await startHarness({ context, env: {} })
  cleanups.push(() => harness.close())
  const app = await harness.openApp()
  const accounts = await AccountsScreen.open(app.page)

  const form = await accounts.openProvider('obico-self-hosted')
  await form.serverUrl.fill(dead)
  await form.clientId.fill('printdock-client')
  const started = Date.now()
  await form.link()

  await expect(form.error).toHaveText(
    `Printdock could not reach ${dead}. Check the address and that the server is running.`,
    { timeout: 6_000 }
  )
  expect(Date.now() - started).toBeLessThan(6_000)
  expect(harness.openedUrls).toEqual([])
  expect(harness.openedPages).toEqual([])
  await expect(accounts.pendingSection).toHaveCount(0)
  // Beside the form, not in a toast that covers it.
  await expect(app.page.getByTestId('toast')).toHaveCount(0)
  // The form is ready for a corrected address.
  await expect(form.linkButton).toBeEnabled()
  expect(app.pageErrors).toEqual([])
})
