/**
 * Error codes that cross the IPC boundary.
 *
 * Electron keeps only `message` of an error thrown in `ipcMain.handle` (electron#24427), so main
 * converts every failure into `{ code, message }` data. The renderer picks the words it shows from
 * `code`; `message` is a plain-language fallback written in main.
 */
export type AppErrorCode =
  | 'ipc/invalid-arguments'
  | 'ipc/untrusted-sender'
  | 'ipc/unknown-channel'
  | 'ipc/duplicate-operation'
  | 'files/not-a-file'
  | 'files/unreadable'
  | 'auth/cancelled'
  | 'auth/timed-out'
  | 'auth/state-mismatch'
  | 'auth/denied'
  | 'auth/provider-error'
  | 'auth/invalid-code'
  | 'auth/invalid-credentials'
  | 'auth/needs-relink'
  | 'auth/already-linking'
  | 'auth/unsupported'
  | 'auth/invalid-callback'
  | 'account/not-found'
  | 'account/invalid-server-url'
  | 'vault/unavailable'
  | 'vault/read-failed'
  | 'network/offline'
  | 'network/timeout'
  | 'network/server-error'
  | 'network/rate-limited'
  | 'network/bad-response'
  | 'network/too-large'
  | 'operation/cancelled'
  | 'settings/invalid'
  // The G-code library (issue 10).
  | 'library/too-large'
  | 'library/not-gcode'
  | 'library/name-taken'
  | 'library/not-found'
  | 'library/disk-full'
  | 'library/rejected-by-proxy'
  | 'library/unconfirmed'
  | 'library/cannot-print'
  | 'internal/unexpected'

/** A failure as data: safe to send to the renderer, never contains a secret. */
export interface AppErrorDto {
  code: AppErrorCode
  message: string
  retryable?: boolean
}
