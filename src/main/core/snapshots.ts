/**
 * Revisioned snapshots of state main pushes to windows (accounts now; printers, uploads, jobs next).
 */
import type { Snapshot } from '../../shared/snapshot'

/**
 * Reads one source's state as snapshots whose revisions only grow.
 *
 * The revision is taken BEFORE the read starts. So when snapshot A has a larger revision than B,
 * A's read began after B's revision was taken, which was after every write B was read for: A is at
 * least as new as B. Stamping after the read would not hold: two overlapping reads could finish in
 * the other order and the older value would get the larger revision.
 */
export class SnapshotSource<T> {
  private revision = 0

  constructor(private readonly read: () => Promise<T> | T) {}

  /** The state now, with a revision larger than any this source gave before. */
  async snapshot(): Promise<Snapshot<T>> {
    const revision = ++this.revision
    return { revision, value: await this.read() }
  }
}
