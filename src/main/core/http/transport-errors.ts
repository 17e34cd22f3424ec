import { AppError } from '../errors'

/**
 * Transport failures (no complete response) as AppErrors with plain words.
 *
 * The cause kept on the AppError names the failure by its code alone. The error the transport threw
 * is dropped on purpose: an axios error carries the request config, whose headers and body hold
 * bearer tokens, authorization codes, PKCE verifiers, refresh tokens and passwords, and a cause is
 * what a logger prints.
 */

/** An Error that says only which failure it was ('ECONNRESET', 'ERR_TLS_CERT_ALTNAME_INVALID'). */
function safeCause(code: string): Error {
  return new Error(code === '' ? 'request failed' : code)
}

function codeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ''
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : ''
}

/** The words for a transport error code. */
function offlineWords(code: string): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return 'The server name could not be found. Check the server address and your connection.'
  }
  if (code === 'ECONNREFUSED') {
    return 'The server refused the connection. Check that it is running and the address is right.'
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_BAD_RESPONSE') {
    return 'The connection to the server was cut off. Try again.'
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) {
    return 'The secure connection to the server failed (certificate problem).'
  }
  return 'Printdock could not reach the server. Check your connection and try again.'
}

/**
 * Turns whatever the transport threw into an AppError. An AppError passes through unchanged (the
 * client's own: too large, cancelled, timed out).
 */
export function transportError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const code = codeOf(error)
  if (code.startsWith('HPE_')) {
    return new AppError(
      'network/bad-response',
      'The server answered with something that is not valid HTTP. Check the server address.',
      { cause: safeCause(code) }
    )
  }
  // zlib's codes: a compressed answer that does not decompress.
  if (code.startsWith('Z_')) {
    return new AppError(
      'network/bad-response',
      'The server sent a compressed answer that could not be unpacked.',
      { cause: safeCause(code) }
    )
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new AppError(
      'network/timeout',
      'The server took too long to answer. Check the connection and try again.',
      { retryable: true, cause: safeCause(code) }
    )
  }
  return new AppError('network/offline', offlineWords(code), {
    retryable: true,
    cause: safeCause(code)
  })
}
