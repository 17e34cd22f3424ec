/**
 * The address of a picture or video Obico hands out (webcam snapshots, tagged videos): signed URLs
 * on the server's site domain, which may not be the server the account talks to (obico-api.md §2.3).
 */

/** A media address that can be fetched, or why not, in words for the user. */
export type MediaAddress =
  | {
      ok: true
      url: URL
      /** Whether it is on the account's own server: only then are its credentials sent. */
      sameServer: boolean
    }
  | { ok: false; message: string }

/** Reads `raw` as an http(s) address; `what` names the thing in messages ("snapshot", "video"). */
export function readMediaAddress(raw: string, serverOrigin: string, what: string): MediaAddress {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, message: `The server sent a ${what} address that is not valid.` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `The ${what} is not on a web address.` }
  }
  return { ok: true, url, sameServer: url.origin === new URL(serverOrigin).origin }
}
