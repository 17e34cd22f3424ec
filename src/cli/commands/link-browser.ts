/** The browser sign-in of `printdock link`: wait for the loopback redirect, or a pasted address. */
import { createInterface } from 'node:readline'
import type { PrintdockAccountService, StartLinkInput } from '../../main/core/accounts'
import { AppError } from '../../main/core/errors'
import type { AccountSummary } from '../../shared/models/account'
import { canAsk, type CliIo } from '../prompt'

/** How long the wait lasts, as a person reads it: "45 s", "1 min", "5 min". */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`
}

/**
 * Runs a browser sign-in: opens (or prints) the authorization URL, waits for the loopback
 * redirect, and lets a person paste the callback address instead. Ctrl+C stops the whole
 * command (stop-on-signal.ts).
 */
export async function linkInBrowser(
  io: CliIo,
  service: PrintdockAccountService,
  request: StartLinkInput
): Promise<AccountSummary> {
  const pending = await service.startLink(request)
  const wait = describeWait(Date.parse(pending.expiresAt) - Date.parse(pending.startedAt))
  io.stderr.write(
    `Waiting for the sign-in to finish in your browser (up to ${wait}). Press Ctrl+C to cancel.\n`
  )
  let paste: ReturnType<typeof createInterface> | undefined
  if (canAsk(io)) {
    // The manual fallback (oauth-and-secrets.md §3.6, the Figma lesson).
    io.stderr.write(
      'If the browser cannot reach Printdock, paste the address it ended on here and press Enter.\n'
    )
    paste = createInterface({ input: io.stdin, terminal: false })
    paste.on('line', (line) => {
      if (!line.trim()) return
      service.completeLink(line.trim()).catch((error: unknown) => {
        if (error instanceof AppError) io.stderr.write(`${error.message}\n`)
      })
    })
  }
  try {
    return await service.waitForLink(pending.attemptId)
  } finally {
    paste?.close()
  }
}
