/**
 * Reads claims from a JWT without verifying it. Printdock only uses this for the expiry of a token
 * the server just gave it (Zebbra: `{sub, exp}`, providers.md §4.2); the server still verifies.
 */

/** The payload of a JWT, or undefined when the token is not a readable JWT. */
export function readJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString(
      'utf8'
    )
    const payload = JSON.parse(json) as unknown
    return payload && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** The `exp` claim as epoch milliseconds, when present and numeric. */
export function jwtExpiresAt(token: string): number | undefined {
  const exp = readJwtPayload(token)?.exp
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
}
