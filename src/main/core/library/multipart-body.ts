/**
 * A multipart/form-data body that streams a file from disk: the text fields, the file part read
 * chunk by chunk, the closing boundary. Its exact length is known up front (Content-Length, and
 * the progress total), and every send opens the file afresh (`StreamBody`), so a retry after a
 * token refresh sends it whole again. Memory stays flat whatever the file's size.
 */
import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import { recycledFileStream, StreamBody } from '../http'

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

/**
 * Large reads (fewer, larger writes keep throughput near the disk's and the socket's), into a small
 * ring of reused buffers: no fresh buffer per read, so a 500 MB upload makes no 500 MB of garbage.
 */
const READ_CHUNK_BYTES = 256 * 1024

/**
 * The head, the file and the tail as one stream. A file that is not `sizeBytes` long when read
 * fails the stream (Content-Length would lie), with code EFILECHANGED.
 */
function concatenated(head: Buffer, file: FilePart, tail: Buffer): Readable {
  return recycledFileStream(file.path, {
    prefix: head,
    suffix: tail,
    expectedBytes: file.sizeBytes,
    chunkBytes: READ_CHUNK_BYTES
  })
}
