import { stat } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { recycledFileStream } from './recycled-file-stream'
import { StreamBody } from './request-body'

/**
 * A multipart/form-data body (RFC 7578) with text fields and one file, streamed from disk: its
 * exact length is known up front, so upload progress has a total and the file is never read into
 * memory. Every send opens the file again (StreamBody).
 */
export async function multipartFileBody(options: {
  fields?: Record<string, string>
  fileField: string
  fileName: string
  filePath: string
  fileType?: string
}): Promise<StreamBody> {
  const boundary = `----printdock-${randomBytes(12).toString('hex')}`
  const quoted = (value: string) => value.replace(/["\\\r\n]/g, '_')
  let head = ''
  for (const [name, value] of Object.entries(options.fields ?? {})) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(options.fileField)}"; ` +
    `filename="${quoted(options.fileName)}"\r\n` +
    `Content-Type: ${options.fileType ?? 'application/octet-stream'}\r\n\r\n`
  const tail = `\r\n--${boundary}--\r\n`
  const headBytes = Buffer.from(head, 'utf8')
  const tailBytes = Buffer.from(tail, 'utf8')
  const { size } = await stat(options.filePath)
  return new StreamBody(
    () =>
      recycledFileStream(options.filePath, {
        prefix: headBytes,
        suffix: tailBytes,
        expectedBytes: size
      }),
    headBytes.length + size + tailBytes.length,
    `multipart/form-data; boundary=${boundary}`
  )
}
