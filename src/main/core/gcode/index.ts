/**
 * G-code files, read locally before anything is sent (issue 10, decision 0021). Plain TypeScript:
 * the app, the CLI and the tests share it.
 */
export { HEAD_BYTES, MAX_HEAD_BYTES, readGcodeMetadata, TAIL_BYTES } from './metadata'
export type { ReadGcodeMetadataOptions } from './metadata'
export {
  BGCODE_NOT_ACCEPTED,
  checkTextGcode,
  sniffGcode,
  SNIFF_BYTES,
  TextGcodeGuard
} from './sniff'
export type { GcodeSniff } from './sniff'
export type {
  GcodeKind,
  GcodeMetadata,
  GcodePreview,
  GcodeThumbnail,
  SlicerName,
  ThumbnailFormat
} from '../../../shared/models/gcode'
