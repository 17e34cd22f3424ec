/**
 * Reads claims from a JWT without verifying it. Printdock only reads tokens the server just gave
 * it: the expiry of an access token (Zebbra: `{sub, exp}`, providers.md §4.2) and who an OpenID
 * `id_token` names (generic OAuth, for display only); the server still verifies.
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
