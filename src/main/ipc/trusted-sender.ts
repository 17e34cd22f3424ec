/**
 * The one rule for who may call main: a frame showing the app's own page.
 */
import { isSameAppLocation } from '../app/url-policy'

/**
 * Whether an IPC message came from the app's own page.
 *
 * `frameUrl` is `event.senderFrame.url`; `appOrigin` is the dev server or bundle origin. A missing
 * frame (destroyed, or navigated away mid-call) is untrusted.
 */
export function isTrustedSender(frameUrl: string | undefined | null, appOrigin: string): boolean {
  if (typeof frameUrl !== 'string' || frameUrl === '') return false
  return isSameAppLocation(frameUrl, appOrigin)
}
