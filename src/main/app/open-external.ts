/**
 * The only `shell.openExternal` call in Printdock, behind `isSafeExternalUrl`.
 */
import { shell } from 'electron'
import { isSafeExternalUrl, normaliseOrigin } from './url-policy'

export { isSafeExternalUrl }

/**
 * Which origins may be opened: a list (links the page asked for), or `'any-origin'` for an
 * authorization URL that core built itself from a server the user typed (the server is not
 * linked yet, so it cannot be on the list). Scheme and userinfo checks apply either way.
 */
export type ExternalOriginPolicy = Iterable<string> | 'any-origin'

/**
 * Opens `url` in the user's browser when it passes `isSafeExternalUrl`; returns false otherwise.
 *
 * `openExternal` hands the string to the OS, which would also run `file:`, `smb:` or custom
 * schemes; that is why nothing reaches it unchecked (Electron security checklist #15).
 */
export async function openExternal(url: string, policy: ExternalOriginPolicy): Promise<boolean> {
  const allowed = policy === 'any-origin' ? [originOf(url)] : policy
  if (!isSafeExternalUrl(url, allowed)) return false
  await shell.openExternal(url, { activate: true })
  return true
}

function originOf(url: string): string {
  return normaliseOrigin(url) ?? ''
}
