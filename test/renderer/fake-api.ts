/**
 * A fake `window.api` for renderer tests (test double only).
 *
 * Built with the same `buildApi` the preload uses, over an in-memory transport: invokes are
 * recorded and answered by per-channel handlers (defaults below, replaceable per test), and
 * `emit` plays main's events. Handlers may return a value, an `IpcResult`, or a promise of either;
 * `fail(code)` builds a failed result.
 *
 * Like main, the fake numbers account snapshots from one counter (`accountsSnapshot`), names link
 * attempts by the operation id the renderer passes, and pushes `accounts:changed` to a watching
 * page before it answers an unlink.
 */
import { buildApi, type PrintdockApi } from '@shared/ipc/api-shape'
import type {
  EventChannel,
  EventChannels,
  InvokeChannel,
  InvokeChannels,
  StartLinkRequest
} from '@shared/ipc/contract'
import type { AppErrorCode } from '@shared/errors'
import type { IpcResult } from '@shared/ipc/result'
import type { AccountSummary, PendingLinkSummary, ProviderOption } from '@shared/models/account'
import type { AppInfo } from '@shared/models/app-info'
import {
  DEFAULT_PRINTER_PREFERENCES,
  type PrinterPreferences,
  type PrinterPreferencesPatch,
  type PrintersView
} from '@shared/models/printer'
import type { UiSettings } from '@shared/models/settings'
import type { Snapshot } from '@shared/snapshot'
import { PROVIDERS, pendingLink } from './fixtures'

type Result<C extends InvokeChannel> = ReturnType<InvokeChannels[C]>

/** A scripted answer for one invoke channel. */
export type Handler<C extends InvokeChannel> = (
  ...args: Parameters<InvokeChannels[C]>
) => Result<C> | IpcResult<Result<C>> | Promise<Result<C> | IpcResult<Result<C>>>

/** One recorded invoke. */
export interface Call {
  channel: InvokeChannel
  args: unknown[]
}

/** Marks a failed result so handlers can return it in place of a value. */
export function fail(
  code: AppErrorCode | string,
  message = `main says: ${code}`
): IpcResult<never> {
  return { ok: false, error: { code: code as AppErrorCode, message } }
}

function isResult(value: unknown): value is IpcResult<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ok' in value &&
    typeof (value as { ok: unknown }).ok === 'boolean' &&
    ('value' in value || 'error' in value)
  )
}

/** The fake and its controls. */
export class FakeApi {
  readonly api: PrintdockApi
  readonly calls: Call[] = []
  settings: UiSettings = { theme: 'system', lastScreen: 'printers', firstRunDone: true }
  accounts: AccountSummary[] = []
  /** What `printers:list` and `printers:watch` answer (tests set it, `printersSnapshot` numbers it). */
  printers: PrintersView = { accounts: [], printers: [], openAlerts: 0 }
  printerPreferences: PrinterPreferences = structuredClone({ ...DEFAULT_PRINTER_PREFERENCES })
  providers: ProviderOption[] = PROVIDERS
  /** What main says about its vault (`app:get-info`): on Linux, the Secret Service keychain. */
  secretStorage: AppInfo['secretStorage'] = {
    kind: 'keychain',
    detail: 'Secret Service (GNOME Keyring, KWallet or KeePassXC)'
  }
  private handlers = new Map<InvokeChannel, (...args: never[]) => unknown>()
  /** Live `accounts:watch` leases. */
  readonly leases = new Set<string>()
  private listeners = new Map<EventChannel, Set<(...args: unknown[]) => void>>()
  private revision = 0

  constructor() {
    this.api = buildApi(
      (channel, args) => this.invoke(channel, args),
      (channel, listener) => {
        const set = this.listeners.get(channel) ?? new Set()
        set.add(listener)
        this.listeners.set(channel, set)
        return () => set.delete(listener)
      },
      {
        files: {
          registerDroppedFile: async () => fail('files/not-a-file', 'no script for dropped files')
        }
      }
    )
  }

  /** `accounts` as main would send it now: a revision newer than any before. */
  accountsSnapshot(accounts = this.accounts): Snapshot<AccountSummary[]> {
    return { revision: ++this.revision, value: accounts }
  }

