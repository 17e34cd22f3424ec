import { createHash, randomBytes } from 'node:crypto'

/**
 * PKCE (RFC 7636) and `state` values for the authorization-code flow.
 *
 * Public native clients must use PKCE with S256 (RFC 8252 §6, RFC 9700 §2.1.1; see
 * shared/reference/oauth-and-secrets.md §3.3, §3.5).
 */

/** A PKCE verifier and its S256 challenge. The verifier is a secret until the code is exchanged. */
export interface PkcePair {
  verifier: string
  challenge: string
  method: 'S256'
}

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/

/** Base64url without padding (RFC 4648 §5), as RFC 7636 §3 asks. */
export function base64url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** True when `value` is a syntactically valid code verifier (RFC 7636 §4.1). */
export function isValidVerifier(value: unknown): value is string {
  return typeof value === 'string' && VERIFIER_PATTERN.test(value)
}

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))). Throws on a bad verifier. */
export function pkceChallenge(verifier: string): string {
  if (!isValidVerifier(verifier)) {
    throw new TypeError('A PKCE verifier must be 43-128 unreserved characters (RFC 7636 4.1).')
  }
  return base64url(createHash('sha256').update(verifier, 'ascii').digest())
}

/** A fresh verifier (32 random bytes = 256 bits, 43 base64url characters) and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = base64url(randomBytes(32))
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' }
}

/**
 * A fresh one-time `state`: 256 random bits as 43 base64url characters (the checklist asks for at
 * least 128 bits, oauth-and-secrets.md §3.9).
 */
export function createState(): string {
  return base64url(randomBytes(32))
}
