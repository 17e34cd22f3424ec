import { AppError } from '../errors'
import type { HttpClient } from '../http'

/**
 * "Does anything answer at this address?", asked before a browser sign-in starts. Without it a
 * server that is down or mistyped meant a five-minute wait on "Waiting for you to approve in your
 * browser…" while the browser showed "connection refused" (issue 8). One short GET of the page the
 * browser is about to open: any HTTP answer, even a 404 or a 500, means a server is there and the
 * browser will show the user what it says.
 */

/** How long the check may take: long enough for a slow TLS handshake, short enough to feel instant. */
export const REACHABILITY_DEADLINE_MS = 4_000
/** The answer is not read; a login page is a few KiB, and a bigger one still proves a server. */
const MAX_BYTES = 64 * 1024

/**
 * Resolves when something at `url`'s origin answers HTTP; otherwise throws an AppError that names
 * the address ('network/offline' or 'network/timeout', with `server` set for the renderer's words).
 */
export async function assertServerAnswers(
  http: HttpClient,
  url: string,
  options: { deadlineMs?: number; signal?: AbortSignal } = {}
): Promise<void> {
  const origin = new URL(url).origin
  const deadlineMs = options.deadlineMs ?? REACHABILITY_DEADLINE_MS
  try {
    await http.request({
      method: 'GET',
      url,
      deadlineMs,
      maxResponseBytes: MAX_BYTES,
      signal: options.signal
    })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.code === 'network/offline') {
      throw new AppError(
        'network/offline',
        `Printdock could not reach ${origin}. Check the address and that the server is running.`,
        { server: origin, retryable: true, cause: error }
      )
    }
    if (error.code === 'network/timeout') {
      const seconds = Math.round(deadlineMs / 1000)
      throw new AppError(
        'network/timeout',
        `${origin} did not answer within ${seconds} seconds. Check the address and that the server is running.`,
        { server: origin, retryable: true, cause: error }
      )
    }
    // Too large, or an answer that is not quite HTTP: something is there, and the browser will
    // show what. Cancellation and anything else go to the caller unchanged.
    if (error.code === 'network/too-large' || error.code === 'network/bad-response') return
    throw error
  }
}