  /** `printers` as main would send it now, numbered from the same counter as accounts. */
  printersSnapshot(view = this.printers): Snapshot<PrintersView> {
    return { revision: ++this.revision, value: view }
  }

  /** The next revision main would stamp (for `printers:changed` pushes a test plays). */
  nextRevision(): number {
    return ++this.revision
  }

  /**
   * The requests of `accounts:start-link` calls, each as a one-element tuple (the operation id
   * left out: it is random; `operationId(n)` reads it).
   */
  linkRequests(): [StartLinkRequest][] {
    return this.callsOf('accounts:start-link').map(([, request]) => [request])
  }

  /** The operation id the page passed to its `n`th start of a link (new, re-link or demo). */
  operationId(n = 0): string {
    const starts = this.calls.filter(
      (c) => c.channel === 'accounts:start-link' || c.channel === 'demo:start'
    )
    const id = starts[n]?.args[0]
    if (typeof id !== 'string') throw new Error(`no link start #${n} was made`)
    return id
  }

  /** Replaces the answer of one channel for the rest of the test. */
  on<C extends InvokeChannel>(channel: C, handler: Handler<C>): this {
    this.handlers.set(channel, handler as (...args: never[]) => unknown)
    return this
  }

  /** Plays an event from main. */
  emit<C extends EventChannel>(channel: C, ...args: Parameters<EventChannels[C]>): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(...args)
  }

  /** How many listeners a channel has (checks that the bridge subscribes once). */
  listenerCount(channel: EventChannel): number {
    return this.listeners.get(channel)?.size ?? 0
  }

  /** Recorded calls of one channel, arguments only. */
  callsOf<C extends InvokeChannel>(channel: C): Parameters<InvokeChannels[C]>[] {
    return this.calls
      .filter((c) => c.channel === channel)
      .map((c) => c.args as Parameters<InvokeChannels[C]>)
  }

  private async invoke(channel: InvokeChannel, args: unknown[]): Promise<IpcResult<unknown>> {
    this.calls.push({ channel, args })
    const handler = this.handlers.get(channel) ?? this.defaultHandler(channel)
    const answer = await (handler as (...a: unknown[]) => unknown)(...args)
    // A fresh structured copy, as IPC would deliver: the renderer never shares objects with main.
    const copied = answer === undefined ? undefined : structuredClone(answer)
    return isResult(copied) ? copied : { ok: true, value: copied }
  }

  private defaultHandler(channel: InvokeChannel): (...args: never[]) => unknown {
    switch (channel) {
      case 'app:get-info':
        return () => ({
          name: 'Printdock',
          version: '0.1.0-test',
          platform: 'linux',
          secretStorage: this.secretStorage,
          harness: true
        })
      case 'settings:get':
        return () => this.settings
      case 'settings:update':
        return (patch: Partial<UiSettings>) => {
          this.settings = { ...this.settings, ...patch }
          return this.settings
        }
      case 'accounts:list':
        return () => this.accountsSnapshot()
      case 'accounts:watch':
        return () => {
          const leaseId = crypto.randomUUID()
          this.leases.add(leaseId)
          return { leaseId, snapshot: this.accountsSnapshot() }
        }
      case 'leases:release':
        return (leaseId: string) => this.leases.delete(leaseId)
      case 'accounts:list-providers':
        return () => this.providers
      case 'accounts:start-link':
        return (
          operationId: string,
          request: { profileKey: string; serverUrl?: string }
        ): PendingLinkSummary =>
          pendingLink({
            attemptId: operationId,
            profileKey: request.profileKey,
            serverOrigin:
              request.serverUrl ??
              this.providers.find((p) => p.key === request.profileKey)?.defaultServerUrl ??
              'https://example.invalid'
          })
      case 'demo:start':
        return (operationId: string): PendingLinkSummary =>
          pendingLink({
            attemptId: operationId,
            profileKey: 'obico-cloud',
            serverOrigin: 'http://127.0.0.1:41234'
          })
      case 'accounts:cancel-link':
        return () => undefined
      case 'accounts:unlink':
        return (accountId: string) => {
          this.accounts = this.accounts.filter((a) => a.id !== accountId)
          if (this.leases.size > 0) this.emit('accounts:changed', this.accountsSnapshot())
          return { revokedAtProvider: true }
        }
      case 'printers:list':
      case 'printers:refresh':
        return () => this.printersSnapshot()
      case 'printers:watch':
        return () => {
          const leaseId = crypto.randomUUID()
          this.leases.add(leaseId)
          return { leaseId, snapshot: this.printersSnapshot() }
        }
      case 'printers:get-preferences':
        return () => this.printerPreferences
      case 'printers:update-preferences':
        return (patch: PrinterPreferencesPatch) => {
          const current = this.printerPreferences
          this.printerPreferences = {
            ...current,
            ...patch,
            notify: { ...current.notify, ...patch.notify }
          }
          return this.printerPreferences
        }
      case 'printers:temperature-history':
        return () => []
      case 'printers:snapshot-image':
        return () => ({ ok: false, reason: 'no-snapshot', message: 'No snapshot yet.' })
      case 'prints:list':
        return () => ({ prints: [], hasMore: false })
      case 'prints:delete':
        return (_accountId: string, ids: number[]) => ({ deleted: ids.length })
      case 'prints:stats':
        return () => ({
          periods: [],
          totalPrintCount: 0,
          totalPrintTimeSeconds: 0,
          totalFilamentUsedMm: 0,
          cancelledPrintCount: 0,
          succeededPrintCount: 0,
          longestPrintTimeSeconds: 0,
          averagePrintTimeSeconds: 0
        })
      // Obico's AI (issue 12): renderer tests script these with `handle`.
      case 'prediction:timeline':
      case 'prediction:open-video':
      case 'assistant:status':
      case 'assistant:list-chats':
      case 'assistant:open-chat':
      case 'assistant:rename-chat':
      case 'assistant:delete-chat':
      case 'assistant:ask':
      case 'assistant:analyze-plate':
      case 'assistant:cancel':
      case 'assistant:contact-support':
      case 'printers:command':
      case 'printers:acknowledge-alert':
      case 'printers:mute':
      case 'printers:update-settings':
        return () => fail('ipc/unknown-channel', `no script for ${channel}`)
      case 'files:register-path':
        // Preload-only: the page's api has no verb that reaches it.
        return () => fail('ipc/unknown-channel', 'files:register-path is not reachable')
      case 'accounts:complete-link':
      case 'accounts:link-with-secret':
      case 'accounts:sign-in-with-password':
      case 'pages:read':
      case 'pages:watch':
      case 'pages:device-details':
      case 'pages:send-message':
      case 'pages:remove-subscription':
        return () => fail('auth/unsupported', `no script for ${channel}`)
      // The Repair screen's calls are tested in the harness (test/e2e/repair.spec.ts).
      case 'mesh:inspect':
      case 'mesh:cancel-inspect':
      case 'repair:status':
      case 'repair:watch':
      case 'repair:start':
      case 'repair:cancel':
      case 'repair:choose-destination':
      case 'repair:result-preview':
      case 'repair:history':
        return () => fail('ipc/unknown-channel', `no script for ${channel}`)
      // The G-code library: an empty queue to watch; the rest scripted per test.
      case 'uploads:watch':
        return () => {
          const leaseId = crypto.randomUUID()
          this.leases.add(leaseId)
          return { leaseId, snapshot: { revision: 1, value: [] } }
        }
      case 'library:list':
      case 'library:folders':
      case 'library:create-folder':
      case 'library:rename-folder':
      case 'library:rename-file':
      case 'library:move':
      case 'library:delete':
      case 'library:folder-contents':
      case 'library:upload-limit':
      case 'library:thumbnail':
      case 'library:download':
      case 'library:printers':
      case 'library:print':
      case 'uploads:enqueue':
      case 'uploads:pick':
      case 'uploads:cancel':
      case 'uploads:retry':
      case 'uploads:clear-finished':
        return () => fail('auth/unsupported', `no script for ${channel}`)
      default: {
        const unknownChannel: never = channel
        return () => fail('ipc/unknown-channel', String(unknownChannel))
      }
    }
  }
}
