import type { AppErrorCode, AppErrorDto } from '@shared/errors'

/**
 * A failure the UI can show.
 *
 * `code` is an `AppErrorCode` from main, or a code the renderer made up for itself (`ui/...`).
 * Link outcomes carry codes as plain strings, so unknown codes are kept rather than dropped.
 */
export class UiError extends Error {
  readonly code: AppErrorCode | (string & {})
  readonly retryable: boolean
  /** The server the failure is about, when main named it (AppErrorDto.server). */
  readonly server?: string
  /** The server's own reason, when it gave one (AppErrorDto.serverSaid). */
  readonly serverSaid?: string

  constructor(
    code: AppErrorCode | (string & {}),
    message: string,
    retryable = false,
    about: { server?: string; serverSaid?: string } = {}
  ) {
    super(message)
    this.name = 'UiError'
    this.code = code
    this.retryable = retryable
    if (about.server) this.server = about.server
    if (about.serverSaid) this.serverSaid = about.serverSaid
  }

  /** Builds a UiError from the error data main sends over IPC. */
  static fromDto(
    dto: Pick<AppErrorDto, 'message' | 'server' | 'serverSaid'> & {
      code: string
      retryable?: boolean
    }
  ): UiError {
    return new UiError(dto.code, dto.message, dto.retryable ?? false, {
      server: typeof dto.server === 'string' ? dto.server : undefined,
      serverSaid: typeof dto.serverSaid === 'string' ? dto.serverSaid : undefined
    })
  }
}

/** Turns anything caught into a UiError, so stores hold one error shape. */
export function toUiError(caught: unknown): UiError {
  if (caught instanceof UiError) return caught
  const message = caught instanceof Error ? caught.message : String(caught)
  return new UiError('internal/unexpected', message)
}
