/**
 * Plain-language text for every error code.
 *
 * The renderer chooses the words from the code (architecture §9 rule 11); main's `message` is only
 * a fallback for codes this table does not know, e.g. a newer main talking to an older renderer.
 */
import type { AppErrorCode } from '@shared/errors'

const TEXT: Record<AppErrorCode, string> = {
  'ipc/invalid-arguments':
    'Printdock sent the app something it could not accept. Check the form and try again.',
  'ipc/untrusted-sender': 'This window is not allowed to do that. Restart Printdock.',
  'ipc/unknown-channel': 'This version of Printdock does not support that yet.',
  'ipc/duplicate-operation': 'That request is already running. Wait for it to finish.',
  'files/not-a-file': 'Printdock can only take files, not folders or other kinds of items.',
  'files/unreadable': 'Printdock could not read that file. Check that it still exists.',
  'auth/cancelled': 'Linking was cancelled.',
  'auth/timed-out':
    'Linking took too long, so Printdock stopped waiting. Start again when you are ready.',
  'auth/state-mismatch':
    'The approval did not match the request Printdock sent, so it was refused for your safety. Start linking again.',
  'auth/denied': 'Access was not granted in the browser.',
  'auth/provider-error': 'The service reported a problem while linking. Try again in a moment.',
  'auth/invalid-code':
    'The approval code was not accepted (it may have expired). Start linking again.',
  'auth/invalid-credentials': 'That username, password, token or key was not accepted.',
  'auth/needs-relink': 'This account needs to be linked again.',
  'auth/already-linking':
    'A link for this service is already waiting for approval. Finish or cancel it first.',
  'auth/unsupported': 'This service does not support that way of linking.',
  'auth/invalid-callback':
    'That does not look like the address your browser was sent back to. Copy the whole address from the browser bar.',
  'account/not-found': 'That account is no longer linked.',
  'account/invalid-server-url':
    'That server address is not valid. Use something like https://obico.example.com.',
  'vault/unavailable':
    'Your system keychain is not available, so sign-ins cannot be saved. You will be signed out when Printdock quits.',
  'vault/read-failed':
    'Printdock could not read the saved sign-in from your keychain. Link the account again.',
  'network/offline':
    'Printdock could not reach the server. Check your connection and the server address.',
  'network/timeout': 'The server took too long to answer. Try again in a moment.',
  'network/server-error': 'The server had a problem. Try again later.',
  'network/rate-limited': 'The server asked Printdock to slow down. Wait a minute and try again.',
  'network/bad-response':
    'The server answered in a way Printdock did not understand. Check the server address.',
  'network/too-large':
    'The server sent far more data than expected, so Printdock stopped reading. Check the server address.',
  'operation/cancelled': 'Stopped: it was cancelled before it finished.',
  'settings/invalid': 'That setting could not be saved.',
  'library/too-large': 'That file is larger than your Obico plan accepts.',
  'library/not-gcode':
    'That is not a text G-code file. Obico stores only text G-code (export .gcode, not .bgcode or .3mf).',
  'library/name-taken': 'Something with that name is already in this folder. Choose another name.',
  'library/not-found': 'That file or folder is no longer on the server. Refresh the list.',
  'library/disk-full':
    'The disk is full, so the file could not be saved. Free some space and try again.',
  'library/rejected-by-proxy':
    'A proxy in front of the server refused the file as too large. Ask the server’s administrator to raise its upload limit.',
  'library/unconfirmed':
    'The server did not list the file with the right size afterwards, so the upload is not counted as done. Try again.',
  'library/cannot-print': 'That printer cannot start a print right now.',
  'internal/unexpected': 'Something went wrong inside Printdock.'
}

/** Codes the renderer raises itself. */
const UI_TEXT: Record<string, string> = {
  'ui/no-bridge': 'Printdock could not reach its background process. Restart the app.',
  'ui/clipboard': 'Could not copy. Select the text and copy it by hand.'
}

/** True when `code` is one of main's error codes. */
export function isAppErrorCode(code: string): code is AppErrorCode {
  return Object.prototype.hasOwnProperty.call(TEXT, code)
}

/** The sentence to show for an error: known code → our words; unknown code → main's message. */
export function errorText(error: { code: string; message?: string }): string {
  if (isAppErrorCode(error.code)) return TEXT[error.code]
  if (Object.prototype.hasOwnProperty.call(UI_TEXT, error.code)) return UI_TEXT[error.code]
  const fallback = error.message?.trim()
  return fallback ? fallback : TEXT['internal/unexpected']
}
