/** The one HTTP client of core: the public surface of `core/http`. */
export * from './http-client'
export { fileBody, StreamBody, type RequestBody } from './request-body'
export { multipartFileBody } from './multipart-body'
export { recycledFileStream } from './recycled-file-stream'
