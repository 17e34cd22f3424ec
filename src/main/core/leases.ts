/**
 * Leases: subscriptions and per-window resources that main can see.
 *
 * A window (Electron webContents, or a harness page's socket) is a *caller*. A `*:watch` call
 * acquires a lease for its caller; the lease ends when the caller releases it, or when the shell
 * says the caller went away (reload, navigation, crash, close) through `endCaller`. Work that only
 * matters while someone looks (pushed snapshots now, the printer poller next) asks `holders(kind)`.
 * Electron-free: typed-ipc.ts and the harness both feed it caller ends.
 */
import { randomUUID } from 'node:crypto'
import { Emitter, type Event } from './events'
import { nullLogger, type Logger } from './logger'

/** Who holds a lease: `webContents:<id>` in Electron, `harness-socket:<n>` in the harness. */
export type CallerId = string

/** What a lease is for, e.g. `accounts` (a watch) or `file` (a registered file). */
export type LeaseKind = string

/** A lease as tests and diagnostics may see it. */
export interface LeaseInfo {
  leaseId: string
  callerId: CallerId
  kind: LeaseKind
}

interface Held extends LeaseInfo {
  /** Runs once when the lease ends, however it ends. */
  onEnd?: () => void
}

/** Every live lease, by id. */
export class LeaseRegistry {
  private readonly leases = new Map<string, Held>()
  private readonly changed = new Emitter<LeaseKind>()

  /**
   * Fires with the kind after a lease of that kind begins or ends, so work that runs only while
   * watched (a poller) can start on the first holder and stop after the last (`holders(kind)`).
   */
  readonly onDidChange: Event<LeaseKind> = this.changed.event

  constructor(private readonly logger: Logger = nullLogger) {}

  /** Grants `callerId` a lease of `kind`; `onEnd` runs when it ends. Returns the lease id. */
  acquire(callerId: CallerId, kind: LeaseKind, onEnd?: () => void): string {
    const leaseId = randomUUID()
    this.leases.set(leaseId, { leaseId, callerId, kind, onEnd })
    this.changed.fire(kind)
    return leaseId
  }

  /**
   * Ends one lease of `callerId`. False when the caller holds no such lease: already ended, or
   * another window's (a window can never end someone else's lease by guessing its id).
   */
  release(callerId: CallerId, leaseId: string): boolean {
    const held = this.leases.get(leaseId)
    if (!held || held.callerId !== callerId) return false
    this.end(held)
    return true
  }

  /** Ends every lease of a caller that went away; returns how many ended. */
  endCaller(callerId: CallerId): number {
    const ending = [...this.leases.values()].filter((held) => held.callerId === callerId)
    for (const held of ending) this.end(held)
    if (ending.length > 0) this.logger.debug('leases ended with their window', { callerId })
    return ending.length
  }

  /** Whether `leaseId` is a live lease of `callerId` and of `kind`. */
  holds(callerId: CallerId, leaseId: string, kind: LeaseKind): boolean {
    const held = this.leases.get(leaseId)
    return held !== undefined && held.callerId === callerId && held.kind === kind
  }

  /** The callers holding at least one lease of `kind`, each once. */
  holders(kind: LeaseKind): CallerId[] {
    const callers = new Set<CallerId>()
    for (const held of this.leases.values()) if (held.kind === kind) callers.add(held.callerId)
    return [...callers]
  }

  /** Live leases, optionally of one kind (tests and the harness read this). */
  list(kind?: LeaseKind): LeaseInfo[] {
    return [...this.leases.values()]
      .filter((held) => kind === undefined || held.kind === kind)
      .map(({ leaseId, callerId, kind: heldKind }) => ({ leaseId, callerId, kind: heldKind }))
  }

  /** Ends every lease (shutdown), then drops the listeners. */
  dispose(): void {
    for (const held of [...this.leases.values()]) this.end(held)
    this.changed.dispose()
  }

  private end(held: Held): void {
    // Deleted first: an `onEnd` that acquires or releases sees the registry without this lease.
    this.leases.delete(held.leaseId)
    try {
      held.onEnd?.()
    } catch (error) {
      this.logger.warn('a lease end hook failed', { kind: held.kind, error })
    }
    this.changed.fire(held.kind)
  }
}
