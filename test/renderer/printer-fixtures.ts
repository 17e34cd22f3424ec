/**
 * Printers shaped like main's `PrinterSummary` and `AccountPrinters`, for renderer tests.
 */
import type {
  AccountPrinters,
  PrinterSummary,
  PrintersChange,
  PrintersView
} from '@shared/models/printer'

/** The account id of `account()` in fixtures.ts (the Obico Cloud account). */
export const ACCOUNT_ID = 'obico|https://app.obico.io|42'

let revision = 100

/** An account's place on the dashboard; ok unless overridden. */
export function accountPrinters(overrides: Partial<AccountPrinters> = {}): AccountPrinters {
  return {
    accountId: ACCOUNT_ID,
    displayName: 'maker@example.com',
    providerLabel: 'Obico Cloud',
    status: 'ok',
    lastReadAt: '2026-12-03T07:00:00.000Z',
    nextReadAt: null,
    ...overrides
  }
}

/** A printer that is printing benchy.gcode at 42 %, unless overridden. */
export function printer(overrides: Partial<PrinterSummary> = {}): PrinterSummary {
  const obicoId = overrides.obicoId ?? 1
  return {
    id: `${overrides.accountId ?? ACCOUNT_ID}#${obicoId}`,
    accountId: ACCOUNT_ID,
    obicoId,
    name: 'Prusa MK4',
    agent: 'octoprint',
    state: 'printing',
    stateText: 'Printing',
    errorText: null,
    job: {
      printId: 500 + obicoId,
      fileName: 'benchy.gcode',
      progressPercent: 42.5,
      elapsedSeconds: 1234,
      remainingSeconds: 1700,
      expectedFinishAt: new Date(Date.now() + 1_700_000).toISOString(),
      currentLayer: 40,
      totalLayers: 120,
      startedAt: '2026-12-03T06:40:00.000Z'
    },
    temperatures: {
      tool: { actual: 214.6, target: 215 },
      bed: { actual: 60.2, target: 60 },
      chamber: null
    },
    hasSnapshot: false,
    snapshotKey: null,
    failureDetection: { watching: true, notWatchingReason: null, gauge: 0.1 },
    alert: null,
    pendingCommand: null,
    settings: {
      name: overrides.name ?? 'Prusa MK4',
      actionOnFailure: 'PAUSE',
      watchingEnabled: true,
      detectiveSensitivity: 1,
      toolsOffOnPause: true,
      bedOffOnPause: false,
      retractOnPause: 6.5,
      liftZOnPause: 2.5
    },
    lastSeen: '2026-12-03T07:00:00.000Z',
    stale: false,
    revision: ++revision,
    ...overrides
  }
}

/** A printer with nothing to print. */
export function idlePrinter(overrides: Partial<PrinterSummary> = {}): PrinterSummary {
  return printer({
    state: 'idle',
    stateText: 'Operational',
    job: null,
    failureDetection: {
      watching: false,
      notWatchingReason: 'Printer is not actively printing',
      gauge: 0
    },
    ...overrides
  })
}

/** The view main answers `printers:watch` with. */
export function view(
  printers: PrinterSummary[],
  accounts: AccountPrinters[] = [accountPrinters()]
): PrintersView {
  return {
    accounts,
    printers,
    openAlerts: printers.filter((p) => p.alert && !p.alert.muted).length
  }
}

/** A push of changed printers, at a revision newer than everything before. */
export function change(
  changed: PrinterSummary[],
  options: { revision: number; removed?: string[]; accounts?: AccountPrinters[] }
): PrintersChange {
  return {
    revision: options.revision,
    accounts: options.accounts ?? [accountPrinters()],
    changed,
    removed: options.removed ?? [],
    openAlerts: changed.filter((p) => p.alert && !p.alert.muted).length
  }
}

/** A newer copy of a printer (main stamps a new revision on every change). */
export function next(p: PrinterSummary, overrides: Partial<PrinterSummary>): PrinterSummary {
  return { ...p, ...overrides, revision: ++revision }
}
