import { signedMediaUrl, type ObicoContext } from './context'
import type { ObicoGCodeFile, ObicoGCodeFolder, ObicoPrint, ObicoPrinter, ObicoUser } from './types'
import { ts } from './util'

/**
 * JSON shapes of Obico's serializers, key for key as obico-api.md §2.2–2.6 records them.
 */

/** `UserSerializer` (obico-api.md §2.2). */
export function userJson(user: ObicoUser): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    date_joined: ts(user.date_joined),
    consented_at: ts(user.consented_at),
    last_active_at: ts(user.last_active_at),
    is_pro: user.is_pro,
    dh_balance: user.dh_balance,
    is_dh_unlimited: user.dh_balance >= 100_000_000,
    is_primary_email_verified: user.is_primary_email_verified,
    unsub_token: user.unsub_token,
    account_notification_by_email: user.account_notification_by_email,
    notification_enabled: user.notification_enabled,
    mobile_app_canary: user.mobile_app_canary,
    tunnel_cap_multiplier: user.tunnel_cap_multiplier,
    unseen_printer_events: user.unseen_printer_events
  }
}

/** The base Printer (nested in Prints): settings fields incl. `auth_token`; no status/pic/settings. */
export function basePrinterJson(printer: ObicoPrinter): Record<string, unknown> {
  return {
    id: printer.id,
    name: printer.name,
    created_at: ts(printer.created_at),
    action_on_failure: printer.action_on_failure,
    watching_enabled: printer.watching_enabled,
    tools_off_on_pause: printer.tools_off_on_pause,
    bed_off_on_pause: printer.bed_off_on_pause,
    retract_on_pause: printer.retract_on_pause,
    lift_z_on_pause: printer.lift_z_on_pause,
    detective_sensitivity: printer.detective_sensitivity,
    min_timelapse_secs_on_finish: printer.min_timelapse_secs_on_finish,
    min_timelapse_secs_on_cancel: printer.min_timelapse_secs_on_cancel,
    auth_token: printer.auth_token,
    archived_at: ts(printer.archived_at),
    agent_name: printer.agent_name,
    agent_version: printer.agent_version
  }
}

/** Webcam defaults of a printer that never connected: exactly six keys (obico-api.md §2.3). */
export function defaultPrinterSettings(): Record<string, unknown> {
  return {
    webcam_flipV: false,
    webcam_flipH: false,
    webcam_rotate90: false,
    webcam_rotation: 0,
    webcam_streamRatio: '16:9',
    ratio169: true
  }
}

/** Agent-reported settings of a simulated printer. Three values are JSON *strings* (§2.3). */
function agentSettings(printer: ObicoPrinter): Record<string, unknown> {
  const moonraker = printer.agent_name === 'moonraker_obico'
  return {
    ...defaultPrinterSettings(),
    webcams: [
      {
        name: 'Default',
        is_primary_camera: true,
        stream_mode: 'live',
        stream_id: 1,
        flipV: false,
        flipH: false,
        rotation: 0,
        streamRatio: '16:9'
      }
    ],
    temp_profiles: [
      { name: 'PLA', extruder: 215, bed: 60 },
      { name: 'PETG', extruder: 240, bed: 80 }
    ],
    // Settings live in a Redis hash on the real server: every value is a string, '' when the
    // agent never set it (obico-api.md §7).
    data_channel_id: '',
    tsd_plugin_version: printer.agent_version,
    octoprint_version: moonraker ? '' : '1.10.2',
    printer_metadata: JSON.stringify({ model: moonraker ? 'Voron 2.4' : 'Original Prusa MK3S' }),
    platform_uname: JSON.stringify(['Linux', 'printer', '6.1.21-v8+', '#1 SMP', 'aarch64', '']),
    installed_plugins: JSON.stringify(moonraker ? [] : ['obico']),
    agent_name: printer.agent_name,
    agent_version: printer.agent_version
  }
}

/** Obico's `not_watching_reason` (obico-api.md §2.3). */
function notWatchingReason(
  ctx: ObicoContext,
  printer: ObicoPrinter,
  print: ObicoPrint | undefined
): string | null {
  const user = ctx.store.user(printer.user_id)
  if (!printer.watching_enabled) return 'AI failure detection is disabled'
  if (user && user.dh_balance <= 0) return 'You have run out of AI Detection Hours'
  const state = ctx.sims.get(printer.id)?.phase
  if (!print || (state !== undefined && state !== 'printing'))
    return 'Printer is not actively printing'
  if (print.alert_muted_at) return 'Alerts are muted for current print'
  return null
}

/** The latest snapshot URL, kept 30 min after the agent's last upload (obico-api.md §2.3). */
function picJson(ctx: ObicoContext, printer: ObicoPrinter): Record<string, unknown> | null {
  const sim = ctx.sims.get(printer.id)
  if (!sim) return null
  const now = ctx.clock.now()
  if (!sim.agentOnline && (sim.offlineSince === null || now - sim.offlineSince > 30 * 60_000))
    return null
  const job = sim.job
  const path =
    job && sim.agentOnline
      ? `/media/tsd-pics/raw/${printer.id}/${job.printId}/${Math.floor(now / 10_000) * 10}.jpg`
      : `/media/tsd-pics/snapshots/${printer.id}/latest_unrotated.jpg`
  return { img_url: signedMediaUrl(ctx, path) }
}

