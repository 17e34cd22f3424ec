/**
 * Takes the README's screenshots from the harness: the real composition and the production
 * renderer, with an Obico fake account linked through a pasted administrator token.
 *
 *   npx electron-vite build && npx tsx test/harness/screenshot.ts
 *
 * Writes docs/images/shell.png (light) and docs/images/shell-dark.png (dark).
 */
import { chromium } from '@playwright/test'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startObicoFake } from '../fakes/obico'
import { REPO_ROOT, startHarness } from './index'

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  })
  const fake = await startObicoFake()
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport: { width: 1200, height: 760 },
        colorScheme: scheme
      })
      const harness = await startHarness({ context })
      await harness.services.accountService.linkWithSecret({
        profileKey: 'obico-self-hosted',
        serverUrl: fake.baseUrl,
        kind: 'access-token',
        secret: fake.createAdminToken(1)
      })
      const { page } = await harness.openApp()
      await page.getByTestId('first-run-skip').click()
      await page.getByRole('button', { name: 'Accounts' }).click()
      await page.getByTestId('account-card').first().waitFor()
      const file = resolve(
        REPO_ROOT,
        'docs/images',
        scheme === 'light' ? 'shell.png' : 'shell-dark.png'
      )
      await page.screenshot({ path: file })
      console.log(`wrote ${file}`)
      await harness.close()
      await context.close()
    }
  } finally {
    await fake.close()
    await browser.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
