import { randomBytes } from 'node:crypto'
import { request } from 'node:http'

/**
 * A streaming multipart/form-data client for the fake's upload tests and benchmark: the file
 * part is written chunk by chunk from an async iterable, so nothing large is held in memory.
 */

/** One upload request. */
export interface StreamingUpload {
  url: string
  headers?: Record<string, string>
  /** Text fields, written before the file part (in order). */
  fields?: Record<string, string>
  /** The `file` part's content; omit to send no file part. */
  file?: AsyncIterable<Buffer> | Iterable<Buffer>
  /** Text fields written after the file part. */
  trailingFields?: Record<string, string>
  /** Stop writing after this many body bytes and destroy the socket (a client-side reset). */
  abortAfterBytes?: number
}

/** The server's answer. */
export interface UploadResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Sends a multipart upload with chunked transfer encoding and resolves with the response. */
export function streamMultipartUpload(upload: StreamingUpload): Promise<UploadResult> {
  const boundary = `----printdock${randomBytes(12).toString('hex')}`
  const url = new URL(upload.url)
  return new Promise<UploadResult>((resolve, reject) => {
    const req = request(
      {
        method: 'POST',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { ...upload.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    let sent = 0
    const write = async (chunk: Buffer): Promise<boolean> => {
      if (upload.abortAfterBytes !== undefined && sent + chunk.length > upload.abortAfterBytes) {
        req.write(chunk.subarray(0, Math.max(0, upload.abortAfterBytes - sent)))
        sent = upload.abortAfterBytes
        setTimeout(() => req.destroy(new Error('aborted by test')), 50)
        return false
      }
      sent += chunk.length
      if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', () => r()))
      return true
    }
    const field = (name: string, value: string) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
      )
    void (async () => {
      try {
        for (const [k, v] of Object.entries(upload.fields ?? {}))
          if (!(await write(field(k, v)))) return
        if (upload.file) {
          const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.gcode"\r\nContent-Type: application/octet-stream\r\n\r\n`
          if (!(await write(Buffer.from(head)))) return
          for await (const chunk of upload.file) if (!(await write(chunk))) return
          if (!(await write(Buffer.from('\r\n')))) return
        }
        for (const [k, v] of Object.entries(upload.trailingFields ?? {}))
          if (!(await write(field(k, v)))) return
        if (!(await write(Buffer.from(`--${boundary}--\r\n`)))) return
        req.end()
      } catch (error) {
        req.destroy(error as Error)
      }
    })()
  })
}

/** Generates `totalBytes` of G-code-like text in chunks of about `chunkBytes`, without keeping it. */
export function* generateGcode(totalBytes: number, chunkBytes = 64 * 1024): Generator<Buffer> {
  let produced = 0
  let line = 0
  const header = Buffer.from(
    ';FLAVOR:Marlin\n;TIME:7200\n;Filament used: 4.2m\n;Generated with Cura_SteamEngine 5.7.0\n'
  )
  if (totalBytes <= header.length) {
    yield header.subarray(0, totalBytes)
    return
  }
  yield header
  produced += header.length
  while (produced < totalBytes) {
    let text = ''
    while (text.length < chunkBytes) {
      text += `G1 X${(line * 7) % 220}.${line % 10} Y${(line * 13) % 220}.${line % 7} E${(line * 0.0314).toFixed(4)}\n`
      line++
    }
    const chunk = Buffer.from(text).subarray(0, Math.min(chunkBytes, totalBytes - produced))
    produced += chunk.length
    yield chunk
  }
}