/** `PrinterSerializer`: the full Printer (obico-api.md §2.3). */
export function printerJson(ctx: ObicoContext, printer: ObicoPrinter): Record<string, unknown> {
  const sim = ctx.sims.get(printer.id)
  sim?.sync()
  const print = ctx.store.print(printer.current_print_id)
  return {
    ...basePrinterJson(printer),
    not_watching_reason: notWatchingReason(ctx, printer, print),
    pic: picJson(ctx, printer),
    status: sim ? sim.status() : null,
    settings: sim ? agentSettings(printer) : defaultPrinterSettings(),
    current_print: print ? basePrintJson(ctx, print) : null,
    normalized_p: sim ? sim.normalizedP() : 0
  }
}

/** The base GCodeFile: model fields, `user` and `parent_folder` as ids (obico-api.md §2.4). */
export function baseFileJson(ctx: ObicoContext, file: ObicoGCodeFile): Record<string, unknown> {
  return {
    id: file.id,
    user: file.user_id,
    parent_folder: file.parent_folder_id,
    ...fileFields(ctx, file)
  }
}

/** Model columns shared by every GCodeFile shape. */
function fileFields(ctx: ObicoContext, file: ObicoGCodeFile): Record<string, unknown> {
  return {
    deleted: ts(file.deleted),
    deleted_by_cascade: file.deleted_by_cascade,
    filename: file.filename,
    safe_filename: file.safe_filename,
    url: file.storage_path
      ? signedMediaUrl(ctx, `/media/tsd-gcodes/${file.user_id}/${file.id}`)
      : null,
    num_bytes: file.num_bytes,
    agent_signature: file.agent_signature,
    metadata_json: file.metadata_json,
    filament_total: file.filament_total,
    estimated_time: file.estimated_time,
    thumbnail1_url: file.thumbnail1_url,
    thumbnail2_url: file.thumbnail2_url,
    thumbnail3_url: file.thumbnail3_url,
    created_at: ts(file.created_at),
    updated_at: ts(file.updated_at),
    resident_printer: file.resident_printer_id
  }
}

/** `GCodeFileDeSerializer`: the create/update answer (obico-api.md §2.5, key order as recorded). */
export function fileDeserializerJson(
  ctx: ObicoContext,
  file: ObicoGCodeFile
): Record<string, unknown> {
  return { id: file.id, parent_folder: file.parent_folder_id, ...fileFields(ctx, file) }
}

/**
 * `GCodeFileSerializer`: list/retrieve, with a nested parent folder and `print_set`, whose Prints
 * nest this file again as a base GCodeFile object, not an id (obico-api.md §7).
 */
export function fileJson(ctx: ObicoContext, file: ObicoGCodeFile): Record<string, unknown> {
  const folder = ctx.store.folder(file.parent_folder_id)
  return {
    id: file.id,
    user: file.user_id,
    parent_folder: folder ? folderJson(ctx, folder, false) : null,
    ...fileFields(ctx, file),
    print_set: ctx.store.prints
      .filter((p) => p.g_code_file_id === file.id && p.deleted === null)
      .map((p) => basePrintJson(ctx, p))
  }
}

/** A folder; `nestParent` nests the parent folder object (whose own parent stays an id). */
export function folderJson(
  ctx: ObicoContext,
  folder: ObicoGCodeFolder,
  nestParent: boolean
): Record<string, unknown> {
  const parent = ctx.store.folder(folder.parent_folder_id)
  return {
    id: folder.id,
    g_code_folder_count: ctx.store.folders.filter((f) => f.parent_folder_id === folder.id).length,
    g_code_file_count: ctx.store.files.filter(
      (f) => f.parent_folder_id === folder.id && f.deleted === null
    ).length,
    parent_folder: nestParent && parent ? folderJson(ctx, parent, false) : folder.parent_folder_id,
    name: folder.name,
    safe_name: folder.safe_name,
    created_at: ts(folder.created_at),
    updated_at: ts(folder.updated_at)
  }
}

/** The base Print (nested `current_print`): no prediction URL or feedback sets (obico-api.md §2.4). */
export function basePrintJson(ctx: ObicoContext, print: ObicoPrint): Record<string, unknown> {
  const printer = print.printer_id === null ? undefined : ctx.store.printer(print.printer_id)
  const file = ctx.store.file(print.g_code_file_id)
  return {
    id: print.id,
    printer: printer && printer.deleted === null ? basePrinterJson(printer) : null,
    g_code_file: file ? baseFileJson(ctx, file) : null,
    filename: print.filename,
    started_at: ts(print.started_at),
    ended_at: ts(print.cancelled_at ?? print.finished_at),
    finished_at: ts(print.finished_at),
    cancelled_at: ts(print.cancelled_at),
    uploaded_at: ts(print.uploaded_at),
    alerted_at: ts(print.alerted_at),
    alert_acknowledged_at: ts(print.alert_acknowledged_at),
    alert_muted_at: ts(print.alert_muted_at),
    paused_at: ts(print.paused_at),
    video_url: null,
    tagged_video_url: null,
    poster_url: null,
    alert_overwrite: print.alert_overwrite,
    filament_used: print.filament_used,
    print_time: print.print_time,
    access_consented_at: ts(print.access_consented_at),
    video_archived_at: ts(print.video_archived_at),
    need_alert_overwrite: print.alerted_at !== null && print.alert_overwrite === null,
    need_print_shot_feedback: false
  }
}

/** `PrintSerializer`: the full Print (obico-api.md §2.4). */
export function printJson(ctx: ObicoContext, print: ObicoPrint): Record<string, unknown> {
  return {
    ...basePrintJson(ctx, print),
    prediction_json_url: `/api/v1/prints/${print.id}/prediction_json/`,
    printshotfeedback_set: [],
    firstlayerinspection_set: []
  }
}
