/**
 * Client-side checks of a server address, for feedback while typing: the shared parser
 * (src/shared/server-address.ts), the same main applies before using the address.
 */
import { isLoopbackHost, parseServerAddress } from '@shared/server-address'

export { isLoopbackHost }

/** Outcome of checking a typed server address. */
export type ServerUrlCheck =
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'valid'
      /** Normalised origin, e.g. `https://print-farm.local:3334`. */
      origin: string
      /** True for plain http on a host that is not this machine (RFC 9700 §2.6). */
      insecure: boolean
      /** Notes about what normalisation changed, in plain words. */
      notes: string[]
    }

/** Checks and normalises what the user typed as a server address. */
export function checkServerUrl(input: string): ServerUrlCheck {
  const parsed = parseServerAddress(input)
  if (parsed.ok) {
    return { kind: 'valid', origin: parsed.origin, insecure: parsed.insecure, notes: parsed.notes }
  }
  return parsed.problem === 'empty' ? { kind: 'empty' } : { kind: 'invalid', reason: parsed.reason }
}
