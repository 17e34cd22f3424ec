import type { AppErrorCode, AppErrorDto } from '../../shared/errors'

/**
 * An expected failure with a code the UI understands.
 *
 * `message` is written for people ("The sign-in link expired. Try linking again."), never contains
 * a secret, and is what the renderer shows when it has no better words for `code`.
 */
export class AppError extends Error {
  readonly code: AppErrorCode
  readonly retryable: boolean
  /** See AppErrorDto.server. */
  readonly server?: string
  /** See AppErrorDto.serverSaid. */
  readonly serverSaid?: string

  constructor(
    code: AppErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; server?: string; serverSaid?: string } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.retryable = options.retryable ?? false
    if (options.server) this.server = options.server
    if (options.serverSaid) this.serverSaid = options.serverSaid
  }

  /** The data form that crosses IPC. */
  toDto(): AppErrorDto {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.server ? { server: this.server } : {}),
      ...(this.serverSaid ? { serverSaid: this.serverSaid } : {})
    }
  }
}

/** Turns anything thrown into a DTO; unknown errors become a generic message (details go to the log). */
export function toErrorDto(error: unknown): AppErrorDto {
  if (error instanceof AppError) return error.toDto()
  return { code: 'internal/unexpected', message: 'Something went wrong inside Printdock.' }
}
