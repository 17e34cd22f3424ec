import { z } from 'zod'
import { AppError } from '../errors'
import type { StoredSecret } from './token-vault'

/** The stored JSON must look like a `StoredSecret`; anything else is damage, not a secret. */
const storedSecretSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number().finite().optional(),
  tokenType: z.string().optional(),
  clientSecret: z.string().optional()
})

/** Serialises a secret for storage (one JSON string per account). */
export function serializeStoredSecret(secret: StoredSecret): string {
  return JSON.stringify(storedSecretSchema.parse(secret))
}

/**
 * Parses what a vault read back. Damaged data throws `vault/read-failed`, which the AccountService
 * turns into needs-relink. The error never quotes the stored text (it may be a token).
 */
export function parseStoredSecret(text: string, where: string): StoredSecret {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new AppError(
      'vault/read-failed',
      `The sign-in saved in ${where} is damaged. Link the account again.`
    )
  }
  const parsed = storedSecretSchema.safeParse(value)
  if (!parsed.success) {
    throw new AppError(
      'vault/read-failed',
      `The sign-in saved in ${where} is damaged. Link the account again.`
    )
  }
  return parsed.data
}
