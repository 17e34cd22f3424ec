/**
 * Rows of the Obico fake's in-memory database. Field names follow Obico's model columns
 * (snake_case), because PATCH /printers/{id}/ writes raw columns (obico-api.md §2.3).
 * Timestamps are epoch milliseconds (or whatever a raw PATCH stored).
 */

/** A user (Obico's `User`, email is the login name). */
export interface ObicoUser {
  id: number
  email: string
  password: string
  username: string | null
  first_name: string
  last_name: string
  date_joined: number
  consented_at: number | null
  last_active_at: number | null
  is_pro: boolean
  dh_balance: number
  is_primary_email_verified: boolean
  unsub_token: string
  account_notification_by_email: boolean
  notification_enabled: boolean
  mobile_app_canary: boolean
  tunnel_cap_multiplier: number
  unseen_printer_events: number
}

/** An OAuth Application as django-oauth-toolkit stores it (obico-api.md §1.7). */
export interface ObicoClient {
  id: number
  client_id: string
  name: string
  client_type: 'public' | 'confidential'
  authorization_grant_type: 'authorization-code' | 'implicit' | 'password' | 'client-credentials'
  redirect_uris: string[]
  /** sha256 of the secret: DOT hashes it on save (obico-api.md §1.2). */
  client_secret_hash: string | null
  skip_authorization: boolean
  user_id: number | null
}

/** An authorization code (DOT `Grant`). */
export interface ObicoGrant {
  code: string
  client_id: string
  user_id: number
  redirect_uri: string
  scope: string
  expires: number
  code_challenge: string
  code_challenge_method: string
}

/** An access token (DOT `AccessToken`); `client_id` null for admin-created tokens (§1.7). */
export interface ObicoAccessToken {
  token: string
  user_id: number
  client_id: string | null
  scope: string
  expires: number
}

/** A refresh token (DOT `RefreshToken`). `access_token` is null once its access token is gone. */
export interface ObicoRefreshToken {
  token: string
  user_id: number
  client_id: string
  access_token: string | null
  /** When it was revoked (rotation or /o/revoke_token/), else null. */
  revoked: number | null
}

/** A printer row. */
export interface ObicoPrinter {
  id: number
  user_id: number
  name: unknown
  created_at: unknown
  action_on_failure: unknown
  watching_enabled: unknown
  tools_off_on_pause: unknown
  bed_off_on_pause: unknown
  retract_on_pause: unknown
  lift_z_on_pause: unknown
  detective_sensitivity: unknown
  min_timelapse_secs_on_finish: unknown
  min_timelapse_secs_on_cancel: unknown
  auth_token: unknown
  archived_at: unknown
  agent_name: unknown
  agent_version: unknown
  deleted: number | null
  current_print_id: number | null
}

/** A print (Obico's `Print`). */
export interface ObicoPrint {
  id: number
  user_id: number
  printer_id: number | null
  g_code_file_id: number | null
  filename: string
  ext_id: number
  started_at: number
  finished_at: number | null
  cancelled_at: number | null
  uploaded_at: number | null
  alerted_at: number | null
  alert_acknowledged_at: number | null
  alert_muted_at: number | null
  paused_at: number | null
  alert_overwrite: string | null
  filament_used: number | null
  print_time: number | null
  access_consented_at: unknown
  video_archived_at: number | null
  deleted: number | null
}

/** A stored G-code file (Obico's `GCodeFile`). `storage_path` is where its bytes live on disk. */
export interface ObicoGCodeFile {
  id: number
  user_id: number
  parent_folder_id: number | null
  deleted: number | null
  deleted_by_cascade: boolean
  filename: string
  safe_filename: string
  storage_path: string | null
  num_bytes: number | null
  agent_signature: string | null
  metadata_json: string | null
  filament_total: number | null
  estimated_time: number | null
  thumbnail1_url: string | null
  thumbnail2_url: string | null
  thumbnail3_url: string | null
  created_at: number
  updated_at: number
  resident_printer_id: number | null
}

/** A G-code folder (hard-deleted, obico-api.md §2.6). */
export interface ObicoGCodeFolder {
  id: number
  user_id: number
  parent_folder_id: number | null
  name: string
  safe_name: string
  created_at: number
  updated_at: number
}

/** A printer event (obico-api.md §2.7). */
export interface ObicoPrinterEvent {
  id: number
  user_id: number
  printer_id: number
  print_id: number | null
  event_type: string
  event_class: 'ERROR' | 'WARNING' | 'SUCCESS' | 'INFO'
  event_title: string
  event_text: string
  created_at: number
}
