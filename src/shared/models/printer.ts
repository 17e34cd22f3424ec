/**
 * Printers as the renderer and the CLI see them: Printdock's own model, normalised in main from
 * Obico's printer list (docs/decisions/0017-printer-polling-and-commands.md). Never a secret: the
 * printer's agent `auth_token` stays in core and has no field here.
 */

/**
 * What a printer is doing, derived as Obico's own web client derives it:
 * - offline: the agent sent no status for two minutes (`status` is null);
 * - disconnected: the agent is up but the printer's firmware is not connected;
 * - idle: connected, nothing printing;
 * - printing, pausing, paused, resuming, cancelling: a print is current;
 * - error: the printer reports an error.
 */
export const PRINTER_STATES = [
  'offline',
  'disconnected',
  'idle',
  'printing',
  'pausing',
  'paused',
  'resuming',
  'cancelling',
  'error'
] as const
/** One of `PRINTER_STATES`. */
export type PrinterState = (typeof PRINTER_STATES)[number]

/** The commands Printdock can send to a printer's agent through Obico. */
export const PRINTER_COMMANDS = ['pause', 'resume', 'cancel'] as const
/** One of `PRINTER_COMMANDS`. */
export type PrinterCommand = (typeof PRINTER_COMMANDS)[number]

/**
 * Where a command stands. Obico answers `succeeded: true` as soon as it has published the command;
 * only the agent's next status shows whether it happened.
 * - sending: the request to Obico is under way;
 * - awaiting-confirmation: Obico accepted it; waiting for the printer's status to show the effect;
 * - confirmed: a later status showed the effect;
 * - not-confirmed: no status showed the effect in time (the agent may be offline);
 * - rejected: Obico answered `succeeded: false` (nothing was printing) or refused the request;
 * - failed: the request did not reach Obico (network, deadline); it is never retried blindly.
 */
export type CommandState =
  'sending' | 'awaiting-confirmation' | 'confirmed' | 'not-confirmed' | 'rejected' | 'failed'

/** The latest command sent to one printer from this app, while it matters. */
export interface PendingCommand {
  /** The renderer's (or CLI's) operation id for the command. */
  operationId: string
  command: PrinterCommand
  state: CommandState
  /** ISO time the command was sent. */
  sentAt: string
  /** ISO time after which an unconfirmed command counts as not confirmed. */
  confirmBy: string
  /** Plain words for not-confirmed, rejected and failed. */
  message?: string
}

/** One heater or sensor reading, in °C. `target` is null for a sensor without a heater. */
export interface TemperatureReading {
  actual: number | null
  target: number | null
}

/** The temperatures the dashboard shows; null when the printer does not report that heater. */
export interface PrinterTemperatures {
  /** The first tool (`tool0`). */
  tool: TemperatureReading | null
  bed: TemperatureReading | null
  chamber: TemperatureReading | null
}

/** The print a printer is working on, from the agent's status. */
export interface PrinterJob {
  /** Obico's id of the current print, when Obico has one. */
  printId: number | null
  fileName: string | null
  /** 0–100, or null when unknown. */
  progressPercent: number | null
  elapsedSeconds: number | null
  remainingSeconds: number | null
  /** ISO time the print should finish (now + remaining, at the time of the status), or null. */
  expectedFinishAt: string | null
  currentLayer: number | null
  totalLayers: number | null
  /** ISO time the print started, when Obico knows it. */
  startedAt: string | null
}

/** An unacknowledged AI failure alert on the current print. */
export interface PrinterAlert {
  printId: number
  /** ISO time the alert was raised. */
  alertedAt: string
  /** Alerts for this print are muted (mute_current_print). */
  muted: boolean
}

/** What the dashboard shows about AI failure detection. */
export interface FailureDetection {
  /** Whether failure detection is watching this print now. */
  watching: boolean
  /** Obico's reason when it is not watching, e.g. "Printer is not actively printing". */
  notWatchingReason: string | null
  /** Obico's failure-likelihood gauge, 0–1 (`normalized_p`). */
  gauge: number
}

/** The settings Obico lets a client change on a printer (PATCH with known keys only). */
export interface PrinterSettings {
  name: string
  actionOnFailure: 'PAUSE' | 'NONE'
  watchingEnabled: boolean
  /** 0.8 (less sensitive) to 1.2 (more sensitive). */
  detectiveSensitivity: number
  toolsOffOnPause: boolean
  bedOffOnPause: boolean
  /** mm */
  retractOnPause: number
  /** mm */
  liftZOnPause: number
}

