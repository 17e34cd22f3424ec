/**
 * State that main pushes (accounts today; printers, uploads and jobs next) travels as a snapshot:
 * the whole value with a revision that only ever grows. A receiver keeps the newest it has seen and
 * ignores older ones, so a slow answer can never undo a newer push, whatever order they arrive in.
 */

/** A value and the revision it was read at. */
export interface Snapshot<T> {
  /** Increases with every read of the source; larger means newer. */
  revision: number
  value: T
}

/**
 * Newer wins: `incoming` when it is newer than `current` (or there is no current), else `current`.
 * Equal revisions keep `current`: the same read delivered twice (a reply and a push) is one state.
 */
export function newerSnapshot<T>(
  current: Snapshot<T> | undefined,
  incoming: Snapshot<T>
): Snapshot<T> {
  return current === undefined || incoming.revision > current.revision ? incoming : current
}
