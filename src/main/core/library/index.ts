/** The G-code library (issue 10): Obico files and folders, the upload queue, print from the library. */
export { LibraryService, type LibraryServiceDeps } from './library-service'
export { UploadQueue, type UploadRequest } from './upload-queue'
export { ObicoLibraryClient, type SendAuthorized } from './obico-library-client'
export { inspectGcode, type InspectGcode, type GcodeFacts } from './gcode-check'
export { findPrinter } from './print-from-library'
export { formatBytes } from './sizes'
export { FREE_PLAN_BYTES, PRO_PLAN_BYTES } from './upload-limit'
export { ThumbnailCache } from './thumbnail-cache'
