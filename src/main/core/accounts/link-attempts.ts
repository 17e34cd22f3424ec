import type { AccountSummary, PendingLinkSummary } from '../../../shared/models/account'
import { exchangeCode } from '../auth/oauth-client'
import { AppError, toErrorDto } from '../errors'
import { assertLive, type AccountContext, type LinkAttempt } from './account-context'
import { setState } from './account-states'
import { fetchIdentity } from './provider-identity'
import { saveAccount } from './save-account'
import { tokenEndpoint } from './server-endpoints'
import { secretFrom } from './stored-secrets'

/**
 * Browser attempts after `startLink`: waiting, cancelling, the callback (OS, loopback or pasted),
 * the code exchange with the identity read, and the outcome event.
 */

const FINISHED_MEMORY = 50

/** Pending browser attempts, oldest first. */
export function listPendingLinks(ctx: AccountContext): PendingLinkSummary[] {
  return [...ctx.attempts.values()].map((attempt) => ({ ...attempt.summary }))
}

/** The outcome of a pending or recently ended attempt. */
export async function waitForLink(ctx: AccountContext, attemptId: string): Promise<AccountSummary> {
  const attempt = ctx.attempts.get(attemptId)
  if (attempt) return attempt.done
  const finished = ctx.finishedAttempts.get(attemptId)
  if (finished) return finished
  throw new AppError('account/not-found', 'No sign-in with that id is waiting.')
}

/** Cancels a pending attempt; it ends through `runAttempt`. */
export function cancelLink(ctx: AccountContext, attemptId: string): void {
  ctx.pending.cancel(attemptId)
}

/** Delivers a callback URL (from the OS or pasted), or a bare code pasted by hand. */
export async function completeLink(
  ctx: AccountContext,
  callbackUrl: string
): Promise<AccountSummary> {
  assertLive(ctx)
  const input = typeof callbackUrl === 'string' ? callbackUrl.trim() : ''
  let url = input
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(input)) {
    // A bare code pasted by hand (the Figma lesson, oauth-and-secrets.md §3.6): only when exactly
    // one attempt waits and it used PKCE, so a code from anyone else cannot be redeemed.
    const waiting = [...ctx.attempts.values()]
    if (
      waiting.length !== 1 ||
      !waiting[0].profile.authorize.pkce ||
      !/^[\x21-\x7e]{1,2048}$/.test(input)
    ) {
      throw new AppError(
        'auth/invalid-callback',
        'Paste the whole address the browser ended on (it starts with printdock:// or http://127.0.0.1).'
      )
    }
    const only = waiting[0]
    url = `${only.redirectUri}?code=${encodeURIComponent(input)}&state=${encodeURIComponent(only.state)}`
  }
  const info = ctx.pending.resolve(url)
  const attempt = ctx.attempts.get(info.attemptId)
  if (!attempt) throw new AppError('internal/unexpected', 'The sign-in ended unexpectedly.')
  return attempt.done
}

/** Answers a hit on an attempt's loopback listener with the page text the browser shows. */
export async function handleLoopbackHit(
  ctx: AccountContext,
  attempt: LinkAttempt | undefined,
  callbackUrl: string
): Promise<{ ok: boolean; message: string }> {
  if (!attempt) return { ok: false, message: 'Printdock is not ready for this sign-in yet.' }
  // An earlier hit already delivered the code and its browser waits for the result: this one is
  // stray (a replay, a second tab, a forged request). It gets an error page and must not end the
  // attempt, or the listener would close under the real browser's open request.
  if (attempt.handledByListener) {
    return {
      ok: false,
      message: 'Printdock is already finishing this sign-in in another tab. You can close this one.'
    }
  }
  try {
    ctx.pending.resolve(callbackUrl, { attemptId: attempt.attemptId })
  } catch (error) {
    const dto = toErrorDto(error)
    // The provider answered with an error for this attempt: it is over, say so and close.
    if (!ctx.pending.get(attempt.attemptId)) {
      attempt.handledByListener = true
      // Said once: a message that already says so is not prefixed again.
      const message = /nothing was linked/i.test(dto.message)
        ? dto.message
        : `Nothing was linked. ${dto.message}`
      return { ok: true, message }
    }
    return { ok: false, message: dto.message }
  }
  attempt.handledByListener = true
  try {
    const account = await attempt.done
    return {
      ok: true,
      message: `Printdock linked ${account.displayName}. You can close this tab.`
    }
  } catch (error) {
    return { ok: true, message: `Linking did not finish: ${toErrorDto(error).message}` }
  }
}