/** A change to `PrinterSettings`; only these keys ever reach Obico. */
export type PrinterSettingsPatch = Partial<PrinterSettings>

/** The agent software connecting the printer to Obico. */
export type PrinterAgent = 'octoprint' | 'klipper' | 'unknown'

/** One printer, safe to show. */
export interface PrinterSummary {
  /** App-wide id: the account id and Obico's printer id (`<accountId>#<obicoId>`). */
  id: string
  accountId: string
  /** Obico's numeric id of the printer on its server. */
  obicoId: number
  name: string
  agent: PrinterAgent
  state: PrinterState
  /** The agent's own words for its state ("Printing", "Error: Thermal runaway"), or null. */
  stateText: string | null
  /** The printer's error message, when it reports one. */
  errorText: string | null
  /** The current print; null when nothing is printing. */
  job: PrinterJob | null
  temperatures: PrinterTemperatures
  /** Whether Obico holds a recent webcam snapshot (`printers:snapshot-image` fetches it). */
  hasSnapshot: boolean
  /** Changes whenever Obico's snapshot changes, so a page knows when to fetch it again. */
  snapshotKey: string | null
  failureDetection: FailureDetection
  /** An unacknowledged failure alert on the current print, or null. */
  alert: PrinterAlert | null
  /** The latest command sent from this app and whether the printer has confirmed it. */
  pendingCommand: PendingCommand | null
  settings: PrinterSettings
  /**
   * When the printer is offline or its account can't be read: ISO time of the last read that showed
   * it online (null when never seen online this session). Null while it is online and fresh, so a
   * routine read changes nothing (the account's `lastReadAt` says when it was read).
   */
  lastSeen: string | null
  /** True while its account's server can't be read: the data is the last known, shown greyed. */
  stale: boolean
  /** The snapshot revision at which this printer last changed. */
  revision: number
}

/**
 * How the latest read of one account's printers went.
 * - ok: read and understood;
 * - needs-relink: the server no longer accepts the account's credential;
 * - unreachable: the server did not answer (or answered with a server error);
 * - malformed-reply: the server answered with something that is not a printer list.
 */
export type AccountPrintersStatus = 'ok' | 'needs-relink' | 'unreachable' | 'malformed-reply'

/** One account's place on the dashboard. */
export interface AccountPrinters {
  accountId: string
  /** The account's display name and provider label, for group headings. */
  displayName: string
  providerLabel: string
  status: AccountPrintersStatus
  /** Plain words for any status but ok. */
  detail?: string
  /** ISO time of the last successful read, or null before the first. */
  lastReadAt: string | null
  /** ISO time of the next read, when one is scheduled. */
  nextReadAt: string | null
}

/** Every printer of every linked Obico account. */
export interface PrintersView {
  accounts: AccountPrinters[]
  printers: PrinterSummary[]
  /** Number of printers with an open (unacknowledged, unmuted) failure alert: the badge count. */
  openAlerts: number
}

/**
 * What `printers:changed` pushes: only the printers whose data changed since the previous push, the
 * ids of printers that went away, and the accounts' states (small, always whole). A receiver that
 * holds revision R ignores a change with `revision <= R`.
 */
export interface PrintersChange {
  revision: number
  accounts: AccountPrinters[]
  changed: PrinterSummary[]
  removed: string[]
  openAlerts: number
}

/** What one printer's part of a command request came to at once. */
export interface CommandReceipt {
  printerId: string
  /** `sending` never appears here; the first state is the answer to the request. */
  state: CommandState
  message?: string
}

/** The latest webcam snapshot, fetched by main. */
export type SnapshotImage =
  | {
      ok: true
      /** `data:image/jpeg;base64,…`, at most `SNAPSHOT_IMAGE_MAX_BYTES` of image. */
      dataUrl: string
      snapshotKey: string
    }
  | {
      ok: false
      reason: 'no-snapshot' | 'unreachable' | 'too-large' | 'not-an-image'
      /** Plain words, e.g. "The snapshot's host (localhost:3334) can't be reached from this computer." */
      message: string
    }

/** The largest snapshot image main hands the page. */
export const SNAPSHOT_IMAGE_MAX_BYTES = 4 * 1024 * 1024

/** One temperature sample kept by main since the app started, for the printer page's chart. */
export interface TemperatureSample {
  /** Epoch milliseconds. */
  at: number
  tool: TemperatureReading | null
  bed: TemperatureReading | null
  chamber: TemperatureReading | null
}

