/**
 * A multipart/form-data body that streams a file from disk: the text fields, the file part read
 * chunk by chunk, the closing boundary. Its exact length is known up front (Content-Length, and
 * the progress total), and every send opens the file afresh (`StreamBody`), so a retry after a
 * token refresh sends it whole again. Memory stays flat whatever the file's size.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { PassThrough, type Readable } from 'node:stream'
import { StreamBody } from '../http'

/** A file part: where it is, its size when the upload was checked, and the part's file name. */
export interface FilePart {
  name: string
  path: string
  sizeBytes: number
  filename: string
}

/** The bytes before the file's content, its size and the bytes after. */
export interface MultipartLayout {
  body: StreamBody
  /** Bytes sent before the file's first byte (to turn body progress into file progress). */
  headBytes: number
}

function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r|\n/g, ' ')
}

/**
 * Builds the body. The file must not change size meanwhile: a file read shorter or longer than
 * `sizeBytes` fails the stream (Content-Length would lie).
 */
export function multipartFileBody(fields: Record<string, string>, file: FilePart): MultipartLayout {
  const boundary = `----PrintdockBoundary${randomBytes(12).toString('hex')}`
  let head = ''
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${escapeQuoted(file.filename)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n'
  const headBytes = Buffer.from(head, 'utf8')
  const tailBytes = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')
  const length = headBytes.length + file.sizeBytes + tailBytes.length
  const open = () => concatenated(headBytes, file, tailBytes)
  return {
    body: new StreamBody(open, length, `multipart/form-data; boundary=${boundary}`),
    headBytes: headBytes.length
  }
}

/** Large reads: fewer, larger writes keep throughput near the disk's and the socket's. */
const READ_CHUNK_BYTES = 256 * 1024

/**
 * The head, the file and the tail as one stream: the file piped through with backpressure, no
 * per-chunk promise or copy. A file that is not `sizeBytes` long when read fails the stream
 * (Content-Length would lie), with code EFILECHANGED.
 */
function concatenated(head: Buffer, file: FilePart, tail: Buffer): Readable {
  const out = new PassThrough({ highWaterMark: READ_CHUNK_BYTES })
  const source = createReadStream(file.path, { highWaterMark: READ_CHUNK_BYTES })
  let read = 0
  out.write(head)
  source.on('data', (chunk: Buffer | string) => {
    read += chunk.length
  })
  source.on('error', (error) => out.destroy(error))
  source.on('end', () => {
    if (read !== file.sizeBytes) {
      out.destroy(
        Object.assign(new Error('the file changed size while it was being sent'), {
          code: 'EFILECHANGED'
        })
      )
      return
    }
    out.end(tail)
  })
  out.on('close', () => source.destroy())
  source.pipe(out, { end: false })
  return out
}
