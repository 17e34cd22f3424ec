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
  'mesh/not-a-mesh':
    'That file is not a 3D model Printdock can read. Use STL, OBJ, 3MF or a ZIP of them.',
  'mesh/truncated': 'That model file is cut short. Export or download it again.',
  'mesh/invalid': 'That model file is damaged: part of it could not be read.',
  'mesh/empty': 'That model file holds no triangles.',
  'repair/not-linked':
    'Link a Makeprintable account (Accounts screen) to repair models with Makeprintable.',
  'repair/rejected': 'Makeprintable did not accept that file.',
  'repair/failed': 'Makeprintable could not repair that model.',
  'repair/file-exists': 'A file with that name already exists. Choose where to save the repair.',
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
  'printers/not-found': 'That printer is no longer on any linked account.',
  'printers/not-printing': 'The printer is not printing anything right now.',
  'printers/unsupported-account': 'Printers come from linked Obico accounts only.',
  'ai/not-offered': 'This server does not offer the JusPrin assistant.',
  'ai/no-credits': 'Monthly AI credit limit exceeded',
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

/** What an error may carry beyond its code (AppErrorDto). */
interface ErrorFacts {
  code: string
  message?: string
  /** The server the failure is about. */
  server?: string
  /** The server's own reason. */
  serverSaid?: string
}

/** Words that name the server, for the codes where the address is the whole point. */
const ABOUT_SERVER: Partial<Record<AppErrorCode, (server: string) => string>> = {
  'network/offline': (server) =>
    `Printdock could not reach ${server}. Check the address and that the server is running.`,
  'network/timeout': (server) =>
    `${server} did not answer within a few seconds. Check the address and that the server is running.`
}

/** A reason as a sentence: capitalised words, one final stop. */
function asSentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/**
 * The sentence to show for an error: known code → our words; unknown code → main's message.
 * Where main named the server or passed on the server's own reason, the words use them: a
 * rejected password shows "Incorrect username or password." as the server put it, not a sentence
 * that fits every kind of credential.
 */
export function errorText(error: ErrorFacts): string {
  if (isAppErrorCode(error.code)) {
    const aboutServer = ABOUT_SERVER[error.code]
    if (aboutServer && error.server) return aboutServer(error.server)
    if (error.serverSaid) {
      if (error.code === 'auth/invalid-credentials') return asSentence(error.serverSaid)
      // The service refused for a reason of its own ("Username already exists"): that reason is
      // the message; "try again in a moment" would be wrong.
      if (error.code === 'auth/provider-error') {
        return `The service said: ${asSentence(error.serverSaid)}`
      }
      return `${TEXT[error.code]} The server said: ${asSentence(error.serverSaid)}`
    }
    return TEXT[error.code]
  }
  if (Object.prototype.hasOwnProperty.call(UI_TEXT, error.code)) return UI_TEXT[error.code]
  const fallback = error.message?.trim()
  return fallback ? fallback : TEXT['internal/unexpected']
}
