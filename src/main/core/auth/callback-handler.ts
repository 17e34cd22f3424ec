import { AppError } from '../errors'
import type { LoopbackHandleResult } from './loopback-listener'
import type { PendingAuthorizations } from './pending-authorizations'

/**
 * The usual glue between a loopback listener and the pending attempts: resolve the hit against
 * one attempt only (the listener's own, so another server's callback cannot land here), show the
 * AppError's words when it fails, and close the listener when the provider ended the attempt
 * (denied, provider error) rather than waiting out the timeout.
 */
export function createCallbackHandler(
  pending: PendingAuthorizations,
  attemptId: () => string | undefined,
  successMessage = 'Printdock received your sign-in. You can close this tab and return to Printdock.'
): (callbackUrl: string) => Promise<LoopbackHandleResult> {
  return async (callbackUrl) => {
    const id = attemptId()
    if (id === undefined) {
      return { ok: false, message: 'Printdock is not waiting for a sign-in on this address.' }
    }
    try {
      pending.resolve(callbackUrl, { attemptId: id })
      return { ok: true, message: successMessage }
    } catch (error) {
      if (!(error instanceof AppError)) {
        return { ok: false, message: 'Printdock could not use this sign-in response.' }
      }
      const ended = error.code === 'auth/denied' || error.code === 'auth/provider-error'
      // An issuer mismatch also ends the attempt (PendingAuthorizations failed it).
      const attemptGone = pending.get(id) === undefined
      return { ok: false, message: error.message, close: ended || attemptGone }
    }
  }
}
