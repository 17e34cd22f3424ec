/**
 * The only `shell.openExternal` call in Printdock, behind `isSafeExternalUrl`.
 */
import { shell } from 'electron'
import { isSafeExternalUrl } from './url-policy'

/**
 * Opens `url` in the user's browser when it passes `isSafeExternalUrl` for `allowedOrigins`;
 * returns false otherwise.
 *
 * `openExternal` hands the string to the OS, which would also run `file:`, `smb:` or custom
 * schemes; that is why nothing reaches it unchecked (Electron security checklist #15). Every caller
 * names the origins it accepts: there is no "any origin" mode.
 */
export async function openExternal(
  url: string,
  allowedOrigins: Iterable<string>
): Promise<boolean> {
  if (!isSafeExternalUrl(url, allowedOrigins)) return false
  await shell.openExternal(url, { activate: true })
  return true
}
