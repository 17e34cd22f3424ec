/**
 * The renderer's one rule for state main pushes: newer wins. Every store that keeps a snapshot
 * (accounts now; printers, uploads, jobs next) updates it through `keepNewer`, so a slow reply or
 * a late push can never undo a newer one, and no store keeps a version counter of its own.
 */
import { newerSnapshot, type Snapshot } from '@shared/snapshot'

/** What a store holds before main has answered: older than any revision main gives out. */
export function emptySnapshot<T>(value: T): Snapshot<T> {
  return { revision: 0, value }
}

/**
 * A zustand update that puts `incoming` under `key` when it is newer than the snapshot there, and
 * leaves the state untouched (no re-render) when it is not.
 */
export function keepNewer<S, K extends keyof S>(
  key: K,
  incoming: S[K] & Snapshot<unknown>
): (state: S) => S | Pick<S, K> {
  return (state) => {
    const current = state[key] as S[K] & Snapshot<unknown>
    return newerSnapshot(current, incoming) === current
      ? state
      : ({ [key]: incoming } as Pick<S, K>)
  }
}