/** Obico's `acknowledge_alert` verdicts. */
export type AlertVerdict = 'failed' | 'not-failed'

// ---------------------------------------------------------------------------------------------
// Print history and stats

/** How a print ended, derived as Obico's UI derives it. */
export type PrintOutcome = 'printing' | 'paused' | 'finished' | 'cancelled'

/** One print from Obico's history. */
export interface PrintRecord {
  /** Obico's print id (unique on its server). */
  id: number
  accountId: string
  /** App-wide printer id, or null when the printer was deleted. */
  printerId: string | null
  printerName: string | null
  fileName: string
  outcome: PrintOutcome
  startedAt: string | null
  endedAt: string | null
  /** Seconds, when the agent reported it. */
  printTimeSeconds: number | null
  /** mm, when the agent reported it. */
  filamentUsedMm: number | null
  alertedAt: string | null
  /** The user's verdict on an alert, if any. */
  alertVerdict: AlertVerdict | null
  posterUrl: string | null
  /** The print has failure-prediction data (a tagged video): its timeline can be shown (issue 12). */
  hasPrediction?: boolean
}

/** `filter` of Obico's print list. */
export type PrintFilter = 'cancelled' | 'finished' | 'need-alert-overwrite'

/** Which prints to list. Dates are local calendar days (`YYYY-MM-DD`) in `timeZone`. */
export interface PrintQuery {
  accountId: string
  /** App-wide printer ids of this account; all printers when absent. */
  printerIds?: string[]
  filter?: PrintFilter
  /** Oldest first instead of newest first. */
  oldestFirst?: boolean
  fromDate?: string
  toDate?: string
  /** IANA zone; required with dates. */
  timeZone?: string
  start: number
  limit: number
}

/** A page of prints. */
export interface PrintPage {
  prints: PrintRecord[]
  /** Whether another page may follow (Obico's print list has no total count). */
  hasMore: boolean
}

/** Periods of the stats chart. */
export type StatsGrouping = 'day' | 'week' | 'month' | 'year'

/** Which stats to fetch. All four of Obico's required parameters are always sent. */
export interface PrintStatsQuery {
  accountId: string
  printerIds?: string[]
  fromDate: string
  toDate: string
  timeZone: string
  groupBy: StatsGrouping
}

/** One period of the stats chart. */
export interface PrintStatsPeriod {
  /** The period's first day, `YYYY-MM-DD`, read from the date part of Obico's key. */
  date: string
  printCount: number
  printTimeSeconds: number
  filamentUsedMm: number
}

/** Totals and periods from `prints/stats/`. */
export interface PrintStats {
  periods: PrintStatsPeriod[]
  totalPrintCount: number
  totalPrintTimeSeconds: number
  totalFilamentUsedMm: number
  cancelledPrintCount: number
  /** Obico counts running prints as succeeded and failed ones as cancelled. */
  succeededPrintCount: number
  longestPrintTimeSeconds: number
  averagePrintTimeSeconds: number
}

// ---------------------------------------------------------------------------------------------
// Preferences (kept in the settings file)

/** The happenings Printdock can notify about. */
export const PRINTER_EVENT_KINDS = [
  'finished',
  'failed',
  'cancelled',
  'alert',
  'offline-mid-print'
] as const
/** One of `PRINTER_EVENT_KINDS`. */
export type PrinterEventKind = (typeof PRINTER_EVENT_KINDS)[number]

/** Dashboard order and notification switches. */
export interface PrinterPreferences {
  /** Printer ids in the order the user dragged them; printers not listed follow in name order. */
  order: string[]
  /** Notifications on or off per kind of event, for all printers. */
  notify: Record<PrinterEventKind, boolean>
  /** Printer ids whose notifications are all off. */
  mutedPrinters: string[]
  /** The dashboard's layout. */
  layout: 'cards' | 'list'
}

/** A change to the preferences; each key replaces the stored value (`notify` merges per kind). */
export interface PrinterPreferencesPatch {
  order?: string[]
  notify?: Partial<Record<PrinterEventKind, boolean>>
  mutedPrinters?: string[]
  layout?: 'cards' | 'list'
}

/** Preferences of a first start: every notification on, cards. */
export const DEFAULT_PRINTER_PREFERENCES: Readonly<PrinterPreferences> = Object.freeze({
  order: [],
  notify: { finished: true, failed: true, cancelled: true, alert: true, 'offline-mid-print': true },
  mutedPrinters: [],
  layout: 'cards'
})