/**
 * Runs an attempt to its end: the code, then the account; or the previous state back on a
 * re-link that failed. Fires `onDidFinishLink` either way and forgets the client secret.
 */
export async function runAttempt(
  ctx: AccountContext,
  attempt: LinkAttempt,
  codePromise: Promise<{ code: string; verifier: string }>
): Promise<AccountSummary> {
  try {
    const { code, verifier } = await codePromise
    const account = await finishOAuth(ctx, attempt, code, verifier)
    // The browser was signed in as someone else (another user or server): a new account was
    // linked, and the one being re-linked was not touched, so it gets its state back.
    if (attempt.relink && account.id !== attempt.relink.accountId) {
      await restorePreviousState(ctx, attempt)
      ctx.deps.logger.info('A re-link signed in as a different account', {
        attemptId: attempt.attemptId,
        accountId: account.id
      })
    }
    ctx.finished.fire({ attemptId: attempt.attemptId, ok: true, account })
    return account
  } catch (error) {
    const dto = toErrorDto(error)
    ctx.deps.logger.info('Account link ended without an account', {
      attemptId: attempt.attemptId,
      code: dto.code
    })
    await restorePreviousState(ctx, attempt)
    ctx.finished.fire({
      attemptId: attempt.attemptId,
      ok: false,
      error: {
        code: dto.code,
        message: dto.message,
        ...(dto.server ? { server: dto.server } : {}),
        ...(dto.serverSaid ? { serverSaid: dto.serverSaid } : {})
      }
    })
    throw error instanceof AppError ? error : new AppError(dto.code, dto.message, { cause: error })
  } finally {
    ctx.attempts.delete(attempt.attemptId)
    ctx.finishedAttempts.set(attempt.attemptId, attempt.done)
    while (ctx.finishedAttempts.size > FINISHED_MEMORY) {
      ctx.finishedAttempts.delete(ctx.finishedAttempts.keys().next().value as string)
    }
    attempt.clientSecret = undefined
    // A listener that served the callback closes itself after answering the browser.
    if (attempt.listener && !attempt.handledByListener) void attempt.listener.close()
  }
}

/**
 * Puts a re-linked account back into the state it had before the attempt, if it is still
 * "linking" (another process may have changed it meanwhile); never throws, as the outcome of the
 * attempt matters more than this bookkeeping.
 */
async function restorePreviousState(ctx: AccountContext, attempt: LinkAttempt): Promise<void> {
  const relink = attempt.relink
  if (!relink) return
  try {
    const current = await ctx.deps.registry.get(relink.accountId)
    if (current && current.state === 'linking') {
      await setState(ctx, current.id, relink.previousState, relink.previousDetail)
    }
  } catch (error) {
    ctx.deps.logger.warn('Could not restore the state of a re-linked account', {
      accountId: relink.accountId,
      error
    })
  }
}

/** Exchanges the code, reads who it belongs to and saves the account. */
async function finishOAuth(
  ctx: AccountContext,
  attempt: LinkAttempt,
  code: string,
  verifier: string
): Promise<AccountSummary> {
  const { profile } = attempt
  const tokens = await exchangeCode(
    tokenEndpoint(profile, attempt.endpoints.token as string),
    {
      code,
      redirectUri: attempt.redirectUri,
      clientId: attempt.clientId,
      clientSecret: attempt.clientSecret,
      verifier: profile.authorize.pkce ? verifier : undefined
    },
    { http: ctx.http, clock: ctx.deps.clock }
  )
  // A re-link keeps its account id where the provider cannot name the user (Makeprintable).
  const previous = attempt.relink
    ? await ctx.deps.registry.get(attempt.relink.accountId).catch(() => undefined)
    : undefined
  const identity = await fetchIdentity(ctx, profile, attempt.serverOrigin, attempt.endpoints, {
    credential: 'oauth',
    accessToken: tokens.accessToken,
    tokenResponse: tokens.raw,
    clientId: attempt.clientId,
    previousUserId: previous?.userId
  })
  return saveAccount(ctx, {
    profile,
    serverOrigin: attempt.serverOrigin,
    identity,
    credential: 'oauth',
    secret: secretFrom(profile, tokens, attempt.clientSecret),
    clientId: attempt.clientId,
    generic: attempt.generic,
    redirectOverride: attempt.redirectOverride,
    apiOrigin: attempt.apiOrigin
  })
}
