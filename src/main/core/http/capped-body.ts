import type { Readable } from 'node:stream'
import { AppError } from '../errors'

/**
 * Reads a response body into memory up to a byte cap. The cap is checked as the bytes arrive (and
 * against Content-Length before any arrive), so a server that sends 100 MB costs at most the cap
 * plus one chunk of memory: the reader stops and the caller tears the connection down.
 */

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`
  return `${bytes} bytes`
}

/** The AppError for an answer above the cap. */
export function tooLargeError(maxBytes: number): AppError {
  return new AppError(
    'network/too-large',
    `The server's answer was larger than ${size(maxBytes)}, far more than expected here, so Printdock stopped reading it. Check the server address.`
  )
}

/**
 * The whole body, or AppError 'network/too-large' once more than `maxBytes` arrived (or were
 * announced). `onBytes` is called for each chunk (the idle limit listens to it).
 */
export async function readCappedBody(
  stream: Readable,
  limits: { maxBytes: number; declaredLength?: number; onBytes?: (count: number) => void }
): Promise<Buffer> {
  if (limits.declaredLength !== undefined && limits.declaredLength > limits.maxBytes) {
    throw tooLargeError(limits.maxBytes)
  }
  const chunks: Buffer[] = []
  let total = 0
  // Leaving the loop by throwing destroys the stream (async iterator return()).
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limits.maxBytes) throw tooLargeError(limits.maxBytes)
    chunks.push(chunk)
    limits.onBytes?.(chunk.length)
  }
  return Buffer.concat(chunks, total)
}

/**
 * Writes the body to `sink` as it arrives, waiting for the sink to drain, up to the same cap as
 * `readCappedBody`. A sink error is reported through `onSinkError` before it is thrown, so the
 * caller can tell a full disk from a dropped connection.
 */
export async function pipeCappedBody(
  stream: Readable,
  sink: NodeJS.WritableStream,
  limits: {
    maxBytes: number
    declaredLength?: number
    onBytes?: (count: number) => void
    onSinkError: (error: unknown) => void
  }
): Promise<void> {
  if (limits.declaredLength !== undefined && limits.declaredLength > limits.maxBytes) {
    throw tooLargeError(limits.maxBytes)
  }
  let failed: unknown
  const onError = (error: unknown) => {
    failed ??= error
    limits.onSinkError(error)
  }
  sink.on('error', onError)
  try {
    let total = 0
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (failed !== undefined) throw failed
      total += chunk.length
      if (total > limits.maxBytes) throw tooLargeError(limits.maxBytes)
      if (!sink.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          const done = () => {
            sink.off('drain', done)
            sink.off('error', fail)
            resolve()
          }
          const fail = (error: unknown) => {
            sink.off('drain', done)
            reject(error)
          }
          sink.once('drain', done)
          sink.once('error', fail)
        })
      }
      limits.onBytes?.(chunk.length)
    }
    if (failed !== undefined) throw failed
  } finally {
    sink.off('error', onError)
  }
}
