import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * HS256 JWTs as Zebbra's python-jose makes them (providers.md §4.2): header `{alg, typ}`, claims
 * only `{sub, exp}`, exp in whole Unix seconds.
 */

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

/** Signs `{sub, exp}` with the instance secret. */
export function signJwt(claims: { sub: string; exp: number }, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = b64url(JSON.stringify({ sub: claims.sub, exp: claims.exp }))
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')
  return `${head}.${body}.${signature}`
}

/** What python-jose raises: bad structure/signature (JWTError) or an expired `exp`. */
export type JwtResult =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' }

/** Verifies signature first, then `exp` against `nowSeconds` (leeway 0), as jose does. */
export function verifyJwt(token: string, secret: string, nowSeconds: number): JwtResult {
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  const [head, body, signature] = parts as [string, string, string]
  let header: { alg?: string }
  let claims: Record<string, unknown>
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string }
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (header.alg !== 'HS256' || typeof claims !== 'object' || claims === null)
    return { ok: false, reason: 'malformed' }
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature' }
  if (typeof claims.exp === 'number' && claims.exp < nowSeconds)
    return { ok: false, reason: 'expired' }
  return { ok: true, claims }
}
