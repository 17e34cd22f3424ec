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
  | 'mesh/not-a-mesh'
  | 'mesh/truncated'
  | 'mesh/invalid'
  | 'mesh/empty'
  | 'repair/not-linked'
  | 'repair/rejected'
  | 'repair/failed'
  | 'repair/file-exists'
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
  | 'printers/not-found'
  | 'printers/not-printing'
  | 'printers/unsupported-account'
  // Obico's AI (issue 12): the server has no JusPrin; the account's AI credits are used up.
  | 'ai/not-offered'
  | 'ai/no-credits'
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
  /**
   * The server address the failure is about, when naming it is the point ("Printdock could not
   * reach http://127.0.0.1:9"). An origin, never a URL with a path or query.
   */
  server?: string
  /**
   * The server's own reason, when it gave one ("Incorrect username or password"): short plain text
   * main has already cleaned of secrets and control characters. Shown instead of a sentence that
   * fits every case.
   */
  serverSaid?: string
}
