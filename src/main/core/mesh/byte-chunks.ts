import { createReadStream } from 'node:fs'

/** A file or a ZIP entry read piece by piece. */
export type ByteChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>

/** Reads a file in 1 MiB pieces, so a large model is never held twice. */
export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1 << 20 })
}

/**
 * Splits chunks into lines (LF or CRLF; a lone CR also ends a line), decoding each as Latin-1,
 * which keeps every byte and is all an ASCII mesh format needs.
 */
export async function* lines(chunks: ByteChunks): AsyncGenerator<string> {
  let carry = ''
  const decoder = new TextDecoder('latin1')
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true })
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 10 || code === 13) {
        if (i > start) yield text.slice(start, i)
        start = i + 1
      }
    }
    carry = text.slice(start)
  }
  if (carry.length > 0) yield carry
}
