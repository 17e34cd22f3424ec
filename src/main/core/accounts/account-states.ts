import type { AccountState } from '../../../shared/models/account'
import { AppError, toErrorDto } from '../errors'
import type { AccountContext } from './account-context'
import { emitChange } from './account-listing'
import type { AccountRecord } from './account-registry'
import { RELINK_WORDS } from './relink-words'

/** Sets an account's state and detail; tells listeners only when something changed. */
export async function setState(
  ctx: AccountContext,
  accountId: string,
  state: AccountState,
  detail: string | undefined
): Promise<void> {
  const record = await ctx.deps.registry.get(accountId)
  if (!record) return
  if (record.state === state && record.stateDetail === detail) return
  const next: AccountRecord = { ...record, state }
  if (detail === undefined) delete next.stateDetail
  else next.stateDetail = detail
  await ctx.deps.registry.put(next)
  await emitChange(ctx)
}

/** The server did not answer: unreachable, unless the account already needs a re-link. */
export async function markUnreachable(
  ctx: AccountContext,
  accountId: string,
  error: unknown
): Promise<void> {
  const record = await ctx.deps.registry.get(accountId)
  if (!record || record.state === 'needs-relink') return
  const dto = toErrorDto(error)
  await setState(ctx, accountId, 'unreachable', `The server did not answer: ${dto.message}`)
}

/** The server answered: an unreachable account is linked again. */
export async function markReachable(ctx: AccountContext, accountId: string): Promise<void> {
  const record = await ctx.deps.registry.get(accountId)
  if (record?.state === 'unreachable') await setState(ctx, accountId, 'linked', undefined)
}

/**
 * Turns the account to needs-relink with `words` and returns the AppError to throw, so the state
 * the UI shows and the error the caller gets always carry the same words.
 */
export async function relinkNeeded(
  ctx: AccountContext,
  accountId: string,
  words: string,
  cause?: unknown
): Promise<AppError> {
  await setState(ctx, accountId, 'needs-relink', words)
  return new AppError('auth/needs-relink', words, { cause })
}

/** Throws AppError 'auth/needs-relink' for an account that must be linked again first. */
export function assertUsable(record: AccountRecord): void {
  if (record.state === 'needs-relink') {
    throw new AppError('auth/needs-relink', record.stateDetail ?? RELINK_WORDS.rejected)
  }
}
